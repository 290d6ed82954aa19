/**
 * Events main pushes to the UI (`EntenteEvents` in the contract). Every payload is parsed with
 * its schema before it is sent: the UI trusts event payloads as typed, so main must not send
 * anything else, even by mistake.
 */
import type { z } from 'zod';
import {
  channelName,
  type EventName,
  type Namespace,
  type PayloadOf,
} from '../../shared/ipc/contract.js';
import { EVENT_SCHEMAS } from '../../shared/ipc/validate.js';

/** Sends one message on a channel (the composition root binds it to `webContents.send`). */
export type ChannelSender = (channel: string, payload: unknown) => void;

/** Sends a typed, validated contract event. */
export type EmitEvent = <N extends Namespace, E extends EventName<N>>(
  namespace: N,
  event: E,
  payload: PayloadOf<N, E>,
) => void;

/** An {@link EmitEvent} over `send`; throws (and sends nothing) on an invalid payload. */
export function createEventEmitter(send: ChannelSender): EmitEvent {
  return (namespace, event, payload) => {
    // Same erasure as in register.ts: the table is typed per event where it is written.
    const schema = (EVENT_SCHEMAS[namespace] as Record<string, z.ZodType<unknown>>)[event];
    if (schema === undefined) throw new Error(`no schema for ${channelName(namespace, event)}`);
    send(channelName(namespace, event), schema.parse(payload));
  };
}
