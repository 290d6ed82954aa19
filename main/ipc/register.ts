/**
 * The only module that registers IPC handlers (STYLE rule 3; the composition root passes it
 * Electron's `ipcMain`). For every method of the contract it registers one handler on
 * `entente:<namespace>:<method>` that, in this order:
 *
 * 1. refuses the call unless it comes from the main frame of an app page (Electron security
 *    checklist, "Validate the sender of all IPC messages"; the rule is `isTrustedSender` in
 *    `main/windows/security.ts`);
 * 2. parses the argument tuple with the method's zod schema (`shared/ipc/validate.ts`), so a
 *    handler only ever sees arguments of its declared types — a compromised page can send
 *    anything;
 * 3. runs the handler with the caller's identity;
 * 4. parses the result with the result schema before it leaves main.
 *
 * Errors reaching the page are generic (`entente:settings:set failed`); the detail, which may
 * hold local paths, goes to `onError` in main only.
 */
import type { z } from 'zod';
import {
  NAMESPACES,
  channelName,
  methodsOf,
  type CallContext,
  type ContractHandlers,
  type Namespace,
} from '../../shared/ipc/contract.js';
import type { IpcInvokeEvent, IpcSenderFrame, MainIpc } from '../../shared/ipc/in-memory-ipc.js';
import { METHOD_SCHEMAS } from '../../shared/ipc/validate.js';

/** Why a call was refused or failed, for main's log. */
export type IpcProblem =
  'untrusted-sender' | 'invalid-arguments' | 'handler-failed' | 'invalid-result';

/** What the registration needs besides the handlers. */
export interface IpcRegistrationOptions {
  /** The sender rule (`isTrustedSender` from `main/windows/security.ts`). */
  readonly isTrustedSender: (frame: IpcSenderFrame | null) => boolean;
  /** Told about every refused or failed call. */
  readonly onError?: (channel: string, problem: IpcProblem, detail: string) => void;
}

/** A handler with its types erased: the schemas re-establish them at run time. */
type ErasedHandler = (context: CallContext, ...args: unknown[]) => unknown;
interface ErasedSchemas {
  readonly args: z.ZodType<unknown[]>;
  readonly result: z.ZodType<unknown>;
}

/** Thrown to the page; deliberately says nothing about why beyond the problem kind. */
export class IpcCallError extends Error {
  /** @param channel the channel called @param problem what went wrong */
  constructor(
    readonly channel: string,
    readonly problem: IpcProblem,
  ) {
    super(`${channel} ${problem === 'handler-failed' ? 'failed' : `refused: ${problem}`}`);
    this.name = 'IpcCallError';
  }
}

/** Registers every method of the contract; returns a function that unregisters them. */
export function registerIpc(
  ipc: MainIpc,
  handlers: ContractHandlers,
  options: IpcRegistrationOptions,
): () => void {
  const channels: string[] = [];
  for (const namespace of NAMESPACES) {
    for (const method of methodsOf(namespace)) {
      const channel = channelName(namespace, method);
      const { handler, schemas } = erased(handlers, namespace, method);
      ipc.handle(channel, (event, ...args) =>
        dispatch(channel, handler, schemas, options, event, args),
      );
      channels.push(channel);
    }
  }
  return () => {
    for (const channel of channels) ipc.removeHandler(channel);
  };
}

/**
 * NOTE: indexing the handler and schema tables with a loop variable loses the per-method types
 * (TypeScript cannot correlate `handlers[n][m]` with `METHOD_SCHEMAS[n][m]`). The tables are
 * each checked against the contract where they are written; here they are erased together, and
 * the zod parse on each side of the call restores the guarantee at run time.
 */
function erased(handlers: ContractHandlers, namespace: Namespace, method: string) {
  const handler = (handlers[namespace] as unknown as Record<string, ErasedHandler>)[method];
  const schemas = (METHOD_SCHEMAS[namespace] as unknown as Record<string, ErasedSchemas>)[method];
  if (handler === undefined || schemas === undefined) {
    throw new Error(`no handler or schema for ${channelName(namespace, method)}`);
  }
  // Bind to the namespace object so handler classes keep their `this`.
  return { handler: handler.bind(handlers[namespace]) as ErasedHandler, schemas };
}

async function dispatch(
  channel: string,
  handler: ErasedHandler,
  schemas: ErasedSchemas,
  options: IpcRegistrationOptions,
  event: IpcInvokeEvent,
  args: unknown[],
): Promise<unknown> {
  const fail = (problem: IpcProblem, detail: string): never => {
    options.onError?.(channel, problem, detail);
    throw new IpcCallError(channel, problem);
  };
  if (!options.isTrustedSender(event.senderFrame)) {
    fail('untrusted-sender', `frame ${event.senderFrame?.url ?? '(gone)'}`);
  }
  const parsedArgs = schemas.args.safeParse(args);
  if (!parsedArgs.success) return fail('invalid-arguments', parsedArgs.error.message);
  let result: unknown;
  try {
    result = await handler({ senderId: event.sender.id }, ...parsedArgs.data);
  } catch (error) {
    return fail(
      'handler-failed',
      error instanceof Error ? (error.stack ?? error.message) : String(error),
    );
  }
  const parsedResult = schemas.result.safeParse(result);
  if (!parsedResult.success) return fail('invalid-result', parsedResult.error.message);
  return parsedResult.data;
}
