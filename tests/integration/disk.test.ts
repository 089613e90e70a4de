import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBallotKey } from '../../server/protocol/client';
import { cardUidFor, writeCouncil } from '../helpers/council';
import { fillDisk } from '../helpers/full-disk';
import { ok, RecordingClient, REPO_ROOT, ServerProcess, tempDir } from '../helpers/server-process';

/**
 * The disk under the event log fills up in the middle of a vote. Commands
 * must fail clearly (no acknowledgement), the chair must see an alarm, nothing may be half
 * written, and once the disk is usable again the session goes on where it was.
 * The server runs in its own mount namespace with the data folder on a small tmpfs (root).
 */
describe('a full disk under the event log', () => {
  let server: ServerProcess;
  let dataDir: string;
  let chair: RecordingClient<'chair'>;
  let clerk: RecordingClient<'clerk'>;
  const seats: RecordingClient<'seat'>[] = [];
  let voteId: string;

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('this test needs root: it mounts a tmpfs in a private mount namespace (run npm test as root)');
    const dir = tempDir('disk');
    dataDir = join(dir, 'data');
    server = await ServerProcess.start({ dataDir, seedFile: writeCouncil(dir, { members: 10 }), tmpfsDataSize: '4m' });
    chair = new RecordingClient('chair', server);
    clerk = new RecordingClient('clerk', server);
    for (let i = 1; i <= 8; i += 1) seats.push(new RecordingClient('seat', server, { seatId: i }));
    await Promise.all([chair.connected(), clerk.connected(), ...seats.map((s) => s.connected())]);
    await Promise.all(seats.slice(0, 6).map(async (s, idx) => ok(await s.send('demoTap', { uid: cardUidFor(idx + 1) }))));
    await chair.waitFor((v) => v.quorum.present === 6);
    const item = chair.latest!.agenda[0]!;
    ok(await chair.send('selectItem', { itemId: item.id }));
    ({ voteId } = ok(await chair.send('openVote', { itemId: item.id, title: 'Volle Platte', kind: 'open', majority: { kind: 'simple' } })));
    await Promise.all(seats.slice(0, 6).map((s) => s.waitFor((v) => v.vote?.summary.id === voteId && v.vote.eligible)));
    for (const s of seats.slice(0, 2)) ok(await s.send('castBallot', { voteId, choice: 'yes', key: newBallotKey() }));
    await chair.waitFor((v) => v.vote?.cast === 2);
  });

  afterAll(async () => {
    chair?.close();
    clerk?.close();
    seats.forEach((s) => s.close());
    await server?.stop();
  });

  /** The log's events by type, read inside the server's mount namespace (SQLite resolves /proc/<pid>/root away). */
  function logEvents(): { type: string; n: number }[] {
    const script = `
      const Database = require(${JSON.stringify(join(REPO_ROOT, 'node_modules', 'better-sqlite3'))});
      const db = new Database(process.argv[1], { readonly: true, fileMustExist: true });
      process.stdout.write(JSON.stringify(db.prepare('SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY type').all()));`;
    const out = execFileSync('nsenter', ['-t', String(server.pid), '-m', process.execPath, '-e', script, join(dataDir, 'ratssaal.db')], { encoding: 'utf8' });
    return JSON.parse(out) as { type: string; n: number }[];
  }

  async function refusedWhileBroken(ballotChoice: 'no' | 'abstain') {
    const before = logEvents();
    const answer = await seats[2]!.send('castBallot', { voteId, choice: ballotChoice, key: newBallotKey() });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('store-failure');
    expect(answer.error.message.de).toContain('NICHT gespeichert');
    expect(answer.error.message.en).toContain('NOT recorded');
    // a card tapped now is not a check-in either; the seat is told why
    ok(await seats[6]!.send('demoTap', { uid: cardUidFor(7) }));
    await seats[6]!.waitForNotice('store-failure');
    const alarmed = await chair.waitFor((v) => v.storageAlarm != null, 10_000, 'storage alarm');
    expect(alarmed.vote?.cast).toBe(2);
    // the clerk's console shows the alarm too
    await clerk.waitFor((v) => v.storageAlarm != null, 10_000, 'storage alarm at the clerk');
    expect(alarmed.quorum.present).toBe(6);
    expect(seats[2]!.latest?.vote?.myBallot).toBeNull();
    expect(logEvents()).toEqual(before);
  }

  async function recovers(choice: 'no' | 'abstain', cast: number) {
    const answer = ok(await seats[2]!.send('castBallot', { voteId, choice, key: newBallotKey() }));
    expect(answer.choice).toBe(choice);
    const view = await chair.waitFor((v) => v.storageAlarm == null && v.vote?.cast === cast, 10_000, 'alarm cleared');
    expect(view.vote?.cast).toBe(cast);
    await clerk.waitFor((v) => v.storageAlarm == null, 10_000, 'alarm cleared at the clerk');
  }

  it('disk full: the ballot is refused with a reason, the chair sees the alarm, the log is unchanged; freeing space recovers', async () => {
    const freeSpace = fillDisk(server);
    await refusedWhileBroken('no');
    freeSpace();
    await recovers('no', 3);
    const { result } = ok(await chair.send('closeVote', { voteId }));
    expect(result.tally).toEqual({ yes: 2, no: 1, abstain: 0 });
    expect(logEvents().find((e) => e.type === 'BallotCast')?.n).toBe(3);
  });
});
