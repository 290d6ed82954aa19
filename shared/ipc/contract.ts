/**
 * The bridge contract between the UI and the desktop shell (STYLE rules 3–5): the single source
 * of truth for what the renderer may ask main to do. Three parties conform to it:
 *
 * - main implements each namespace as an object that `satisfies NamespaceHandlers<N>`
 *   (`main/ipc/handlers/*.ts`), registered on `entente:<namespace>:<member>` channels by
 *   `main/ipc/register.ts`, which validates the sender and every argument with `validate.ts`;
 * - the preload builds an {@link EntenteBridge} from {@link CONTRACT_SHAPE} and exposes it as
 *   `window.entente` (`main/preload/`);
 * - the web build implements the same {@link EntenteBridge} with browser APIs
 *   (`renderer/bridge/web-bridge.ts`), so the UI never knows which shell it runs in.
 *
 * This file has no runtime dependency (no zod): the preload imports it, and a sandboxed preload
 * must stay small and self-contained.
 *
 * To add a method: add it to {@link EntenteMethods} (or an event to {@link EntenteEvents}), then
 * to {@link CONTRACT_SHAPE}, `METHOD_SCHEMAS`/`EVENT_SCHEMAS` in `validate.ts`, and main's
 * handler. The compiler refuses to build until all four agree.
 */
import type { OpenLinkTarget } from './links.js';

/** Re-exported so the UI can take every contract type from this one module. */
export type { OpenLinkTarget } from './links.js';

/** Every bridge channel starts with this; the preload and main refuse anything else. */
export const CHANNEL_PREFIX = 'entente:';

/** Cancels an event subscription. */
export type Unsubscribe = () => void;

/** A method of the contract: its argument tuple and its result. */
export interface Method<Args extends unknown[], Result> {
  /** Positional arguments, structured-clone data only. */
  readonly args: Args;
  /** Resolved value, structured-clone data only. */
  readonly result: Result;
}

/** Where the UI runs: an Electron platform, or `web` for the browser build. */
export type AppPlatform = 'darwin' | 'win32' | 'linux' | 'other' | 'web';

/** What the UI may show about the running application. */
export interface AppInfo {
  /** Product name. */
  readonly name: string;
  /** Application version (package.json). */
  readonly version: string;
  /** Operating system family, or `web`. */
  readonly platform: AppPlatform;
  /** BCP 47 locale of the user interface, e.g. `fr-FR`. */
  readonly locale: string;
}

/** User settings kept by the shell. */
export interface Settings {
  /** The relay documents sync through (`wss:`; see `relay-url.ts`), or null when none is set. */
  readonly relayUrl: string | null;
  /** Workspace id opened last, reopened at start, or null. */
  readonly lastWorkspace: string | null;
}

/** A partial update of {@link Settings}; absent keys are left unchanged. */
export type SettingsPatch = { readonly [K in keyof Settings]?: Settings[K] };

/**
 * What became of a relay change. `declined`: the user refused it in the shell's own dialog
 * (a relay widens what the app may connect to, so only the user can approve one).
 */
export type RelayChange = 'unchanged' | 'applied' | 'declined';

/** Result of `settings.set`. */
export interface SettingsUpdate {
  /** The settings now in force. */
  readonly settings: Settings;
  /** What happened to a requested relay change. */
  readonly relayChange: RelayChange;
  /**
   * True when the page must reload before it may connect to the new relay: in Electron the
   * Content-Security-Policy allowing it is sent with the page, so it applies from the next load.
   */
  readonly reloadRequired: boolean;
}

/** Free space where local documents are stored. */
export interface DiskStatus {
  /** Bytes available to the user on the volume holding the app's data. */
  readonly freeBytes: number;
  /** Size of that volume in bytes. */
  readonly totalBytes: number;
  /**
   * True when free space is low enough to put local data at risk (Chromium may reset IndexedDB
   * on a full disk): the UI must warn and suggest syncing.
   */
  readonly lowSpace: boolean;
}

/** Request/response methods, by namespace. */
export interface EntenteMethods {
  /** The application itself. */
  app: {
    /** Name, version, platform and locale. */
    getInfo: Method<[], AppInfo>;
    /**
     * Opens a link in the system browser or mail client. Only `https:` and `mailto:` URLs are
     * opened; resolves false when the URL was refused.
     */
    openExternal: Method<[url: string], boolean>;
    /**
     * Reports how many local changes this window has not yet sent to the relay (0 when all are
     * synced), so the shell can warn before quitting. Call it whenever the number changes.
     */
    setUnsyncedCount: Method<[count: number], void>;
  };
  /** User settings. */
  settings: {
    /** The current settings. */
    get: Method<[], Settings>;
    /** Updates some settings; a new relay is applied only if the user approves it. */
    set: Method<[patch: SettingsPatch], SettingsUpdate>;
  };
  /** Local storage health. */
  storage: {
    /** Free space on the volume holding local documents. */
    getDiskStatus: Method<[], DiskStatus>;
  };
  /** `entente://` links. */
  links: {
    /**
     * The link that launched or reached the app before the UI listened, once; null when none.
     * Subscribe to `onOpenLink` first, then call this: later links arrive as events.
     */
    takePendingLink: Method<[], OpenLinkTarget | null>;
  };
}

/** A namespace of the contract. */
export type Namespace = keyof EntenteMethods;

type NoEvents = Record<never, never>;

/** Why the app came back from a pause the network connections may not have survived. */
export interface ResumeEvent {
  /** `resume`: the computer woke from sleep; `unlock-screen`: the session was unlocked. */
  readonly reason: 'resume' | 'unlock-screen';
}

/** Events pushed to the UI, by namespace: event name → payload. */
export interface EntenteEvents {
  /** The application. */
  app: {
    /**
     * The computer woke up (or the session was unlocked): sockets may be dead without knowing
     * it, so the sync engine reconnects at once rather than when its backoff says.
     */
    onResume: ResumeEvent;
  };
  /** No events. */
  settings: NoEvents;
  /** No events. */
  storage: NoEvents;
  /** `entente://` links. */
  links: {
    /** A link was opened while the app runs (or after `takePendingLink`). */
    onOpenLink: OpenLinkTarget;
  };
}

/** Method names of a namespace. */
export type MethodName<N extends Namespace> = keyof EntenteMethods[N] & string;
/** Event names of a namespace. */
export type EventName<N extends Namespace> = keyof EntenteEvents[N] & string;

type MethodOf<N extends Namespace, M extends MethodName<N>> =
  EntenteMethods[N][M] extends Method<infer A, infer R> ? Method<A, R> : never;

/** Argument tuple of a method. */
export type ArgsOf<N extends Namespace, M extends MethodName<N>> = MethodOf<N, M>['args'];
/** Result of a method. */
export type ResultOf<N extends Namespace, M extends MethodName<N>> = MethodOf<N, M>['result'];
/** Payload of an event. */
export type PayloadOf<N extends Namespace, E extends EventName<N>> = EntenteEvents[N][E];

/** One namespace as the UI sees it: methods return promises, events take a listener. */
export type BridgeNamespace<N extends Namespace> = {
  readonly [M in MethodName<N>]: (...args: ArgsOf<N, M>) => Promise<ResultOf<N, M>>;
} & {
  readonly [E in EventName<N>]: (listener: (payload: PayloadOf<N, E>) => void) => Unsubscribe;
};

/**
 * The bridge the UI uses: `window.entente` in Electron, the web implementation in a browser.
 * Both are declared `satisfies EntenteBridge` (or returned as one) and type-tested.
 */
export type EntenteBridge = { readonly [N in Namespace]: BridgeNamespace<N> };

/** Who called a handler; main fills it in after validating the sender. */
export interface CallContext {
  /** Id of the calling web contents (one per window), stable for the window's lifetime. */
  readonly senderId: number;
}

/** Main's implementation of one namespace: each method gets the call context, then its args. */
export type NamespaceHandlers<N extends Namespace> = {
  readonly [M in MethodName<N>]: (
    context: CallContext,
    ...args: ArgsOf<N, M>
  ) => ResultOf<N, M> | Promise<ResultOf<N, M>>;
};

/** Main's implementation of the whole contract. */
export type ContractHandlers = { readonly [N in Namespace]: NamespaceHandlers<N> };

type ContractShape = {
  readonly [N in Namespace]: {
    readonly methods: { readonly [M in MethodName<N>]: true };
    readonly events: { readonly [E in EventName<N>]: true };
  };
};

/**
 * The contract at run time: every namespace with its method and event names. `satisfies` makes
 * it exhaustive (a method missing here, or listed here but not in the types, fails to compile),
 * so the preload, main and the schemas are all built from the same list.
 */
export const CONTRACT_SHAPE = {
  app: {
    methods: { getInfo: true, openExternal: true, setUnsyncedCount: true },
    events: { onResume: true },
  },
  settings: { methods: { get: true, set: true }, events: {} },
  storage: { methods: { getDiskStatus: true }, events: {} },
  links: { methods: { takePendingLink: true }, events: { onOpenLink: true } },
} as const satisfies ContractShape;

/** Every namespace, in a stable order. */
export const NAMESPACES = Object.freeze(Object.keys(CONTRACT_SHAPE) as Namespace[]);

/** Method names of a namespace, at run time. */
export function methodsOf<N extends Namespace>(namespace: N): readonly MethodName<N>[] {
  return Object.keys(CONTRACT_SHAPE[namespace].methods) as MethodName<N>[];
}

/** Event names of a namespace, at run time. */
export function eventsOf<N extends Namespace>(namespace: N): readonly EventName<N>[] {
  return Object.keys(CONTRACT_SHAPE[namespace].events) as EventName<N>[];
}

/** The IPC channel of a method or event: `entente:<namespace>:<member>`. */
export function channelName(namespace: Namespace, member: string): string {
  return `${CHANNEL_PREFIX}${namespace}:${member}`;
}

/** A channel of the contract, with what it carries. */
export interface ChannelInfo {
  /** `entente:<namespace>:<member>`. */
  readonly channel: string;
  /** Its namespace. */
  readonly namespace: Namespace;
  /** Method or event name. */
  readonly member: string;
  /** Whether the renderer invokes it or main pushes on it. */
  readonly kind: 'method' | 'event';
}

/** Every channel of the contract. */
export const CHANNELS: readonly ChannelInfo[] = Object.freeze(
  NAMESPACES.flatMap((namespace) => [
    ...methodsOf(namespace).map((member) => channelInfo(namespace, member, 'method')),
    ...eventsOf(namespace).map((member) => channelInfo(namespace, member, 'event')),
  ]),
);

const BY_CHANNEL = new Map(CHANNELS.map((info) => [info.channel, info]));

/** The contract channel named `channel`, or undefined when it is not one. */
export function channelInfoOf(channel: string): ChannelInfo | undefined {
  return BY_CHANNEL.get(channel);
}

function channelInfo(namespace: Namespace, member: string, kind: ChannelInfo['kind']) {
  return Object.freeze({ channel: channelName(namespace, member), namespace, member, kind });
}
