/**
 * Downloads of the minutes from the real server over HTTPS, after a named vote held through real
 * Socket.IO clients; the final hash in the downloads matches `verify` on the data folder. A file
 * needs the device's cookie and a one-time ticket that the device's unlocked connection asked for.
 */
import { get } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionExport } from '../../server/export/json';
import { newBallotKey } from '../../server/protocol/client';
import { WIRE, type CommandResult } from '../../server/protocol/commands';
import { verifyLog } from '../../server/security/verify';
import { cardUidFor, writeCouncil } from '../helpers/council';
import { docxContent, parseCsv, pdfText } from '../helpers/read-exports';
import { ok, RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';

const MEMBERS = 10;
const PRESENT = 6;

describe('export downloads from the running server', () => {
  let server: ServerProcess;
  let dataDir: string;
  let chair: RecordingClient<'chair'>;
  let clerk: RecordingClient<'clerk'>;
  const seats: RecordingClient<'seat'>[] = [];

  /** Downloads as the clerk's device does (its cookie), or with another credential, or none (null). */
  const download = (path: string, device: string | null = server.credentialFor('clerk')!) =>
    new Promise<{ status: number; type: string; disposition: string; body: Buffer }>((resolve, reject) => {
      get(`${server.url}${path}`, { ca: server.ca, headers: device === null ? {} : { cookie: `ratssaal_device=${device}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            disposition: String(res.headers['content-disposition'] ?? ''),
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      }).on('error', reject);
    });

  /** A ticket from the clerk's connection (with the clerk's PIN), then the file with the clerk's cookie. */
  const ticketed = async (format: 'pdf' | 'docx' | 'csv' | 'csv-named' | 'csv-elections' | 'json' | 'oparl') => download(ok(await clerk.send('exportTicket', { format })).url);
  const code = (r: { body: Buffer }) => JSON.parse(r.body.toString()) as { code: string; message: { de: string; en: string } };

  beforeAll(async () => {
    const dir = tempDir('exports');
    dataDir = `${dir}/data`;
    server = await ServerProcess.start({ dataDir, seedFile: writeCouncil(dir, { members: MEMBERS }) });
    chair = new RecordingClient('chair', server);
    clerk = new RecordingClient('clerk', server);
    await clerk.connected();
    for (let i = 1; i <= PRESENT; i += 1) seats.push(new RecordingClient('seat', server, { seatId: i }));
    await Promise.all([chair.connected(), ...seats.map((s) => s.connected())]);
    await Promise.all(seats.map(async (s, idx) => ok(await s.send('demoTap', { uid: cardUidFor(idx + 1) }))));
    await chair.waitFor((v) => v.quorum.present === PRESENT);
    const item = chair.latest?.agenda[0];
    if (!item) throw new Error('no agenda');
    const { voteId } = ok(await chair.send('openVote', { itemId: item.id, title: 'Namentliche Abstimmung über die Vorlage', kind: 'named', majority: { kind: 'simple' } }));
    await Promise.all(seats.map((s) => s.waitFor((v) => v.vote?.summary.id === voteId && v.vote.eligible)));
    await Promise.all(seats.map(async (s, idx) => ok(await s.send('castBallot', { voteId, choice: idx % 3 === 2 ? 'no' : 'yes', key: newBallotKey() }))));
    ok(await chair.send('closeVote', { voteId }));
  });

  afterAll(async () => {
    chair?.close();
    clerk?.close();
    seats.forEach((s) => s.close());
    await server?.stop();
  });

  it('only chair and clerk devices download: no, unknown, seat and revoked credentials are refused', async () => {
    const none = await download('/api/export/json', null);
    expect(none.status).toBe(401);
    expect(code(none)).toMatchObject({ code: 'device-not-enrolled', message: { de: expect.stringMatching(/eingerichtet/) as unknown } });
    const seat = await download('/api/export/pdf', server.credentialFor('seat', 1));
    expect([seat.status, code(seat).code]).toEqual([403, 'device-wrong-role']);
    const display = await download('/api/export', server.credentialFor('display'));
    expect([display.status, code(display).code]).toEqual([403, 'device-wrong-role']);
    const stolen = server.enrol({ role: 'clerk' });
    expect((await download('/api/export', stolen.token)).status).toBe(200);
    server.devices().revoke(stolen.id, 'Tablet gestohlen');
    const revoked = await download('/api/export/csv', stolen.token);
    expect([revoked.status, code(revoked).code]).toEqual([401, 'device-revoked']);
    expect((await download('/api/export', server.credentialFor('chair'))).status).toBe(200);
  });

  it('lists the formats with the session and the final hash', async () => {
    const r = await download('/api/export');
    expect(r.status).toBe(200);
    const list = JSON.parse(r.body.toString()) as { formats: string[]; session: { id: string }; log: { events: number; finalHash: string } };
    expect(list.formats).toEqual(['pdf', 'docx', 'csv', 'csv-named', 'csv-elections', 'json', 'oparl']);
    expect(list.log.finalHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends the PDF minutes as a download with the named vote in it', async () => {
    const r = await ticketed('pdf');
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    expect(r.disposition).toMatch(/^attachment; filename="?[\w.-]+-niederschrift\.pdf"?$/);
    const { text } = await pdfText(r.body);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Niederschrift');
    expect(flat).toContain('Namentliche Abstimmung über die Vorlage');
    expect(flat).toContain('Stimmen Ja 4 · Nein 2 · Enthaltung 0');
    expect(flat).toContain('Ergebnis angenommen');
  });

  it('sends DOCX, the three CSV files, JSON and OParl', async () => {
    const docx = await ticketed('docx');
    expect(docx.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect((await docxContent(docx.body)).text).toContain('Namentliche Abstimmung – Stimmen der Mitglieder:');

    const named = await ticketed('csv-named');
    expect(named.type).toBe('text/csv; charset=utf-8');
    const { bom, rows } = parseCsv(named.body);
    expect(bom).toBe(true);
    expect(rows.slice(1).map((r) => r[6])).toEqual(['Ja', 'Ja', 'Nein', 'Ja', 'Ja', 'Nein']);

    // no election in this session: the header row alone
    const elections = await ticketed('csv-elections');
    expect(elections.type).toBe('text/csv; charset=utf-8');
    expect(elections.disposition).toMatch(/-wahlen\.csv"?$/);
    expect(parseCsv(elections.body).rows.filter((r) => r.length > 1).map((r) => r[3])).toEqual(['Wahl']);

    const json = SessionExport.parse(JSON.parse((await ticketed('json')).body.toString()));
    const oparl = JSON.parse((await ticketed('oparl')).body.toString()) as { meeting: { id: string; 'ratssaal:logFinalHash': string } };
    expect(oparl.meeting.id).toBe(`https://127.0.0.1:${server.port}/oparl/meeting/${json.minutes.session.id}`);
    expect(oparl.meeting['ratssaal:logFinalHash']).toBe(json.minutes.log.finalHash);

    // the printed hash is the one verify finds in the data folder (read-only, while the server runs)
    const check = verifyLog(dataDir);
    expect(check.mismatch).toBeNull();
    expect(check.finalHash).toBe(json.minutes.log.finalHash);
    expect(check.verified).toBe(json.events.length);
  });

  describe('one-time tickets: the cookie alone (a stolen, locked tablet) downloads nothing', () => {
    const refused = (r: { status: number; type: string; body: Buffer }) => {
      // an error in JSON, never a part of the file
      expect(r.type).toMatch(/^application\/json/);
      return [r.status, code(r).code];
    };

    it('without a ticket, or with a made-up one, nothing is served', async () => {
      const none = await download('/api/export/pdf');
      expect(refused(none)).toEqual([401, 'export-ticket-required']);
      expect(code(none).message.de).toMatch(/Download-Ticket/);
      expect(code(none).message.en).toMatch(/ticket/);
      expect(refused(await download('/api/export/csv-named?ticket='))).toEqual([401, 'export-ticket-required']);
      expect(refused(await download(`/api/export/csv-named?ticket=${'A'.repeat(43)}`))).toEqual([403, 'export-ticket-unknown']);
    });

    it('a ticket is issued over the connection, valid for about a minute, and serves one download', async () => {
      const before = Date.now();
      const issued = ok(await clerk.send('exportTicket', { format: 'csv' }));
      expect(issued.url).toMatch(/^\/api\/export\/csv\?ticket=[A-Za-z0-9_-]{43}$/);
      const ttl = Date.parse(issued.expiresAt) - before;
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(61_000);
      const first = await download(issued.url);
      expect([first.status, first.type]).toEqual([200, 'text/csv; charset=utf-8']);
      expect(refused(await download(issued.url))).toEqual([403, 'export-ticket-used']);
      // bound to its format too
      const pdfTicket = ok(await clerk.send('exportTicket', { format: 'pdf' })).url.split('?')[1];
      expect(refused(await download(`/api/export/csv-named?${pdfTicket}`))).toEqual([403, 'export-ticket-wrong-format']);
    });

    it("another device's ticket is refused, and stays valid for its own device", async () => {
      const { url } = ok(await chair.send('exportTicket', { format: 'json' }));
      expect(refused(await download(url))).toEqual([403, 'export-ticket-wrong-device']);
      expect((await download(url, server.credentialFor('chair'))).status).toBe(200);
    });

    it('the ticket of a device revoked in the meantime serves nothing', async () => {
      const stolen = server.enrol({ role: 'chair' }, { label: 'Tablet, später gestohlen' });
      const tablet = new RecordingClient('chair', server, { device: stolen.token, socket: { reconnection: false } });
      try {
        await tablet.connected();
        const { url } = ok(await tablet.send('exportTicket', { format: 'csv-named' }));
        ok(await clerk.send('revokeDevice', { deviceId: stolen.id, reason: 'Tablet gestohlen' }));
        expect(refused(await download(url, stolen.token))).toEqual([401, 'device-revoked']);
      } finally {
        tablet.close();
      }
    });

    it('seats and the display cannot ask for a ticket', async () => {
      const display = new RecordingClient('display', server);
      try {
        await display.connected();
        for (const socket of [seats[0]!.socket, display.socket]) {
          const r = (await socket.emitWithAck(WIRE.command, { name: 'exportTicket', payload: { format: 'pdf' } })) as CommandResult<unknown>;
          expect(r.ok ? 'ok' : r.error.code).toBe('unknown-command');
        }
      } finally {
        display.close();
      }
    });
  });

  it('refuses an unknown format with a typed German and English error', async () => {
    const r = await download('/api/export/xls');
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body.toString())).toMatchObject({
      code: 'export-format-unknown',
      message: { de: 'Unbekanntes Exportformat „xls“. Möglich: pdf, docx, csv, csv-named, csv-elections, json, oparl.' },
    });
  });
});

describe('an expired export ticket', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    const dir = tempDir('exports-expiry');
    server = await ServerProcess.start({ dataDir: `${dir}/data`, seedFile: writeCouncil(dir, { members: 4 }), env: { RATSSAAL_EXPORT_TICKET_TTL_S: '1' } });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('is refused once its time is up, and serves nothing', async () => {
    const clerk = new RecordingClient('clerk', server);
    try {
      await clerk.connected();
      const { url, expiresAt } = ok(await clerk.send('exportTicket', { format: 'pdf' }));
      // the server's clock is this machine's: wait until the ticket has certainly expired
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(expiresAt) - Date.now()) + 250));
      const r = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        get(`${server.url}${url}`, { ca: server.ca, headers: { cookie: `ratssaal_device=${server.credentialFor('clerk')!}` } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
        }).on('error', reject);
      });
      expect([r.status, r.type]).toEqual([403, 'application/json; charset=utf-8']);
      expect(JSON.parse(r.body)).toMatchObject({ code: 'export-ticket-expired', message: { de: 'Das Download-Ticket ist abgelaufen. Bitte den Download erneut starten.' } });
    } finally {
      clerk.close();
    }
  });
});
