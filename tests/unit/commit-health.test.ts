import { describe, expect, it } from 'vitest';
import { CommitHealth, COMMIT_HEALTH_DEFAULTS, type HealthChange } from '../../server/store/commit-health';

const T0 = Date.parse('2026-12-03T10:00:00Z');
/** Feeds the durations one second apart; returns each change and the final state. */
function feed(durations: readonly number[], health = new CommitHealth()) {
  const changes: [number, HealthChange][] = [];
  durations.forEach((ms, i) => {
    const change = health.record(ms, new Date(T0 + i * 1000));
    if (change) changes.push([i, change]);
  });
  return { changes, state: health.state };
}
const times = (n: number, ms: number) => Array.from({ length: n }, () => ms);

describe('CommitHealth', () => {
  it.each([
    ['an SSD (1–3 ms)', [1, 2, 3, 1, 2, 3, 1, 2, 3, 2, 1], []],
    ['an SD card (20–40 ms)', [...times(6, 20), ...times(6, 40)], []],
    ['single slow commits among fast ones', [5, 5, 900, 5, 5, 1500, 5, 5, 5, 900, 5], []],
    ['a window not yet full, however slow', times(8, 400), []],
    ['a full window of slow commits: slow at the ninth', times(9, 300), [[8, 'slow']]],
    ['a stall of 2 s: slow at once', [5, 2000], [[1, 'slow']]],
    ['slow, then five fast commits in a row: recovered at the fifth', [...times(9, 300), ...times(5, 10)], [[8, 'slow'], [13, 'recovered']]],
    ['four fast commits are not enough', [...times(9, 300), ...times(4, 10)], [[8, 'slow']]],
    ['a slow commit among the fast ones starts the count again', [...times(9, 300), 10, 10, 10, 10, 300, 10, 10, 10, 10], [[8, 'slow']]],
    ['no flapping after recovery: the fast commits lowered the median', [...times(9, 300), ...times(5, 10), 300, 300, 10], [[8, 'slow'], [13, 'recovered']]],
    ['slow again after a recovery', [...times(9, 300), ...times(5, 10), ...times(9, 400)], [[8, 'slow'], [13, 'recovered'], [18, 'slow']]],
  ] as [string, number[], [number, HealthChange][]][])('%s', (_name, durations, want) => {
    expect(feed(durations).changes).toEqual(want);
  });

  it('says since when and how slow, and updates the figures during the spell', () => {
    const health = new CommitHealth();
    const first = feed(times(9, 300), health);
    expect(first.state).toEqual({ since: '2026-12-03T10:00:08.000Z', medianMs: 300, maxMs: 300 });
    health.record(1234.4, new Date(T0 + 60_000));
    expect(health.state).toEqual({ since: '2026-12-03T10:00:08.000Z', medianMs: 300, maxMs: 1234 });
  });

  it('ignores durations that are no time', () => {
    const health = new CommitHealth();
    for (const ms of [Number.NaN, -1, Number.POSITIVE_INFINITY]) expect(health.record(ms, new Date(T0))).toBeNull();
    expect(feed(times(8, 300), health).changes).toEqual([]);
  });

  it('takes other thresholds', () => {
    const strict = new CommitHealth({ ...COMMIT_HEALTH_DEFAULTS, window: 3, slowMs: 50 });
    expect(feed([60, 60, 60], strict).changes).toEqual([[2, 'slow']]);
  });
});
