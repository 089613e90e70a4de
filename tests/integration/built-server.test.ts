/**
 * The production build (scripts/build-server.ts, what `npm start` runs): the bundle is started by
 * plain node, without the TypeScript loader, and everything that the bundle finds beside itself
 * at run time works — the log writer thread (RATSSAAL_COMMIT_THREAD=1), the migrations of the log and of the device
 * registry, the export command line in its child process — through a vote, its downloads and a
 * restart that replays it.
 */
import { readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../scripts/build-server';
import { SessionExport } from '../../server/export/json';
import { newBallotKey } from '../../server/protocol/client';
import { cardUidFor, writeCouncil } from '../helpers/council';
import { pdfText } from '../helpers/read-exports';
import { ok, RecordingClient, REPO_ROOT, ServerProcess, tempDir } from '../helpers/server-process';

const MEMBERS = 8;
const PRESENT = 5;
const TITLE = 'Abstimmung über den Haushalt (gebündelter Server)';

describe('the production build of the server', () => {
  const out = join(REPO_ROOT, 'test-results', `built-server-${process.pid}`);
  let server: ServerProcess;
  let voteId = '';

  const download = (path: string) =>
    new Promise<{ status: number; type: string; body: Buffer }>((resolve, reject) => {
      get(`${server.url}${path}`, { ca: server.ca, headers: { cookie: `ratssaal_device=${server.credentialFor('clerk')!}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
        res.on('error', reject);
      }).on('error', reject);
    });

  beforeAll(async () => {
    await buildServer(out);
    const dir = tempDir('built');
    // with the log writer thread (an option since commits run on the main thread by default): its bundle is tested here
    server = await ServerProcess.start({ dataDir: `${dir}/data`, seedFile: writeCouncil(dir, { members: MEMBERS }), entry: join(out, 'main.mjs'), env: { RATSSAAL_COMMIT_THREAD: '1' } });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it('runs as plain JavaScript: node is started with the bundle, no TypeScript loader', () => {
    const argv = readFileSync(`/proc/${String(server.pid)}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(argv.at(-1)).toBe(join(out, 'main.mjs'));
    expect(argv.join(' ')).not.toMatch(/tsx/);
    expect(server.log).toMatch(/event log: Schreib-Thread \/ writer thread/);
  });

  it('holds a vote: check-ins, ballots committed by the writer thread, the result', async () => {
    const chair = new RecordingClient('chair', server);
    const seats = Array.from({ length: PRESENT }, (_, i) => new RecordingClient('seat', server, { seatId: i + 1 }));
    try {
      await Promise.all([chair.connected(), ...seats.map((s) => s.connected())]);
      await Promise.all(seats.map(async (s, i) => ok(await s.send('demoTap', { uid: cardUidFor(i + 1) }))));
      await chair.waitFor((v) => v.quorum.present === PRESENT);
      const item = chair.latest?.agenda[0];
      if (!item) throw new Error('no agenda');
      voteId = ok(await chair.send('openVote', { itemId: item.id, title: TITLE, kind: 'named', majority: { kind: 'simple' } })).voteId;
      await Promise.all(seats.map((s) => s.waitFor((v) => v.vote?.summary.id === voteId && v.vote.eligible)));
      await Promise.all(seats.map(async (s, i) => ok(await s.send('castBallot', { voteId, choice: i < 3 ? 'yes' : 'no', key: newBallotKey() }))));
      ok(await chair.send('closeVote', { voteId }));
      const view = await chair.waitFor((v) => v.history.some((h) => h.summary.id === voteId));
      expect(view.history.find((h) => h.summary.id === voteId)?.result?.tally).toEqual({ yes: 3, no: 2, abstain: 0 });
    } finally {
      chair.close();
      seats.forEach((s) => s.close());
    }
  });

  it('renders the minutes in the export child process (its own bundle)', async () => {
    const clerk = new RecordingClient('clerk', server);
    try {
      await clerk.connected();
      const pdf = await download(ok(await clerk.send('exportTicket', { format: 'pdf' })).url);
      expect(pdf.status).toBe(200);
      expect(pdf.type).toBe('application/pdf');
      expect((await pdfText(pdf.body)).text.replace(/\s+/g, ' ')).toContain('Stimmen Ja 3 · Nein 2 · Enthaltung 0');
      const json = await download(ok(await clerk.send('exportTicket', { format: 'json' })).url);
      expect(json.status).toBe(200);
      const minutes = SessionExport.parse(JSON.parse(json.body.toString())).minutes;
      expect(JSON.stringify(minutes)).toContain(TITLE);
    } finally {
      clerk.close();
    }
  });

  it('replays the vote after a restart', async () => {
    await server.stop();
    await server.restart();
    const chair = new RecordingClient('chair', server);
    try {
      const view = await chair.waitFor((v) => v.history.some((h) => h.summary.id === voteId));
      expect(view.history.find((h) => h.summary.id === voteId)?.result?.tally).toEqual({ yes: 3, no: 2, abstain: 0 });
    } finally {
      chair.close();
    }
  });
});
