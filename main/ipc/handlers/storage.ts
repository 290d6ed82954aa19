/**
 * `storage` namespace: free space where local documents live.
 */
import type { NamespaceHandlers } from '../../../shared/ipc/contract.js';
import { getDiskStatus } from '../../services/disk-status.js';

/** The `storage` namespace, reporting on the volume of `dataFolder` (Electron's userData). */
export function createStorageHandlers(dataFolder: string) {
  return {
    getDiskStatus: () => getDiskStatus(dataFolder),
  } satisfies NamespaceHandlers<'storage'>;
}
