/**
 * Who has the document open: one entry per awareness state, with the name and organisation the
 * relay wrote into it from each person's verified token (PROTOCOL.md, awareness). Nothing a
 * client claims about itself is shown for others.
 */
import { startTransition, useEffect, useId, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { useI18n } from '../i18n/i18n-context.js';
import { orgColor } from './org-color.js';

/** One person in the list. */
interface Person {
  readonly clientId: number;
  readonly name: string;
  readonly org: string;
  readonly self: boolean;
}

/** The `user` field of an awareness state, when it has a name and an organisation. */
export function awarenessUser(state: unknown): { name: string; org: string } | null {
  if (typeof state !== 'object' || state === null) return null;
  const user = (state as { user?: unknown }).user;
  if (typeof user !== 'object' || user === null) return null;
  const { name, org } = user as { name?: unknown; org?: unknown };
  return typeof name === 'string' && typeof org === 'string' ? { name, org } : null;
}

function people(awareness: Awareness, self: { name: string; org: string }): Person[] {
  const list: Person[] = [
    { clientId: awareness.clientID, name: self.name, org: self.org, self: true },
  ];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const user = awarenessUser(state);
    if (user !== null) list.push({ clientId, ...user, self: false });
  }
  return list;
}

function samePeople(a: readonly Person[], b: readonly Person[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i];
      return q !== undefined && p.clientId === q.clientId && p.name === q.name && p.org === q.org;
    })
  );
}

/** Props of {@link PresenceList}. */
export interface PresenceListProps {
  /** The document connection's awareness. */
  readonly awareness: Awareness;
  /** This user, as the token says (shown only for this user's own entry). */
  readonly self: { readonly name: string; readonly org: string };
}

/** The presence list. */
export function PresenceList({ awareness, self }: PresenceListProps) {
  const { t } = useI18n();
  const id = useId();
  const [list, setList] = useState(() => people(awareness, self));
  useEffect(() => {
    // Awareness changes with every caret move, ours included: re-render only when someone
    // comes, goes or is renamed, and after the keystroke that moved the caret is painted.
    const update = (): void => {
      const next = people(awareness, self);
      startTransition(() => setList((before) => (samePeople(before, next) ? before : next)));
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness, self]);
  return (
    <section className="presence" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('presence.title')}</h2>
      <ul className="presence-list">
        {list.map((person) => (
          <li key={person.clientId} data-presence-name={person.name}>
            <span
              className="presence-swatch"
              aria-hidden="true"
              style={{ backgroundColor: orgColor(person.org) }}
            />
            {t('presence.entry', { name: person.name, org: person.org })}
            {person.self ? ` ${t('presence.you')}` : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
