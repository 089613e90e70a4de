import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import type { ServerProcess } from './server-process';

/**
 * Fills the disk under a server started on its own tmpfs (ServerProcess's tmpfsDataSize) with a
 * file until no byte is left: the server's next write to its log fails. Answers the way back:
 * a function that deletes the file again.
 */
export function fillDisk(server: ServerProcess): () => void {
  const filler = server.dataPath('filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return () => rmSync(filler);
}
