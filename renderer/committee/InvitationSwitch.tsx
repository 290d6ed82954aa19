/**
 * The confirmation a join link (or the join form) gets when it names a committee already joined
 * with another invitation: both side by side (`invitation-compare.ts`), and nothing replaced
 * until the member confirms AND the relay accepts the new one (`invitation-check.ts`). A refusal
 * or a relay that cannot be reached keeps the current invitation, and says so.
 *
 * A modal `<dialog>`: focus moves to its title when it opens, Tab stays inside, Escape and
 * "Garder l’actuelle" keep the current invitation; the browser gives focus back when it closes.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { CloseCode } from '../../shared/protocol/close-codes.js';
import { useI18n } from '../i18n/i18n-context.js';
import { languageTag, type MessageKey } from '../i18n/translator.js';
import { checkInvitation, type InvitationCheck } from './invitation-check.js';
import { compareInvitations, type InvitationValue } from './invitation-compare.js';
import type { Membership } from './membership.js';

/** Props of {@link InvitationSwitch}. */
export interface InvitationSwitchProps {
  /** The invitation the committee uses now. */
  readonly current: Membership;
  /** The one just opened, for the same workspace and relay. */
  readonly next: Membership;
  /** Replaces the invitation (called only once the relay accepted `next`). */
  readonly onSwitch: (next: Membership) => Promise<void>;
  /** Closes the dialog; `switched` tells whether the new invitation is now in use. */
  readonly onClose: (switched: boolean) => void;
  /** The committee's display name, when its index gave one. */
  readonly committeeName?: string | null;
  /** Asks the relay (tests may pass a slower or faster one); defaults to `checkInvitation`. */
  readonly check?: typeof checkInvitation;
}

/** The relay's reason for refusing, in the member's words (the raw reason otherwise). */
function whyRefused(
  result: Extract<InvitationCheck, { kind: 'refused' }>,
): [MessageKey, Record<string, string>?] {
  if (result.code === CloseCode.Forbidden) return ['switch.why.forbidden'];
  if (/signature/i.test(result.reason)) return ['switch.why.signature'];
  if (/expired/i.test(result.reason)) return ['switch.why.expired'];
  return ['switch.why.other', { reason: result.reason || String(result.code) }];
}

/**
 * Keeps Tab inside the dialog: from its last control to its first and back (a modal dialog
 * makes the page inert, but Tab would still leave it for the browser's own interface).
 */
function wrapFocus(dialog: HTMLDialogElement, event: KeyboardEvent<HTMLDialogElement>): void {
  const controls = [...dialog.querySelectorAll<HTMLElement>('button, [href], input')];
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (first === undefined || last === undefined) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !dialog.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}

type Phase =
  | { readonly kind: 'asking' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'failed'; readonly result: Exclude<InvitationCheck, { kind: 'accepted' }> };

/** The confirmation dialog. */
export function InvitationSwitch({
  current,
  next,
  onSwitch,
  onClose,
  committeeName,
  check = checkInvitation,
}: InvitationSwitchProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const abortRef = useRef<AbortController | null>(null);
  const actionRef = useRef<HTMLButtonElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'asking' });
  const comparison = useMemo(() => compareInvitations(current, next, Date.now()), [current, next]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    titleRef.current?.focus();
    return () => {
      abortRef.current?.abort();
      if (dialog.open) dialog.close();
    };
  }, []);

  useEffect(() => {
    // The buttons change with the outcome: focus goes to the one to press next.
    if (phase.kind === 'failed') actionRef.current?.focus();
  }, [phase]);

  const cancel = (): void => {
    abortRef.current?.abort();
    onClose(false);
  };

  const confirm = async (): Promise<void> => {
    if (phase.kind === 'checking') return;
    const abort = new AbortController();
    abortRef.current = abort;
    setPhase({ kind: 'checking' });
    const result = await check({
      relay: next.relay,
      workspace: next.claims.ws,
      token: next.token,
      signal: abort.signal,
    });
    if (abort.signal.aborted) return;
    if (result.kind !== 'accepted') {
      setPhase({ kind: 'failed', result });
      return;
    }
    try {
      await onSwitch(next);
    } catch {
      // Not replaced after all (storage refused it): the current invitation stays.
      setPhase({ kind: 'failed', result: { kind: 'unreachable', cause: 'network' } });
      return;
    }
    onClose(true);
  };

  const date = new Intl.DateTimeFormat(languageTag(locale), {
    dateStyle: 'long',
    timeStyle: 'short',
  });
  const show = (value: InvitationValue): string => {
    switch (value.kind) {
      case 'text':
        return value.text;
      case 'role':
        return t(`role.${value.role}`);
      case 'expiry':
        if (value.at === null) return t('switch.noExpiry');
        return value.past
          ? t('switch.expired', { date: date.format(value.at) })
          : date.format(value.at);
    }
  };

  const failed = phase.kind === 'failed' ? phase.result : null;
  return (
    <dialog
      ref={dialogRef}
      className="invitation-switch"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-intro`}
      data-invitation-switch={phase.kind}
      onCancel={(event) => {
        // Escape: our state decides what closes, not the browser.
        event.preventDefault();
        cancel();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Tab' && dialogRef.current !== null) wrapFocus(dialogRef.current, event);
      }}
    >
      <h2 id={`${id}-title`} ref={titleRef} tabIndex={-1}>
        {committeeName === undefined || committeeName === null
          ? t('switch.title', { workspace: next.claims.ws })
          : t('switch.titleNamed', { name: committeeName })}
      </h2>
      <p id={`${id}-intro`}>{t('switch.intro')}</p>
      <table className="invitation-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t('switch.field')}</span>
            </th>
            <th scope="col">{t('switch.current')}</th>
            <th scope="col">{t('switch.next')}</th>
          </tr>
        </thead>
        <tbody>
          {comparison.rows.map((row) => (
            <tr key={row.field} className={row.changed ? 'changed' : undefined}>
              <th scope="row">{t(`switch.field.${row.field}`)}</th>
              <td>{show(row.current)}</td>
              <td data-field={row.field}>
                {row.changed ? <strong>{show(row.next)}</strong> : show(row.next)}
                {row.changed ? <span className="badge">{t('switch.changed')}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {comparison.otherPerson ? <p className="warning">{t('switch.otherPerson')}</p> : null}
      <p role="status" className="switch-status">
        {phase.kind === 'checking' ? t('switch.checking') : null}
      </p>
      {failed !== null ? (
        <p role="alert" className="error" data-check-result={failed.kind}>
          {failed.kind === 'refused'
            ? t('switch.refused', { why: t(...whyRefused(failed)) })
            : t('switch.unreachable')}
        </p>
      ) : null}
      <div className="dialog-actions">
        {failed?.kind === 'refused' ? (
          <button type="button" ref={actionRef} onClick={cancel}>
            {t('switch.close')}
          </button>
        ) : (
          <>
            {/* aria-disabled, not disabled: a disabled button would drop the focus. */}
            <button
              type="button"
              className="primary"
              ref={actionRef}
              aria-disabled={phase.kind === 'checking'}
              onClick={() => void confirm()}
            >
              {failed?.kind === 'unreachable' ? t('switch.retry') : t('switch.confirm')}
            </button>
            <button type="button" onClick={cancel}>
              {t('switch.cancel')}
            </button>
          </>
        )}
      </div>
    </dialog>
  );
}
