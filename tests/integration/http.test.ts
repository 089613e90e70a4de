import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../server/http/app';
import { writeCouncil } from '../helpers/council';
import { ServerProcess, tempDir } from '../helpers/server-process';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('HTTPS only: plain HTTP on the same port redirects, every response carries the security headers', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    const dir = tempDir('http');
    server = await ServerProcess.start({ dataDir: `${dir}/data`, seedFile: writeCouncil(dir, { members: 5 }) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  function plain(path: string, host?: string): Promise<Answer> {
    return new Promise((res, rej) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, path, headers: host === undefined ? {} : { host } }, (r) => {
        let body = '';
        r.on('data', (c: Buffer) => (body += c.toString()));
        r.on('end', () => res({ status: r.statusCode ?? 0, headers: r.headers, body }));
      });
      req.on('error', rej);
      req.end();
    });
  }

  function secure(path: string): Promise<Answer> {
    return new Promise((res, rej) => {
      const req = httpsRequest({ host: '127.0.0.1', port: server.port, path, ca: server.ca, servername: 'localhost' }, (r) => {
        let body = '';
        r.on('data', (c: Buffer) => (body += c.toString()));
        r.on('end', () => res({ status: r.statusCode ?? 0, headers: r.headers, body }));
      });
      req.on('error', rej);
      req.end();
    });
  }

  it.each([
    ['/chair', 'rathaus.local:8443', 'https://rathaus.local:PORT/chair'],
    ['/seat/12?x=1', '192.168.1.20', 'https://192.168.1.20:PORT/seat/12?x=1'],
    ['//evil.example/x', 'rathaus.local', 'https://rathaus.local:PORT/'],
  ])('http://%s (Host %s) → 308 to %s', async (path, host, location) => {
    const answer = await plain(path, host);
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe(location.replace('PORT', String(server.port)));
    expect(answer.body).toContain('Bitte HTTPS verwenden');
  });

  it('says at start where the event log commits, and why (by default: the data folder\'s measured fsync)', () => {
    expect(server.log).toMatch(/Protokoll \/ event log: (Hauptthread \/ main thread|Schreib-Thread \/ writer thread) \(fsync \d+\.\d ms/);
  });

  it('refuses to redirect to a forged host', async () => {
    const answer = await plain('/chair', 'evil.example/@x');
    expect(answer.status).toBe(400);
    expect(answer.headers.location).toBeUndefined();
  });

  it('serves HTTPS on the same port with the security headers', async () => {
    for (const path of ['/healthz', '/chair', '/seat/1', '/no-such-page']) {
      const answer = await secure(path);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(answer.headers[name.toLowerCase()], `${path} ${name}`).toBe(value);
    }
    expect(JSON.parse((await secure('/healthz')).body)).toMatchObject({ status: 'ok' });
  });

  it('a connection that sends nothing does not hold up others', async () => {
    const idle = connect(server.port, '127.0.0.1');
    await new Promise<void>((res) => idle.once('connect', () => res()));
    expect((await secure('/healthz')).status).toBe(200);
    idle.destroy();
  });
});
