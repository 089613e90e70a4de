import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBallotKey } from '../../server/protocol/client';
import { DeviceRegistry } from '../../server/security/devices';
import { verifyLog } from '../../server/security/verify';
import { SessionService } from '../../server/session/service';
import { EventStore } from '../../server/store/event-store';
import { readLog } from '../../server/store/log-reader';
import { cardUidFor, writeCouncil } from '../helpers/council';
import { ok, RecordingClient, REPO_ROOT, ServerProcess, tempDir } from '../helpers/server-process';

const run = promisify(execFile);
const SEATS = 60;

/**
 * npm run backup while the server runs and secret ballots come in: the copies are taken with
 * SQLite's online backup API, the copied log verifies, its urn agrees with its log, and both
 * copies open on their own (no -wal or -shm beside them).
 */
describe('a backup of the data folder while a secret vote runs', () => {
  let server: ServerProcess;
  let dir: string;
  let dataDir: string;
  let chair: RecordingClient<'chair'>;
  const seats: RecordingClient<'seat'>[] = [];
  let voteId: string;

  beforeAll(async () => {
    dir = tempDir('backup');
    dataDir = join(dir, 'data');
    server = await ServerProcess.start({ dataDir, seedFile: writeCouncil(dir, { members: SEATS }) });
    chair = new RecordingClient('chair', server);
    for (let i = 1; i <= SEATS; i += 1) seats.push(new RecordingClient('seat', server, { seatId: i }));
    await Promise.all([chair.connected(), ...seats.map((s) => s.connected())]);
    await Promise.all(seats.map(async (s, idx) => ok(await s.send('demoTap', { uid: cardUidFor(idx + 1) }))));
    await chair.waitFor((v) => v.quorum.present === SEATS);
    const item = chair.latest!.agenda[0]!;
    ok(await chair.send('selectItem', { itemId: item.id }));
    ({ voteId } = ok(await chair.send('openVote', { itemId: item.id, title: 'Geheime Wahl der Sicherung', kind: 'secret', majority: { kind: 'simple' } })));
    await Promise.all(seats.map((s) => s.waitFor((v) => v.vote?.summary.id === voteId && v.vote.eligible)));
  }, 120_000);

  afterAll(async () => {
    chair?.close();
    seats.forEach((s) => s.close());
    await server?.stop();
  });

  async function backup(target: string): Promise<string> {
    const { stdout } = await run(process.execPath, [...process.execArgv, '--import', 'tsx', join(REPO_ROOT, 'server/security/backup.ts'), target, dataDir], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    return stdout;
  }

  it('copies taken during the ballots verify, agree with themselves and open', async () => {
    const choices = ['yes', 'no', 'abstain'] as const;
    const targets = [join(dir, 'backup-1'), join(dir, 'backup-2', 'nested')];
    let backups: Promise<string[]> | null = null;
    let backupsDone = false;
    let ackedDuringBackups = 0;
    // ballots one after the other, each acknowledged; the backups start after the fifth
    for (const [k, s] of seats.entries()) {
      ok(await s.send('castBallot', { voteId, choice: choices[k % 3]!, key: newBallotKey() }));
      if (backups && !backupsDone) ackedDuringBackups += 1;
      if (k === 4) {
        backups = Promise.all(targets.map((t) => backup(t)));
        void backups.finally(() => {
          backupsDone = true;
        });
      }
    }
    const outputs = await backups!;
    expect(ackedDuringBackups).toBeGreaterThan(0);
    await chair.waitFor((v) => v.vote?.cast === SEATS);

    for (const [k, target] of targets.entries()) {
      const log = join(target, 'ratssaal.db');
      expect(outputs[k]).toContain(target);
      expect(outputs[k]).toMatch(/ratssaal\.db {2}\d+ Bytes, \d+ Ereignisse \/ events geprüft \/ verified/);
      expect(outputs[k]).toMatch(/devices\.db {2}\d+ Bytes, \d+ Geräte \/ devices/);
      // one file each, owner only
      expect(existsSync(`${log}-wal`)).toBe(false);
      expect(existsSync(`${log}-shm`)).toBe(false);
      expect(statSync(log).mode & 0o777).toBe(0o600);

      const check = verifyLog(log);
      expect(check.mismatch).toBeNull();
      expect(outputs[k]).toContain(`${check.verified} Ereignisse`);
      expect(outputs[k]).toContain(check.finalHash);
      // log and urn as of one moment: the urn holds exactly the ballots whose participation is in the copied log
      const db = new Database(log, { readonly: true, fileMustExist: true });
      const cast = (db.prepare("SELECT count(*) AS n FROM events WHERE type = 'SecretBallotCast'").get() as { n: number }).n;
      const inUrn = (db.prepare('SELECT coalesce(sum(count), 0) AS n FROM urn WHERE vote_id = ?').get(voteId) as { n: number }).n;
      db.close();
      expect(inUrn).toBe(cast);

      // the copied log opens as a server opens it, and replays to the state it recorded
      const store = EventStore.open(log);
      const service = new SessionService(store);
      expect(service.state.votes.get(voteId)?.participants.size).toBe(cast);
      service.close();
      await service.idle();
      store.close();

      const registry = DeviceRegistry.open(join(target, 'devices.db'));
      expect(registry.devices().length).toBeGreaterThanOrEqual(SEATS + 1);
      registry.close();
    }

    // the server went on: the vote closes with every ballot, and the original log still verifies
    const { result } = ok(await chair.send('closeVote', { voteId }));
    expect(result.tally).toEqual({ yes: 20, no: 20, abstain: 20 });
    expect(result.participants).toBe(SEATS);
    expect(readLog(dataDir).check.mismatch).toBeNull();
  }, 120_000);

  it('refuses a target folder that is not empty, and writes nothing there', async () => {
    await expect(backup(join(dir, 'backup-1'))).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('not empty') as unknown });
  }, 60_000);
});
