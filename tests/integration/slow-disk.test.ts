import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBallotKey } from '../../server/protocol/client';
import { cardUidFor, writeCouncil } from '../helpers/council';
import { ok, RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';
import { diskOf, throttleGroup, type Throttle } from '../helpers/slow-disk';

/**
 * The disk under the event log becomes slow while a vote is open — as a worn SD card or busy
 * network storage does: every write succeeds, but late. The server runs in a block-I/O cgroup
 * (cgroup v1 `blkio` or v2 `io`, root) whose writes to the data folder's disk are throttled to a few per
 * second: a real slow disk, not a simulated store. Every ballot must still be recorded and
 * acknowledged, the chair and the clerk must see a warning with the figures, and it must go once the disk
 * keeps up again.
 */
// commits on the main thread and on the writer thread as configured, and 'auto' (the default):
// main thread on a disk that was fast at start, moved to the writer thread when it becomes slow
describe.each(['0', '1', 'auto'])('a slow disk under the event log (RATSSAAL_COMMIT_THREAD=%s)', (thread) => {
  let server: ServerProcess;
  let chair: RecordingClient<'chair'>;
  let clerk: RecordingClient<'clerk'>;
  const seats: RecordingClient<'seat'>[] = [];
  let voteId: string;
  let group: Throttle | undefined;
  let disk: string;

  const throttle = (writesPerSecond: number | null) => group!.set(disk, writesPerSecond);

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('this test needs root: it puts the server into a block-I/O cgroup (run npm test as root)');
    const dir = tempDir('slow-disk');
    server = await ServerProcess.start({ dataDir: join(dir, 'data'), seedFile: writeCouncil(dir, { members: 8 }), env: { RATSSAAL_COMMIT_THREAD: thread } });
    disk = diskOf(join(dir, 'data'));
    group = throttleGroup(`ratssaal-test-${process.pid}-${thread}`);
    group.enter(server.pid!);
    chair = new RecordingClient('chair', server);
    clerk = new RecordingClient('clerk', server);
    for (let i = 1; i <= 3; i += 1) seats.push(new RecordingClient('seat', server, { seatId: i }));
    await Promise.all([chair.connected(), clerk.connected(), ...seats.map((s) => s.connected())]);
    await Promise.all(seats.map(async (s, idx) => ok(await s.send('demoTap', { uid: cardUidFor(idx + 1) }))));
    await chair.waitFor((v) => v.quorum.present === 3);
    const item = chair.latest!.agenda[0]!;
    ok(await chair.send('selectItem', { itemId: item.id }));
    ({ voteId } = ok(await chair.send('openVote', { itemId: item.id, title: 'Langsame Platte', kind: 'open', majority: { kind: 'simple' } })));
    await Promise.all(seats.map((s) => s.waitFor((v) => v.vote?.summary.id === voteId && v.vote.eligible)));
  }, 60_000);

  afterAll(async () => {
    if (group) {
      throttle(null);
      group.remove(server?.pid);
    }
    chair?.close();
    clerk?.close();
    seats.forEach((s) => s.close());
    await server?.stop();
  });

  /** Seat 1 changes its ballot n times (each change is one commit); returns the choices acknowledged. */
  async function changeBallot(n: number): Promise<(string | null)[]> {
    const acknowledged: (string | null)[] = [];
    for (let i = 0; i < n; i += 1) {
      const choice = i % 2 === 0 ? 'no' : 'yes';
      const answer = ok(await seats[0]!.send('castBallot', { voteId, choice, key: newBallotKey() }));
      acknowledged.push(answer.choice);
    }
    return acknowledged;
  }

  it('keeps up on a normal disk: no warning', async () => {
    ok(await seats[0]!.send('castBallot', { voteId, choice: 'yes', key: newBallotKey() }));
    const view = await chair.waitFor((v) => v.vote?.cast === 1);
    expect(view.storageSlow ?? null).toBeNull();
  });

  it('warns the chair when commits become slow, and records every ballot all the same', async () => {
    throttle(4);
    const started = performance.now();
    const acknowledged = await changeBallot(10);
    const perBallot = (performance.now() - started) / 10;
    expect(acknowledged).toHaveLength(10);
    const warned = await chair.waitFor((v) => v.storageSlow != null, 10_000, 'slow-storage warning');
    expect(warned.storageAlarm ?? null).toBeNull();
    expect(warned.storageSlow!.medianMs).toBeGreaterThanOrEqual(250);
    expect(warned.storageSlow!.maxMs).toBeGreaterThanOrEqual(warned.storageSlow!.medianMs);
    expect(Date.parse(warned.storageSlow!.since)).toBeGreaterThan(Date.now() - 60_000);
    // the figures are the seat's experience: each acknowledgement waited about that long
    expect(perBallot).toBeGreaterThanOrEqual(250);
    expect(warned.vote?.cast).toBe(1);
    // the clerk, who enters manual ballots and corrections, sees the same
    const clerkWarned = await clerk.waitFor((v) => v.storageSlow != null, 10_000, 'slow-storage warning at the clerk');
    expect(clerkWarned.storageSlow!.medianMs).toBeGreaterThanOrEqual(250);
    expect(server.log).toMatch(/the disk is slow: commits take \d+ ms/);
    if (thread === 'auto') {
      expect(server.log).toMatch(/Hauptthread \/ main thread \(fsync/);
      expect(server.log).toMatch(/commits now run on the writer thread/);
    } else {
      expect(server.log).not.toMatch(/commits move to the writer thread/);
    }
  }, 60_000);

  it('takes the warning away once the disk keeps up again', async () => {
    throttle(null);
    await changeBallot(6);
    const calm = await chair.waitFor((v) => v.storageSlow == null, 10_000, 'warning cleared');
    expect(calm.vote?.cast).toBe(1);
    await clerk.waitFor((v) => v.storageSlow == null, 10_000, 'warning cleared at the clerk');
    expect(server.log).toMatch(/the disk keeps up again/);
    ok(await seats[1]!.send('castBallot', { voteId, choice: 'abstain', key: newBallotKey() }));
    expect((await chair.waitFor((v) => v.vote?.cast === 2)).storageSlow ?? null).toBeNull();
    // nothing lost: each seat's last acknowledged choice is the one counted (seat 1 changed 17 times)
    const { result } = ok(await chair.send('closeVote', { voteId }));
    expect(result.tally).toMatchObject({ yes: 1, no: 0, abstain: 1 });
  }, 60_000);
});
