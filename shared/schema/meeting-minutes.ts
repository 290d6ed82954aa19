/**
 * The minutes of a meeting belong to its agenda: one per agenda, whoever prepares them. Their
 * document id is derived from the agenda's, so two members of the secretariat who both click
 * "prepare the minutes" — at the same time, or offline on a train — open the same room, and the
 * template seeded on both (`seedDocument`, keyed by the room) appears once after sync.
 */
import { isValidId } from '../model/room-name.js';
import { normalizeTitle } from './doc-schema.js';

/** Prefix of a minutes id (`cr-<agenda id>`). */
const MINUTES_PREFIX = 'cr-';

/** Longest document id (`room-name.ts`). */
const MAX_ID_LENGTH = 64;

/** 32-bit FNV-1a of `text`, in base 36: short, stable, enough to tell long agenda ids apart. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/**
 * The id of the minutes of agenda `agendaId`: `cr-<agendaId>`, or, when that would exceed the
 * id length limit, a cut of it followed by a hash of the whole agenda id. Throws on an invalid id.
 */
export function minutesIdFor(agendaId: string): string {
  if (!isValidId(agendaId)) throw new Error(`invalid agenda id ${JSON.stringify(agendaId)}`);
  const plain = `${MINUTES_PREFIX}${agendaId}`;
  if (plain.length <= MAX_ID_LENGTH) return plain;
  const hash = shortHash(agendaId);
  return `${plain.slice(0, MAX_ID_LENGTH - hash.length - 1)}-${hash}`;
}

/**
 * The title of the minutes of an agenda titled `agendaTitle`: "Ordre du jour – séance du 6
 * octobre" becomes "Compte rendu – séance du 6 octobre"; any other title is kept after
 * "Compte rendu de séance – ".
 */
export function minutesTitle(agendaTitle: string): string {
  const title = normalizeTitle(agendaTitle);
  const rest = /^ordre du jour(?=$|[\s\-–—:,])/i.exec(title);
  if (rest !== null) {
    const tail = title.slice(rest[0].length).trim();
    return normalizeTitle(tail.length === 0 ? 'Compte rendu de séance' : `Compte rendu ${tail}`);
  }
  return normalizeTitle(
    title.length === 0 ? 'Compte rendu de séance' : `Compte rendu de séance – ${title}`,
  );
}
