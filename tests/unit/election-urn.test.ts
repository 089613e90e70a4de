import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/domain';
import { Register } from '../../server/protocol/register';
import { SessionService } from '../../server/session/service';
import { EventStore } from '../../server/store/event-store';
import { cardUidFor, makeCouncil, memberIdFor } from '../helpers/council';

const dirs: string[] = [];
const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0).reverse()) c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const CHAIR: Actor = { kind: 'chair' };
const MEMBERS = 24;
/** Candidates' options drawn from a pattern with no relation to the seat order an observer could guess. */
const optionFor = (k: number) => (['c1', 'c2', 'c3', 'no', 'abstain'] as const)[(k * 7 + 3) % 5] ?? 'c1';

async function secretElection() {
  const dir = mkdtempSync(join(tmpdir(), 'ratssaal-eurn-'));
  dirs.push(dir);
  const path = join(dir, 'ratssaal.db');
  const store = EventStore.open(path);
  let tick = 0;
  const service = new SessionService(store, () => new Date(Date.UTC(2026, 0, 15, 17, 0, 0, tick++)));
  await service.submit({ type: 'loadRegister', register: Register.parse(makeCouncil({ members: MEMBERS })) }, { kind: 'system' });
  await Promise.all(
    Array.from({ length: MEMBERS }, (_, k) =>
      service.submit({ type: 'presentCard', seatId: k + 1, cardUid: cardUidFor(k + 1) }, { kind: 'reader', readerId: `r${k + 1}`, seatId: k + 1 }),
    ),
  );
  await service.submit(
    { type: 'prepareElection', electionId: 'e-1', itemId: 'top-02', title: 'Wahl', mode: 'persons', seats: 1, method: null, candidates: [{ name: 'Anna Aus' }, { name: 'Bert Bei' }, { name: 'Cora Cel' }] },
    CHAIR,
  );
  await service.submit({ type: 'objectToElection', electionId: 'e-1', seatId: 5 }, { kind: 'seat', seatId: 5 });
  await service.submit({ type: 'openElectionRound', electionId: 'e-1' }, CHAIR);
  const options = Array.from({ length: MEMBERS }, (_, k) => optionFor(k));
  await Promise.all(
    options.map((option, k) =>
      service.submit({ type: 'castElectionBallot', electionId: 'e-1', round: 1, seatId: k + 1, option, key: `ekey-${k + 1}-abcdef` }, { kind: 'seat', seatId: k + 1 }),
    ),
  );
  const expected: Record<string, number> = { c1: 0, c2: 0, c3: 0, no: 0, abstain: 0 };
  for (const o of options) expected[o] = (expected[o] ?? 0) + 1;
  return { path, store, service, expected };
}

describe('secret elections in the file', () => {
  it('the log holds who took part, the election urn the counts, and no option next to a member', async () => {
    const { path, store, service, expected } = await secretElection();
    service.close();
    store.close();
    const db = new Database(path, { readonly: true });
    closers.push(() => db.close());
    const cast = db.prepare("SELECT payload FROM events WHERE type = 'SecretElectionBallotCast'").all() as { payload: string }[];
    expect(cast).toHaveLength(MEMBERS);
    for (const { payload } of cast) {
      expect(Object.keys(JSON.parse(payload) as object).sort()).toEqual(['electionId', 'key', 'memberId', 'round', 'seatId']);
      expect(payload).not.toMatch(/"option"|"c[123]"|"no"|"abstain"/);
    }
    expect(db.prepare("SELECT count(*) AS n FROM events WHERE type = 'ElectionBallotCast' OR type = 'ElectionUrnDeposit'").get()).toEqual({ n: 0 });
    const urn = db.prepare('SELECT ballot_id, option, count FROM election_urn').all() as { ballot_id: string; option: string; count: number }[];
    expect(urn.every((r) => r.ballot_id === 'e-1#1')).toBe(true);
    expect(Object.fromEntries(urn.map((r) => [r.option, r.count]))).toEqual(expected);
    // the urn is a WITHOUT ROWID table: no row id that could tell the order of the ballots
    expect(() => db.prepare('SELECT rowid FROM election_urn').all()).toThrow();
    for (const f of [path, `${path}-journal`, `${path}-wal`].filter((x) => existsSync(x))) {
      expect(readFileSync(f).includes('"option"'), f).toBe(false);
    }
  });

  it('a replayed service restores the urn counts of the open round and counts them at the close', async () => {
    const { path, store, service, expected } = await secretElection();
    service.close();
    store.close();
    const again = new SessionService(EventStore.open(path));
    closers.push(() => again.close());
    const round = again.state.procedure.elections.get('e-1')?.rounds[0];
    expect(round?.urn).toEqual(expected);
    expect(round?.ballots.size).toBe(0);
    expect([...(round?.participants.keys() ?? [])].sort()).toEqual(Array.from({ length: MEMBERS }, (_, k) => memberIdFor(k + 1)));
    await again.submit({ type: 'closeElectionRound', electionId: 'e-1' }, CHAIR);
    const outcome = again.state.procedure.elections.get('e-1')?.rounds[0]?.outcome;
    expect(outcome?.mode === 'persons' ? outcome.result.counts : null).toEqual(expected);
  });
});
