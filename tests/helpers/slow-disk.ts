/**
 * A real slow disk for tests: the server process in a block-I/O cgroup whose writes to the
 * data folder's disk are throttled to a few per second (root). Every write succeeds, but late,
 * as on a worn SD card or busy network storage.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CGROUP = '/sys/fs/cgroup';
const BLKIO = join(CGROUP, 'blkio');

/**
 * A cgroup whose writes to one disk are throttled: cgroup v1's blkio controller, or v2's io
 * controller (io.max) where the unified hierarchy is mounted.
 */
export interface Throttle {
  enter(pid: number): void;
  set(disk: string, writesPerSecond: number | null): void;
  remove(pid: number | undefined): void;
}

export function throttleGroup(name: string): Throttle {
  if (existsSync(join(BLKIO, 'cgroup.procs'))) {
    const dir = join(BLKIO, name);
    mkdirSync(dir, { recursive: true });
    return {
      enter: (pid) => writeFileSync(join(dir, 'cgroup.procs'), String(pid)),
      set: (disk, wps) => writeFileSync(join(dir, 'blkio.throttle.write_iops_device'), `${disk} ${wps ?? 0}`),
      remove: (pid) => {
        if (pid !== undefined) writeFileSync(join(BLKIO, 'cgroup.procs'), String(pid));
        rmdirSync(dir);
      },
    };
  }
  if (existsSync(join(CGROUP, 'cgroup.controllers'))) {
    if (!readFileSync(join(CGROUP, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('io')) throw new Error('this test needs the cgroup v2 io controller');
    writeFileSync(join(CGROUP, 'cgroup.subtree_control'), '+io');
    const dir = join(CGROUP, name);
    mkdirSync(dir, { recursive: true });
    return {
      enter: (pid) => writeFileSync(join(dir, 'cgroup.procs'), String(pid)),
      set: (disk, wps) => writeFileSync(join(dir, 'io.max'), `${disk} wiops=${wps ?? 'max'}`),
      remove: (pid) => {
        if (pid !== undefined) writeFileSync(join(CGROUP, 'cgroup.procs'), String(pid));
        rmdirSync(dir);
      },
    };
  }
  throw new Error(`this test needs a block-I/O cgroup controller (cgroup v1 blkio at ${BLKIO} or cgroup v2 io at ${CGROUP})`);
}

/** "major:minor" of the whole disk that holds `dir` (a partition's parent disk). */
export function diskOf(dir: string): string {
  const dev = statSync(dir).dev;
  const major = Math.floor(dev / 256) & 0xfff;
  const minor = (dev & 0xff) | (Math.floor(dev / 4096) & 0xfff00);
  const sys = `/sys/dev/block/${major}:${minor}`;
  if (!existsSync(sys)) throw new Error(`the data folder ${dir} is not on a block device (${major}:${minor}); this test needs a real disk`);
  return existsSync(join(sys, 'partition')) ? readFileSync(join(sys, '..', 'dev'), 'utf8').trim() : `${major}:${minor}`;
}
