import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../scripts/build-server';
import { REPO_ROOT, tempDir } from '../helpers/server-process';
import { runScenario } from '../load/scenario';

/**
 * The load bench at CI size: 200 seats in two worker processes, each with its own TLS
 * connection, against the real server process — the production build, as the bench runs it.
 * Asserts correctness only, never time.
 */
describe('200 seats under load (the bench at CI size)', () => {
  const out = join(REPO_ROOT, 'test-results', `load200-server-${process.pid}`);
  let entry = '';
  beforeAll(async () => {
    entry = join(await buildServer(out), 'main.mjs');
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  // both ways of committing: on the main thread (where fsyncs are fast) and on the writer thread (slow storage)
  // the first also with the legs of every round trip (RATSSAAL_TRACE_LEGS), as `npm run bench -- --legs` runs it
  it.each([
    ['on the main thread', '0', true],
    ['on the writer thread', '1', false],
  ])('loses nothing and counts exactly, commits %s: a burst with changed votes, then a secret vote spread over a second', async (_, thread, legs) => {
    const seats = 200;
    const result = await runScenario({
      server: 'ratssaal',
      serverEntry: entry,
      serverEnv: { RATSSAAL_COMMIT_THREAD: thread },
      seats,
      workers: 2,
      votes: [{ spreadMs: 0 }, { spreadMs: 1000, kind: 'secret' }],
      changeFraction: 0.1,
      dataDir: tempDir('load200'),
      legs,
    });
    expect(result.checkInMissing).toBe(0);
    const [burst, secret] = result.votes;
    // every seat's first ballot and every tenth seat's change were acknowledged
    expect(burst?.ballots).toBe(seats + seats / 10);
    expect(burst?.ack.n).toBe(seats + seats / 10);
    expect(secret?.ack.n).toBe(seats);
    for (const vote of result.votes) {
      expect(vote.lost).toBe(0);
      expect(vote.refused).toEqual({});
      expect(vote.resultMissing).toBe(0);
      expect(vote.tally).toEqual(vote.expected);
      expect(vote.tallyExact).toBe(true);
      const counted = vote.tally ? vote.tally.yes + vote.tally.no + vote.tally.abstain : 0;
      expect(counted).toBe(seats);
      // every answer carried its legs, or none did; the legs of a ballot add up to its round trip
      expect(vote.legSamples?.length).toBe(legs ? vote.ack.n : 0);
      expect(vote.legs === null).toBe(!legs);
      for (const [i, [toServer, inServer, back]] of (vote.legSamples ?? []).entries()) {
        expect(inServer).toBeGreaterThanOrEqual(0);
        expect(toServer + inServer + back).toBeCloseTo(vote.samples?.[i] ?? NaN, 6);
      }
    }
  }, 600_000);
});
