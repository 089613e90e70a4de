import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReaderMap } from '../../drivers/card-readers/reader-map-file';
import { writeCouncil } from '../helpers/council';
import { ok, RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';

/** The reader-to-seat map file in the data folder: read at start, re-read on change or command. */

let server: ServerProcess;
let dataDir: string;
let seedFile: string;
const clients: { close(): void }[] = [];

beforeAll(async () => {
  const dir = tempDir('reader-map');
  seedFile = writeCouncil(dir, { members: 6 });
  dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'readers.json'), formatReaderMap([['USB Reader 00 00', 3]]));
  server = await ServerProcess.start({ dataDir, seedFile, env: { RATSSAAL_READERS: 'simulated', RATSSAAL_DEMO: 'true' } });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

describe('reader map file', () => {
  it('maps a real reader to its seat; while it is missing the seat and the device overview say so', async () => {
    const chair = new RecordingClient('chair', server);
    const seat3 = new RecordingClient('seat', server, { seatId: 3 });
    clients.push(chair, seat3);
    const view = await chair.waitFor((v) => (v.devices?.length ?? 0) > 0, 20_000, 'devices');
    expect(view.devices).toEqual([{ reader: 'USB Reader 00 00', kind: 'pcsc', connected: false, seatId: 3, seatLabel: '3' }]);
    await seat3.waitFor((v) => v.reader === 'disconnected', 20_000, 'seat 3 reader missing');
  });

  it('an invalid edit is refused with every problem named and the map in force stays', async () => {
    const chair = new RecordingClient('chair', server);
    clients.push(chair);
    await chair.connected();
    writeFileSync(join(dataDir, 'readers.json'), JSON.stringify({ format: 'ratssaal-readers/1', readers: [{ reader: 'A', seat: 99 }, { reader: 'A', seat: 2 }] }));
    const r = await chair.send('reloadReaderMap', {});
    expect(r.ok ? null : r.error.code).toBe('reader-map-invalid');
    const detail = r.ok ? '' : r.error.message.en;
    expect(detail).toMatch(/seat 99 does not exist/);
    expect(detail).toMatch(/"A" is listed twice/);
    expect((await chair.waitFor(() => true, 20_000, 'view')).devices?.map((d) => d.seatId)).toEqual([3]);
  });

  it('a valid edit takes effect without restart (on the command, and on the file change itself)', async () => {
    const chair = new RecordingClient('chair', server);
    const seat3 = new RecordingClient('seat', server, { seatId: 3 });
    const seat4 = new RecordingClient('seat', server, { seatId: 4 });
    clients.push(chair, seat3, seat4);
    writeFileSync(join(dataDir, 'readers.json'), formatReaderMap([['USB Reader 00 00', 4]]));
    expect(ok(await chair.send('reloadReaderMap', {}))).toEqual({ readers: 1 });
    await chair.waitFor((v) => v.devices?.[0]?.seatId === 4, 20_000, 'reader now at seat 4');
    await seat4.waitFor((v) => v.reader === 'disconnected', 20_000, 'seat 4 reader missing');
    // seat 3 is back on the demo panel's simulated reader
    await seat3.waitFor((v) => v.reader === 'connected', 20_000, 'seat 3 simulated reader');

    writeFileSync(join(dataDir, 'readers.json'), formatReaderMap([['USB Reader 00 00', 5]]));
    await chair.waitFor((v) => v.devices?.[0]?.seatId === 5, 20_000, 'watcher moved the reader to seat 5');
  });

  it('an invalid map file stops the server at start with a clear message', async () => {
    const dir = tempDir('reader-map-bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'readers.json'), '{ "format": "ratssaal-readers/1", "readers": [ { "reader": "X", "seat": 42 } ] }');
    const error = await ServerProcess.start({ dataDir: dir, seedFile, env: { RATSSAAL_READERS: 'simulated' } }).then(
      () => null,
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    expect(error).toMatch(/readers\.0\.seat: seat 42 does not exist in the register/);
    expect(error).toMatch(/readers\.0\.seat: Platz 42 gibt es im Register nicht/);
  });
});

describe('reader map edited in the chair console', () => {
  it('saves a valid map to the file and loads it; an invalid one is refused and changes nothing', async () => {
    const chair = new RecordingClient('chair', server);
    clients.push(chair);
    await chair.connected();
    const file = join(dataDir, 'readers.json');
    const before = readFileSync(file, 'utf8');
    const bad = await chair.send('saveReaderMap', { readers: [{ reader: 'Leser A', seat: 99 }] });
    expect(bad.ok ? null : bad.error.code).toBe('reader-map-invalid');
    // the problem itself in the language of each message, not English inside the German one
    expect(bad.ok ? '' : bad.error.message.de).toMatch(/Die bearbeitete Zuordnung ist keine gültige Kartenleser-Zuordnung:\s+readers\.0\.seat: Platz 99 gibt es im Register nicht/);
    expect(bad.ok ? '' : bad.error.message.en).toMatch(/The edited map is not a valid reader map:\s+readers\.0\.seat: seat 99 does not exist in the register/);
    expect(readFileSync(file, 'utf8')).toBe(before);

    const saved = ok(await chair.send('saveReaderMap', { readers: [{ reader: 'Leser A', seat: 2 }, { reader: 'Leser B', seat: 4 }] }));
    expect(saved.readers).toBe(2);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ format: 'ratssaal-readers/1', readers: [{ reader: 'Leser A', seat: 2 }, { reader: 'Leser B', seat: 4 }] });
    const view = await chair.waitFor((v) => (v.devices ?? []).some((d) => d.reader === 'Leser B'), 20_000, 'edited map');
    expect(view.devices?.map((d) => [d.reader, d.seatId]).sort()).toEqual([
      ['Leser A', 2],
      ['Leser B', 4],
    ]);
  });
});
