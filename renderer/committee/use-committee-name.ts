/**
 * A committee's name as every screen shows it: its display name from its index
 * (`shared/schema/committee-profile.ts`), or "Comité « id »" while none is set (a committee
 * created before names existed, or whose index has not synced yet).
 */
import { useEffect, useState } from 'react';
import type { Committee } from '../app/workspaces.js';
import { useI18n } from '../i18n/i18n-context.js';

/** The display name of `committee` (null when none is set), following its changes. */
export function useCommitteeName(committee: Committee | null): string | null {
  const workspace = committee?.workspace ?? null;
  const [name, setName] = useState(() => workspace?.displayName() ?? null);
  useEffect(() => {
    if (workspace === null) {
      setName(null);
      return;
    }
    const update = (): void => setName(workspace.displayName());
    update();
    return workspace.subscribeProfile(update);
  }, [workspace]);
  return name;
}

/** The committee's label: its display name, or "Comité « id »". */
export function useCommitteeLabel(committee: Committee | null): string {
  const { t } = useI18n();
  const name = useCommitteeName(committee);
  if (committee === null) return t('home.title');
  return name ?? t('committee.title', { workspace: committee.membership.claims.ws });
}
