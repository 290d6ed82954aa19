/** The workspace's document list as React state, refreshed on every index change. */
import { useEffect, useState } from 'react';
import type { DocumentSummary, LocalWorkspace } from '../documents/local-workspace.js';

/** Every document of `workspace`, archived ones included. */
export function useWorkspaceList(workspace: LocalWorkspace): DocumentSummary[] {
  const [list, setList] = useState(() => workspace.list());
  useEffect(() => {
    setList(workspace.list());
    return workspace.subscribe(() => setList(workspace.list()));
  }, [workspace]);
  return list;
}
