/** The download routes with a stand-in renderer: listing, headers, errors and the limit of parallel exports. */
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportFormat } from '../../../server/export';
import { exportRoutes, type ExportListing } from '../../../server/http/exports';

const LISTING: ExportListing = { session: { id: '2026-11-23-rat', title: '12. Sitzung', date: '2026-11-23' }, log: { events: 3, finalHash: 'f'.repeat(64) } };
const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function serve(options: Parameters<typeof exportRoutes>[0]): Promise<string> {
  const app = express();
  app.use('/api/export', exportRoutes(options));
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/export`;
}

describe('/api/export', () => {
  it('lists the formats and sends a file with its name and type', async () => {
    const calls: [ExportFormat, string | undefined][] = [];
    const base = await serve({
      listing: () => LISTING,
      render: (format, o) => {
        calls.push([format, o.oparlBaseUrl]);
        return Promise.resolve(Buffer.from('%PDF-1.3 test'));
      },
    });
    expect(await (await fetch(base)).json()).toEqual({ formats: ['pdf', 'docx', 'csv', 'csv-named', 'csv-elections', 'json', 'oparl'], ...LISTING });
    const res = await fetch(`${base}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename=2026-11-23-rat-niederschrift.pdf');
    expect(await res.text()).toBe('%PDF-1.3 test');
    expect(calls).toEqual([['pdf', `https://${new URL(base).host}/oparl`]]);
  });

  it('answers with typed errors: no session yet, a failed export', async () => {
    const empty = await serve({ listing: () => null, render: () => Promise.reject(new Error('unused')) });
    const none = await fetch(`${empty}/csv`);
    expect(none.status).toBe(409);
    expect(await none.json()).toMatchObject({ code: 'export-failed', message: { en: 'The export is not possible: no session recorded yet' } });
    const failing = await serve({ listing: () => LISTING, render: () => Promise.reject(new Error('the event log does not verify at event 7')) });
    const res = await fetch(`${failing}/json`);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'export-failed', message: { de: 'Der Export ist nicht möglich: the event log does not verify at event 7' } });
  });

  it('runs at most two exports at a time and refuses a third with rate-limited', async () => {
    const pending: (() => void)[] = [];
    let started!: () => void;
    const twoStarted = new Promise<void>((resolve) => (started = resolve));
    const base = await serve({
      listing: () => LISTING,
      render: () =>
        new Promise<Buffer>((resolve) => {
          pending.push(() => resolve(Buffer.from('done')));
          if (pending.length === 2) started();
        }),
    });
    const first = fetch(`${base}/pdf`);
    const second = fetch(`${base}/docx`);
    await twoStarted;
    const third = await fetch(`${base}/csv`);
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ code: 'rate-limited' });
    pending.forEach((finish) => finish());
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    // the slots are free again
    const again = fetch(`${base}/csv`);
    await expect.poll(() => pending.length).toBe(3);
    pending[2]?.();
    expect((await again).status).toBe(200);
  });
});
