/**
 * What the sidebar shows of each workspace — its documents not archived and its display
 * name — read once per change of its index, however many rows (tree, recent documents) use
 * it: `LocalWorkspace.list()` parses and sorts the whole index.
 */
import { useEffect, useState } from 'react';
import type { DocumentSummary, LocalWorkspace } from '../documents/local-workspace.js';

/** One workspace as the sidebar shows it. */
export interface WorkspaceView {
  /** Its documents, archived ones left out, in `list()` order. */
  readonly documents: readonly DocumentSummary[];
  /** Its display name, null when none is set (always for "Mon espace"). */
  readonly name: string | null;
}

function viewOf(workspace: LocalWorkspace): WorkspaceView {
  return {
    documents: workspace.list().filter((entry) => !entry.archived),
    name: workspace.displayName(),
  };
}

/** The view of each of `workspaces` by id, following their changes; pass a stable array. */
export function useWorkspaceViews(
  workspaces: readonly LocalWorkspace[],
): ReadonlyMap<string, WorkspaceView> {
  const [views, setViews] = useState(() => new Map(workspaces.map((w) => [w.id, viewOf(w)])));
  useEffect(() => {
    setViews(new Map(workspaces.map((w) => [w.id, viewOf(w)])));
    const stops = workspaces.flatMap((workspace) => {
      const update = (): void =>
        setViews((before) => new Map(before).set(workspace.id, viewOf(workspace)));
      return [workspace.subscribe(update), workspace.subscribeProfile(update)];
    });
    return () => stops.forEach((stop) => stop());
  }, [workspaces]);
  return views;
}
