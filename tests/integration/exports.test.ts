/**
 * Downloads of the minutes from the real server over HTTPS, after a named vote held through real
 * Socket.IO clients; the final hash in the downloads matches `verify` on the data folder.
 */
import { get } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionExport } from '../../server/export/json';
import { newBallotKey } from '../../server/protocol/client';
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

  beforeAll(async () => {
    const dir = tempDir('exports');
    dataDir = `${dir}/data`;
    server = await ServerProcess.start({ dataDir, seedFile: writeCouncil(dir, { members: MEMBERS }) });
    chair = new RecordingClient('chair', server);
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
    seats.forEach((s) => s.close());
    await server?.stop();
  });

  it('only chair and clerk devices download: no, unknown, seat and revoked credentials are refused', async () => {
    const code = (r: { body: Buffer }) => (JSON.parse(r.body.toString()) as { code: string; message: { de: string; en: string } });
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
    expect(list.formats).toEqual(['pdf', 'docx', 'csv', 'csv-named', 'json', 'oparl']);
    expect(list.log.finalHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends the PDF minutes as a download with the named vote in it', async () => {
    const r = await download('/api/export/pdf');
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

  it('sends DOCX, both CSV files, JSON and OParl', async () => {
    const docx = await download('/api/export/docx');
    expect(docx.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect((await docxContent(docx.body)).text).toContain('Namentliche Abstimmung – Stimmen der Mitglieder:');

    const named = await download('/api/export/csv-named');
    expect(named.type).toBe('text/csv; charset=utf-8');
    const { bom, rows } = parseCsv(named.body);
    expect(bom).toBe(true);
    expect(rows.slice(1).map((r) => r[6])).toEqual(['Ja', 'Ja', 'Nein', 'Ja', 'Ja', 'Nein']);

    const json = SessionExport.parse(JSON.parse((await download('/api/export/json')).body.toString()));
    const oparl = JSON.parse((await download('/api/export/oparl')).body.toString()) as { meeting: { id: string; 'ratssaal:logFinalHash': string } };
    expect(oparl.meeting.id).toBe(`https://127.0.0.1:${server.port}/oparl/meeting/${json.minutes.session.id}`);
    expect(oparl.meeting['ratssaal:logFinalHash']).toBe(json.minutes.log.finalHash);

    // the printed hash is the one verify finds in the data folder (read-only, while the server runs)
    const check = verifyLog(dataDir);
    expect(check.mismatch).toBeNull();
    expect(check.finalHash).toBe(json.minutes.log.finalHash);
    expect(check.verified).toBe(json.events.length);
  });

  it('refuses an unknown format with a typed German and English error', async () => {
    const r = await download('/api/export/xls');
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body.toString())).toMatchObject({
      code: 'export-format-unknown',
      message: { de: 'Unbekanntes Exportformat „xls“. Möglich: pdf, docx, csv, csv-named, json, oparl.' },
    });
  });
});
