/**
 * A committee's name as every screen shows it: its display name from its index
 * (`shared/schema/committee-profile.ts`), or "Comité « id »" while none is set (a committee
 * created before names existed, or whose index has not synced yet).
 */
import { useEffect, useState } from 'react';
import type { Committee } from '../app/workspaces.js';
import type { Translate } from '../i18n/translator.js';

/** The label of workspace `id` whose display name is `name` (null: none set). */
export function committeeLabel(t: Translate, id: string, name: string | null): string {
  return name ?? t('committee.title', { workspace: id });
}

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
