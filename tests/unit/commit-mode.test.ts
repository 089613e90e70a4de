import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../../server/config';
import { chooseCommitMode, probeFsync, SLOW_FSYNC_MS, type CommitThreadSetting, type FsyncProbe } from '../../server/store/commit-mode';

const probeOf = (medianMs: number): FsyncProbe => ({ medianMs, maxMs: medianMs * 3, writes: 16 });

describe('where the event log commits', () => {
  it.each<[CommitThreadSetting, number | null, boolean, RegExp]>([
    [true, null, true, /^RATSSAAL_COMMIT_THREAD=1$/],
    [false, null, false, /^RATSSAAL_COMMIT_THREAD=0$/],
    ['auto', 0.3, false, /^fsync 0\.3 ms$/],
    ['auto', SLOW_FSYNC_MS, false, /^fsync 4\.0 ms$/],
    ['auto', SLOW_FSYNC_MS + 0.1, true, /^fsync 4\.1 ms: langsamer Datenträger \/ slow storage$/],
    ['auto', 45, true, /slow storage/],
  ])('setting %s, median fsync %s ms: writer thread %s', (setting, median, thread, reason) => {
    let probed = 0;
    const mode = chooseCommitMode(setting, () => {
      probed += 1;
      return probeOf(median ?? 0);
    });
    expect(mode.thread).toBe(thread);
    expect(mode.reason).toMatch(reason);
    // the disk is timed only when the server has to decide by itself
    expect(probed).toBe(setting === 'auto' ? 1 : 0);
  });

  it('a probe that fails (a full disk) chooses the writer thread and says why; the server still starts', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const mode = chooseCommitMode('auto', () => {
      throw full;
    });
    expect(mode).toEqual({ thread: true, reason: 'fsync nicht messbar / could not time fsync: ENOSPC' });
  });

  it.each<[string | undefined, CommitThreadSetting]>([
    [undefined, 'auto'],
    ['', 'auto'],
    ['auto', 'auto'],
    ['1', true],
    ['true', true],
    ['0', false],
    ['false', false],
  ])('RATSSAAL_COMMIT_THREAD=%s reads as %s', (value, setting) => {
    expect(configFromEnv(value === undefined ? {} : { RATSSAAL_COMMIT_THREAD: value }).commitThread).toBe(setting);
  });

  it('refuses any other value of RATSSAAL_COMMIT_THREAD and says which ones it takes', () => {
    expect(() => configFromEnv({ RATSSAAL_COMMIT_THREAD: 'yes' })).toThrow(ConfigError);
    expect(() => configFromEnv({ RATSSAAL_COMMIT_THREAD: 'yes' })).toThrow(/"auto", "1" \(writer thread\) or "0" \(main thread\)/);
  });

  describe('probeFsync', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ratssaal-fsync-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('times write + fsync pairs in the data folder and leaves nothing behind', () => {
      const p = probeFsync(dir, 8);
      expect(p.writes).toBeGreaterThanOrEqual(1);
      expect(p.writes).toBeLessThanOrEqual(8);
      expect(Number.isFinite(p.medianMs) && p.medianMs > 0).toBe(true);
      expect(p.maxMs).toBeGreaterThanOrEqual(p.medianMs);
      expect(readdirSync(dir)).toEqual([]);
    });

    it('fails loudly on a folder it cannot write, and leaves nothing behind', () => {
      const missing = join(dir, 'not-there');
      expect(() => probeFsync(missing)).toThrow(/ENOENT/);
      expect(existsSync(missing)).toBe(false);
    });
  });
});
