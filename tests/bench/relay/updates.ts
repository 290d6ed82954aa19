/**
 * Pre-made Yjs updates for load generators. Each writer owns a doc with a fixed client id and
 * appends one character at a time to `Y.Text('t')`; update i is exactly what Yjs would emit for
 * that append. Encoding them by hand costs well under a microsecond each, where running Yjs costs
 * ~11 µs per update: the generators would otherwise spend seconds of CPU making their load.
 * `checkAgainstYjs` compares the hand-made bytes with Yjs's own before a run relies on them.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Name of the text every generated update appends to. */
export const TEXT_NAME = 't';

/** The character update `i` appends (a–z repeating, so a wrong order shows in the text). */
export function charAt(i: number): string {
  return String.fromCharCode(97 + (i % 26));
}

/** The text a doc holds after updates 0..count-1 of one writer. */
export function expectedText(count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += charAt(i);
  return text;
}

/** Wraps an update in a sync-update message: `[0 (sync), 2 (update), varUint8Array(update)]`. */
export function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** One writer's sequence of append updates. */
export class AppendSequence {
  private readonly first: Uint8Array;

  constructor(
    /** Yjs client id of the writer's doc (any value below 2^32 that no other writer uses). */
    readonly clientId: number,
  ) {
    // The first insert names its parent type, which later ones (with a left origin) do not: let
    // Yjs encode that one.
    const doc = new Y.Doc();
    doc.clientID = clientId;
    let first: Uint8Array | null = null;
    doc.on('update', (update: Uint8Array) => {
      first = update;
    });
    doc.getText(TEXT_NAME).insert(0, charAt(0));
    if (first === null) throw new Error('Yjs emitted no update');
    this.first = first;
  }

  /** Update `i`: the struct (client, i) holding `charAt(i)`, left origin (client, i-1). */
  update(i: number): Uint8Array {
    if (i === 0) return this.first;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1); // clients with structs
    encoding.writeVarUint(e, 1); // structs of this client
    encoding.writeVarUint(e, this.clientId);
    encoding.writeVarUint(e, i); // clock of the first struct
    encoding.writeUint8(e, 0x84); // info: has left origin (0x80) | ContentString (4)
    encoding.writeVarUint(e, this.clientId);
    encoding.writeVarUint(e, i - 1);
    encoding.writeVarString(e, charAt(i));
    encoding.writeVarUint(e, 0); // empty delete set
    return encoding.toUint8Array(e);
  }

  /** Update `i` as a sync-update message. */
  frame(i: number): Uint8Array {
    return syncUpdateFrame(this.update(i));
  }
}

/** Throws unless the first `count` hand-made updates equal, byte for byte, what Yjs emits. */
export function checkAgainstYjs(clientId: number, count = 300): void {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const fromYjs: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => fromYjs.push(update));
  const text = doc.getText(TEXT_NAME);
  for (let i = 0; i < count; i++) text.insert(i, charAt(i));
  const sequence = new AppendSequence(clientId);
  for (let i = 0; i < count; i++) {
    const ours = sequence.update(i);
    const theirs = fromYjs[i];
    if (theirs === undefined || Buffer.compare(Buffer.from(ours), Buffer.from(theirs)) !== 0)
      throw new Error(`hand-made update ${i} differs from Yjs's`);
  }
  // And the sequence applied by a fresh doc gives the expected text.
  const check = new Y.Doc();
  for (let i = 0; i < count; i++) Y.applyUpdate(check, sequence.update(i));
  if (check.getText(TEXT_NAME).toString() !== expectedText(count))
    throw new Error('hand-made updates do not rebuild the expected text');
}
