import type { PreparedFile, ReadyFile } from './file-importer.js';

/**
 * The files ready to be written, in their order, grouped so that each group holds about `certificates` certificates:
 * a file is never split, so a group may go over by one file's certificates (a file holds at most
 * UPLOAD_MAX_CERTIFICATES_PER_FILE).
 */
export function writeBatches(files: readonly PreparedFile[], certificates: number): ReadyFile[][] {
  const batches: ReadyFile[][] = [];
  let current: ReadyFile[] = [];
  let held = 0;
  for (const { ready } of files) {
    if (!ready) continue;
    current.push(ready);
    held += ready.certificates.length;
    if (held >= certificates) {
      batches.push(current);
      current = [];
      held = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
