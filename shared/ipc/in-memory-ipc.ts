/**
 * A real in-memory IPC pair with Electron's semantics, so the preload's bridge and main's
 * registration are tested over a transport rather than against mocks of each other (the same
 * idea as the in-memory connector of STYLE rule 11).
 *
 * What it reproduces from Electron's `ipcRenderer.invoke` / `ipcMain.handle` / `webContents.send`:
 * - arguments, results and event payloads cross as structured clones (functions, class
 *   prototypes and symbols do not cross; a function argument rejects with a DataCloneError);
 * - delivery is asynchronous;
 * - one handler per channel (a second `handle` throws), no handler → the invoke rejects;
 * - a handler that throws rejects the invoke with `Error invoking remote method '<channel>': …`;
 * - every invoke carries an event with the sender's web contents id and frame (url, parent).
 *
 * The interfaces below are the subset of Electron's types that `main/ipc/register.ts` and
 * `main/preload/` use; Electron's `ipcMain` and the preload's `ipcRenderer` wrapper satisfy them.
 */
import type { Unsubscribe } from './contract.js';

// NOTE: `structuredClone` exists in every runtime we target (Node ≥ 17, Electron, browsers);
// `lib: ["ES2022"]` just does not declare it (see `url.ts` for why the declaration is local).
declare const structuredClone: <T>(value: T) => T;

/** The renderer side: what the preload wraps. */
export interface RendererIpc {
  /** Calls the handler registered on `channel` in main. */
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Listens to events main sends on `channel`; the IPC event object is never exposed. */
  on(channel: string, listener: (payload: unknown) => void): Unsubscribe;
}

/** The frame that sent an IPC message, as main sees it (Electron's `WebFrameMain`). */
export interface IpcSenderFrame {
  /** URL of the document in that frame. */
  readonly url: string;
  /** Parent frame; null for a window's main frame. */
  readonly parent: unknown;
}

/** The event main's handler receives with an invoke (Electron's `IpcMainInvokeEvent`). */
export interface IpcInvokeEvent {
  /** The calling web contents. */
  readonly sender: { readonly id: number };
  /** The calling frame; null when it has navigated away or been destroyed. */
  readonly senderFrame: IpcSenderFrame | null;
}

/** The main side of invoke/handle (Electron's `ipcMain`). */
export interface MainIpc {
  /** Registers the only handler of `channel`. */
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => unknown): void;
  /** Removes the handler of `channel`. */
  removeHandler(channel: string): void;
}

/** Who the in-memory renderer is, as main will see it. */
export interface InMemorySender {
  /** Web contents id. */
  readonly id: number;
  /** URL of the calling frame. */
  url: string;
  /** False to act as a sub-frame (an iframe) of the window. */
  isMainFrame: boolean;
}

/** Both ends of an in-memory IPC link between one renderer and main. */
export interface InMemoryIpc {
  /** Renderer end. */
  readonly renderer: RendererIpc;
  /** Main end. */
  readonly main: MainIpc;
  /** Main pushes an event to this renderer (Electron's `webContents.send`). */
  send(channel: string, payload: unknown): void;
  /** The sender identity main sees; mutable so tests can play a navigated or framed page. */
  readonly sender: InMemorySender;
}

type Handler = (event: IpcInvokeEvent, ...args: unknown[]) => unknown;

/** Creates a connected renderer/main pair. */
export function createInMemoryIpc(sender: Partial<InMemorySender> = {}): InMemoryIpc {
  const identity: InMemorySender = {
    id: sender.id ?? 1,
    url: sender.url ?? 'app://entente/index.html',
    isMainFrame: sender.isMainFrame ?? true,
  };
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const main: MainIpc = {
    handle(channel, listener) {
      if (handlers.has(channel)) {
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      }
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };

  const renderer: RendererIpc = {
    async invoke(channel, ...args) {
      const cloned = structuredClone(args);
      await Promise.resolve();
      const handler = handlers.get(channel);
      if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
      const frame: IpcSenderFrame = {
        url: identity.url,
        parent: identity.isMainFrame ? null : { url: 'app://entente/index.html' },
      };
      try {
        return structuredClone(
          await handler({ sender: { id: identity.id }, senderFrame: frame }, ...cloned),
        );
      } catch (error) {
        throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, {
          cause: error,
        });
      }
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      // Wrap so the same function can subscribe twice and unsubscribe each independently.
      const entry = (payload: unknown) => listener(payload);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };

  return {
    renderer,
    main,
    sender: identity,
    send(channel, payload) {
      const cloned = structuredClone(payload);
      void Promise.resolve().then(() => {
        for (const listener of [...(listeners.get(channel) ?? [])])
          listener(structuredClone(cloned));
      });
    },
  };
}
