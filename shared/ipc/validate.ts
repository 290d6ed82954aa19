/**
 * Run-time schemas for every method's arguments and result and every event's payload
 * (STYLE rule 3). Main parses each call's arguments with them before a handler runs, parses each
 * result before it leaves main, and parses each event payload before it is sent; the web bridge
 * may use them the same way.
 *
 * The tables are typed against `contract.ts`: a schema whose output does not fit the contract's
 * type, or a method without a schema, fails to compile. Schemas are strict (unknown object keys
 * are refused), because a payload that carries more than the contract says is a bug or an attack.
 */
import { z } from 'zod';
import { isValidId } from '../model/room-name.js';
import type {
  ArgsOf,
  EventName,
  MethodName,
  Namespace,
  PayloadOf,
  ResultOf,
  Settings,
} from './contract.js';
import { isJoinToken } from './links.js';
import { MAX_RELAY_URL_LENGTH, parseRelayUrl } from './relay-url.js';

/** Longest URL `app.openExternal` accepts; longer ones are refused before parsing. */
export const MAX_EXTERNAL_URL_LENGTH = 4096;

/** Largest unsynced-change count a window may report; any real count is far below. */
export const MAX_UNSYNCED_COUNT = 1_000_000_000;

/** A workspace or document id (`shared/model/room-name.ts`). */
export const idSchema = z.string().max(64).refine(isValidId, 'invalid id');

/** A relay URL, normalised (`relay-url.ts`). */
export const relayUrlSchema = z
  .string()
  .max(MAX_RELAY_URL_LENGTH)
  .transform((value, context) => {
    const relay = parseRelayUrl(value);
    if (relay.ok) return relay.url;
    context.addIssue({ code: 'custom', message: relay.reason });
    return z.NEVER;
  });

/** Complete settings, as returned by `settings.get` and stored on disk. */
export const settingsSchema: z.ZodType<Settings> = z.strictObject({
  relayUrl: relayUrlSchema.nullable(),
  lastWorkspace: idSchema.nullable(),
});

/** A partial settings update. */
export const settingsPatchSchema = z.strictObject({
  relayUrl: relayUrlSchema.nullable().optional(),
  lastWorkspace: idSchema.nullable().optional(),
});

/** An `entente://` link target (`links.ts`). */
export const openLinkTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('workspace'), workspace: idSchema }),
  z.strictObject({ kind: z.literal('document'), workspace: idSchema, document: idSchema }),
  z.strictObject({
    kind: z.literal('join'),
    relay: relayUrlSchema,
    token: z.string().refine(isJoinToken, 'invalid join token'),
  }),
]);

const byteCount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Schemas of one method. */
export interface MethodSchemas<N extends Namespace, M extends MethodName<N>> {
  /** The argument tuple, as received over IPC. */
  readonly args: z.ZodType<ArgsOf<N, M>>;
  /** The result, as sent back. */
  readonly result: z.ZodType<ResultOf<N, M>>;
}

type MethodSchemaTable = {
  readonly [N in Namespace]: { readonly [M in MethodName<N>]: MethodSchemas<N, M> };
};

type EventSchemaTable = {
  readonly [N in Namespace]: { readonly [E in EventName<N>]: z.ZodType<PayloadOf<N, E>> };
};

/** Argument and result schemas of every method. */
export const METHOD_SCHEMAS: MethodSchemaTable = {
  app: {
    getInfo: {
      args: z.tuple([]),
      result: z.strictObject({
        name: z.string().min(1).max(100),
        version: z.string().min(1).max(100),
        platform: z.enum(['darwin', 'win32', 'linux', 'other', 'web']),
        locale: z.string().min(1).max(100),
      }),
    },
    openExternal: {
      args: z.tuple([z.string().max(MAX_EXTERNAL_URL_LENGTH)]),
      result: z.boolean(),
    },
    setUnsyncedCount: {
      args: z.tuple([z.number().int().nonnegative().max(MAX_UNSYNCED_COUNT)]),
      result: z.void(),
    },
  },
  settings: {
    get: { args: z.tuple([]), result: settingsSchema },
    set: {
      args: z.tuple([settingsPatchSchema]),
      result: z.strictObject({
        settings: settingsSchema,
        relayChange: z.enum(['unchanged', 'applied', 'declined']),
        reloadRequired: z.boolean(),
      }),
    },
  },
  storage: {
    getDiskStatus: {
      args: z.tuple([]),
      result: z.strictObject({
        freeBytes: byteCount,
        totalBytes: byteCount,
        lowSpace: z.boolean(),
      }),
    },
  },
  links: {
    takePendingLink: { args: z.tuple([]), result: openLinkTargetSchema.nullable() },
  },
};

/** Payload schemas of every event. */
export const EVENT_SCHEMAS: EventSchemaTable = {
  app: { onResume: z.strictObject({ reason: z.enum(['resume', 'unlock-screen']) }) },
  settings: {},
  storage: {},
  links: { onOpenLink: openLinkTargetSchema },
};
