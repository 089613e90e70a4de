/**
 * Device enrolment on the real server: pairing over HTTPS, the device check on every namespace,
 * revocation that drops live connections, the staff PIN and its lock, role isolation, and the
 * pairing codes a fresh install prints.
 */
import Database from 'better-sqlite3';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { newBallotKey, RoleClient } from '../../server/protocol/client';
import { ROLES, WIRE, type CommandResult, type Role } from '../../server/protocol/commands';
import { PROTOCOL_VERSION } from '../../server/protocol/common';
import { writeCouncil } from '../helpers/council';
import { ok, RecordingClient, ServerProcess, tempDir, TEST_PIN } from '../helpers/server-process';

interface HttpAnswer {
  status: number;
  setCookie: string[];
  json: Record<string, unknown> & { code?: string; message?: { de: string; en: string } };
}

function http(server: ServerProcess, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { method, ca: server.ca, headers: { ...(data === undefined ? {} : { 'content-type': 'application/json' }), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [], json: (text ? JSON.parse(text) : {}) as HttpAnswer['json'] }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** A handshake: 'connected' (and the open socket), or the refusal's code. */
function handshake(server: ServerProcess, namespace: string, auth: Record<string, unknown>, cookie?: string): Promise<{ code: string; socket: Socket }> {
  const socket = io(`${server.url}${namespace}`, {
    auth,
    transports: ['websocket'],
    ca: server.ca,
    forceNew: true,
    reconnection: false,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to the handshake on ${namespace}`)), 20_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ code: 'connected', socket });
    });
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      clearTimeout(timer);
      socket.close();
      resolve({ code: err.data?.code ?? `no code: ${err.message}`, socket });
    });
  });
}

async function handshakeCode(server: ServerProcess, namespace: string, auth: Record<string, unknown>, cookie?: string): Promise<string> {
  const { code, socket } = await handshake(server, namespace, auth, cookie);
  socket.close();
  return code;
}

function disconnected(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    if (!socket.connected) return resolve('already');
    socket.once('disconnect', (reason) => resolve(reason));
  });
}

const codeOf = (r: CommandResult<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('device enrolment on a real server', () => {
  let server: ServerProcess;
  let dataDir: string;
  let clerk: RecordingClient<'clerk'>;

  /** The log as it is on disk: number of events and the last hash. */
  function logState(): { n: number; last: string | null } {
    const db = new Database(`${dataDir}/ratssaal.db`, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) AS n, (SELECT hash FROM events ORDER BY seq DESC LIMIT 1) AS last FROM events').get() as { n: number; last: string | null };
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    const dir = tempDir('devices');
    dataDir = `${dir}/data`;
    server = await ServerProcess.start({ dataDir, seedFile: writeCouncil(dir, { members: 12 }), env: { RATSSAAL_STAFF_UNLOCK: 'pin' } });
    clerk = new RecordingClient('clerk', server);
    await clerk.connected();
  });

  afterAll(async () => {
    clerk?.close();
    await server?.stop();
  });

  it('a fresh install prints a clerk and a chair pairing code; the printed clerk code works once, with a PIN', async () => {
    const printed = [...server.log.matchAll(/Kopplungscode \/ pairing code:\s+([A-Z2-9]{4}-[A-Z2-9]{4})\s+\((\S+)/g)].map((m) => [m[2], m[1]]);
    expect(printed.map(([label]) => label)).toEqual(['Schriftführung,', 'Sitzungsleitung,']);
    expect(server.log).toMatch(/https:\/\/\S+\/pair\?code=[A-Z2-9]{4}-[A-Z2-9]{4}/);
    const clerkCode = printed[0]![1]!;
    const withoutPin = await http(server, 'POST', '/api/pair', { code: clerkCode });
    expect([withoutPin.status, withoutPin.json.code]).toEqual([400, 'pin-required']);
    expect(withoutPin.json.message?.de).toBe('Bitte PIN eingeben.');
    expect(withoutPin.setCookie).toEqual([]);
    const paired = await http(server, 'POST', '/api/pair', { code: clerkCode.toLowerCase().replace('-', ''), pin: '13572468' });
    expect(paired.status).toBe(201);
    expect(paired.json).toMatchObject({ device: { label: 'Schriftführung', target: { role: 'clerk' }, home: '/clerk' } });
    expect(paired.json.token).toBeUndefined();
    const again = await http(server, 'POST', '/api/pair', { code: clerkCode, pin: '13572468' });
    expect([again.status, again.json.code]).toEqual([409, 'pairing-code-used']);
    const cookie = /^ratssaal_device=(rsd1\.[A-Za-z0-9_-]{43});/.exec(paired.setCookie[0] ?? '')?.[1];
    expect(cookie).toBeDefined();
    expect(await handshakeCode(server, '/clerk', { protocol: PROTOCOL_VERSION, pin: '13572468' }, `ratssaal_device=${cookie}`)).toBe('connected');
    expect(await handshakeCode(server, '/clerk', { protocol: PROTOCOL_VERSION, pin: TEST_PIN }, `ratssaal_device=${cookie}`)).toBe('pin-wrong');
  });

  it('pairing a seat: the cookie is httpOnly, Secure, SameSite=Strict for the whole site; /api/device knows it', async () => {
    const issued = ok(await clerk.send('createPairingCode', { target: { role: 'seat', seatId: 4 }, label: 'Platz 4 links' }));
    expect(issued.url).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${server.port}/pair\\?code=${issued.code}$`));
    expect(issued.qr.rows).toHaveLength(issued.qr.size);
    const listed = await clerk.waitFor((v) => v.devices.pending.some((p) => p.id === issued.id), 20_000, 'pending code listed');
    expect(listed.devices.staffUnlock).toBe('pin');

    const paired = await http(server, 'POST', '/api/pair', { code: issued.code });
    expect(paired.status).toBe(201);
    expect(paired.json).toMatchObject({ device: { target: { role: 'seat', seatId: 4 }, home: '/seat/4', label: 'Platz 4 links' } });
    const setCookie = paired.setCookie[0] ?? '';
    const attributes = setCookie.split(';').map((a) => a.trim());
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']));
    expect(Number(/Max-Age=(\d+)/.exec(setCookie)?.[1])).toBeGreaterThan(365 * 24 * 3600);
    const cookie = setCookie.split(';')[0]!;

    const self = await http(server, 'GET', '/api/device', undefined, { cookie });
    expect(self.json).toMatchObject({ device: { target: { role: 'seat', seatId: 4 }, home: '/seat/4' } });
    expect((await http(server, 'GET', '/api/device')).json).toEqual({ device: null });

    // the seat connects with its cookie: the clerk sees it connected, with a last-seen time
    const { code, socket } = await handshake(server, '/seat', { protocol: PROTOCOL_VERSION, seatId: 4 }, cookie);
    expect(code).toBe('connected');
    const deviceId = (paired.json.device as { id: string }).id;
    const seen = await clerk.waitFor((v) => v.devices.devices.some((d) => d.id === deviceId && d.connected && d.lastSeenAt !== null), 20_000, 'seat connected');
    expect(seen.devices.pending.some((p) => p.id === issued.id)).toBe(false);
    socket.close();
    await clerk.waitFor((v) => v.devices.devices.some((d) => d.id === deviceId && !d.connected), 20_000, 'seat gone');
  });

  it('"Gerät abmelden" revokes the device on the server: its connections drop, the list says why, the audit says who', async () => {
    const chair = server.enrol({ role: 'chair' }, { label: 'Tablet Vorsitz' });
    const cookie = `ratssaal_device=${chair.token}`;
    const { code, socket } = await handshake(server, '/chair', { protocol: PROTOCOL_VERSION, pin: TEST_PIN }, cookie);
    expect(code).toBe('connected');
    await clerk.waitFor((v) => v.devices.devices.some((d) => d.id === chair.id && d.connected), 20_000, 'chair connected');
    const before = logState();
    const gone = disconnected(socket);

    const forget = await http(server, 'POST', '/api/device/forget', undefined, { cookie });
    expect(forget.status).toBe(200);
    expect(forget.json).toEqual({ device: null });
    expect(forget.setCookie[0]).toMatch(/^ratssaal_device=; .*Max-Age=0/);
    expect(await gone).toBe('io server disconnect');

    const listed = await clerk.waitFor((v) => v.devices.devices.some((d) => d.id === chair.id && d.revokedAt !== null && !d.connected), 20_000, 'signed out listed');
    expect(listed.devices.devices.find((d) => d.id === chair.id)?.revokeReason).toBe('Vom Gerät selbst abgemeldet / signed out on the device');
    // a copy of the cookie kept elsewhere is worthless now
    expect(await handshakeCode(server, '/chair', { protocol: PROTOCOL_VERSION, pin: TEST_PIN }, cookie)).toBe('device-revoked');
    expect((await http(server, 'GET', '/api/device', undefined, { cookie })).json).toEqual({ device: null });
    // forgetting again, or without any cookie, only clears the cookie
    expect((await http(server, 'POST', '/api/device/forget', undefined, { cookie })).status).toBe(200);
    expect((await http(server, 'POST', '/api/device/forget')).setCookie[0]).toMatch(/Max-Age=0/);

    const db = new Database(`${dataDir}/devices.db`, { readonly: true, fileMustExist: true });
    try {
      const audits = db.prepare("SELECT detail FROM audit WHERE kind = 'device-revoked' AND device_id = ?").all(chair.id) as { detail: string }[];
      expect(audits.map((a) => JSON.parse(a.detail) as unknown)).toEqual([{ reason: 'Vom Gerät selbst abgemeldet / signed out on the device', by: 'device' }]);
    } finally {
      db.close();
    }
    expect(logState()).toEqual(before);
  });

  it('an expired or cancelled code is refused, and cancelling needs a pending code', async () => {
    const expired = server.devices().issueCode({ role: 'display' }, 'Beamer', { ttlMs: 1 });
    await new Promise((r) => setTimeout(r, 5));
    const late = await http(server, 'POST', '/api/pair', { code: expired.code });
    expect([late.status, late.json.code]).toEqual([410, 'pairing-code-expired']);

    const issued = ok(await clerk.send('createPairingCode', { target: { role: 'display' }, label: 'Beamer' }));
    ok(await clerk.send('cancelPairingCode', { id: issued.id }));
    await clerk.waitFor((v) => !v.devices.pending.some((p) => p.id === issued.id), 20_000, 'cancelled code gone');
    const cancelled = await http(server, 'POST', '/api/pair', { code: issued.code });
    expect([cancelled.status, cancelled.json.code]).toEqual([410, 'pairing-code-expired']);
    expect(codeOf(await clerk.send('cancelPairingCode', { id: issued.id }))).toBe('pairing-code-unknown');
    expect(codeOf(await clerk.send('createPairingCode', { target: { role: 'seat', seatId: 99 }, label: 'Platz 99' }))).toBe('seat-unknown');
    expect(codeOf(await clerk.send('createPairingCode', { target: { role: 'agent', seats: [1, 99] }, label: 'Einheit' }))).toBe('seat-unknown');
    const sheet = ok(await clerk.send('createSeatPairingCodes', { fromSeat: 10, toSeat: 14 }));
    expect(sheet.codes.map((c) => c.target)).toEqual([10, 11, 12].map((seatId) => ({ role: 'seat', seatId })));
    for (const c of sheet.codes) ok(await clerk.send('cancelPairingCode', { id: c.id }));
    const bad = await http(server, 'POST', '/api/pair', '{"code": ', {});
    expect([bad.status, bad.json.code]).toEqual([400, 'validation-failed']);
    const notJson = await http(server, 'POST', '/api/pair', undefined, { 'content-type': 'text/plain' });
    expect(notJson.json.code).toBe('validation-failed');
    const badPin = await http(server, 'POST', '/api/pair', { code: 'ABCD-EFGH', pin: '12' });
    expect(badPin.json.code).toBe('pin-invalid');
  });

  it('wrong codes are rate-limited per address and audited', async () => {
    const answers: string[] = [];
    // the tests above made a few failures in this minute already: at most ten are answered
    while (answers.length < 25 && answers.at(-1) !== 'rate-limited') answers.push(String((await http(server, 'POST', '/api/pair', { code: 'ZZZZ-ZZZZ' })).json.code));
    expect(answers.at(-1)).toBe('rate-limited');
    expect(answers.filter((a) => a === 'pairing-code-unknown').length).toBeLessThanOrEqual(10);
    expect(answers.filter((a) => a !== 'pairing-code-unknown' && a !== 'rate-limited')).toEqual([]);
    // while blocked even a valid code is not looked at (and stays unused)
    const valid = server.devices().issueCode({ role: 'display' }, 'Anzeige');
    const tooMany = await http(server, 'POST', '/api/pair', { code: valid.code });
    expect([tooMany.status, tooMany.json.code]).toEqual([429, 'rate-limited']);
    expect(server.devices().pendingCodes().some((p) => p.id === valid.id)).toBe(true);
    server.devices().cancelCode(valid.id);
    expect(server.devices().auditLog().filter((a) => a.kind === 'code-refused').length).toBeGreaterThanOrEqual(answers.length + 1);
  });

  it('revoking drops the live seat, chair and agent connections at once and refuses them from then on', async () => {
    const seat = server.enrol({ role: 'seat', seatId: 6 });
    const chair = server.enrol({ role: 'chair' });
    const agent = server.enrol({ role: 'agent', seats: [7, 8] });
    const seatClient = new RecordingClient('seat', server, { seatId: 6, device: seat.token, socket: { reconnection: false } });
    const seatTwice = new RecordingClient('seat', server, { seatId: 6, device: seat.token, socket: { reconnection: false } });
    const chairClient = new RecordingClient('chair', server, { device: chair.token, socket: { reconnection: false } });
    const agentClient = new RoleClient('agent', server.url, {
      socket: { ca: server.ca, reconnection: false, auth: { protocol: PROTOCOL_VERSION, agentId: 'reihe-4', seats: [7, 8], token: agent.token } },
    });
    try {
      await Promise.all([seatClient.connected(), seatTwice.connected(), chairClient.connected()]);
      await new Promise<void>((res, rej) => {
        if (agentClient.socket.connected) return res();
        agentClient.socket.once('connect', () => res());
        agentClient.socket.once('connect_error', rej);
      });
      await clerk.waitFor((v) => v.devices.devices.filter((d) => [seat.id, chair.id, agent.id].includes(d.id) && d.connected).length === 3, 20_000, 'three connected');
      const before = logState();
      for (const [client, id] of [[seatClient.socket, seat.id], [chairClient.socket, chair.id], [agentClient.socket, agent.id]] as const) {
        const gone = disconnected(client);
        const alsoGone = id === seat.id ? disconnected(seatTwice.socket) : Promise.resolve('n/a');
        ok(await clerk.send('revokeDevice', { deviceId: id, reason: 'Gerät verloren' }));
        // dropped before the acknowledgement: the disconnect is already on its way
        expect(await gone).toBe('io server disconnect');
        expect(await alsoGone).not.toBe('io client disconnect');
      }
      expect(await handshakeCode(server, '/seat', { protocol: PROTOCOL_VERSION, seatId: 6, device: seat.token })).toBe('device-revoked');
      expect(await handshakeCode(server, '/chair', { protocol: PROTOCOL_VERSION, device: chair.token, pin: TEST_PIN })).toBe('device-revoked');
      expect(await handshakeCode(server, '/agent', { protocol: PROTOCOL_VERSION, agentId: 'reihe-4', seats: [7], token: agent.token })).toBe('device-revoked');
      const view = await clerk.waitFor((v) => v.devices.devices.filter((d) => d.revokedAt !== null && !d.connected).length >= 3, 20_000, 'revoked listed');
      expect(view.devices.devices.find((d) => d.id === chair.id)).toMatchObject({ revokeReason: 'Gerät verloren', connected: false });
      expect(codeOf(await clerk.send('revokeDevice', { deviceId: 'nosuchdevice', reason: 'x' }))).toBe('device-unknown');
      // devices are not part of the council's record
      expect(logState()).toEqual(before);
    } finally {
      seatClient.close();
      seatTwice.close();
      chairClient.close();
      agentClient.close();
    }
  });

  it.each<[string, Role, Record<string, unknown>]>([
    ['/seat', 'chair', { seatId: 1 }],
    ['/chair', 'clerk', {}],
    ['/clerk', 'chair', {}],
    ['/display', 'seat', {}],
    ['/agent', 'display', { agentId: 'x', seats: [1] }],
    ['/chair', 'display', {}],
  ])('%s refuses a %s device (wrong role)', async (namespace, role, extra) => {
    const token = server.credentialFor(role, role === 'seat' ? 1 : undefined);
    const auth = { protocol: PROTOCOL_VERSION, pin: TEST_PIN, ...extra, ...(namespace === '/agent' ? { token } : { device: token }) };
    expect(await handshakeCode(server, namespace, auth)).toBe('device-wrong-role');
  });

  describe('role isolation: seat, display and agent devices cannot reach chair or clerk commands', () => {
    const names = [...new Set([...Object.keys(ROLES.chair.commands), ...Object.keys(ROLES.clerk.commands)])];

    it.each<[Role, number | undefined]>([
      ['seat', 2],
      ['display', undefined],
      ['agent', undefined],
    ])('%s: every chair and clerk command is refused and the log is unchanged', async (role, seatId) => {
      const token = server.credentialFor(role, seatId)!;
      const auth =
        role === 'agent'
          ? { protocol: PROTOCOL_VERSION, agentId: 'isolation', seats: [2], token }
          : { protocol: PROTOCOL_VERSION, device: token, ...(seatId ? { seatId } : {}) };
      const before = logState();
      const answers = new Map<string, string>();
      // fewer than 40 per connection: under the rate limit and the strike limit of a connection
      for (let i = 0; i < names.length; i += 30) {
        const { code, socket } = await handshake(server, ROLES[role].namespace, auth);
        expect(code).toBe('connected');
        try {
          for (const name of names.slice(i, i + 30)) {
            const answer = (await socket.timeout(10_000).emitWithAck(WIRE.command, { name, payload: {} })) as CommandResult<unknown>;
            answers.set(name, codeOf(answer));
          }
        } finally {
          socket.close();
        }
      }
      expect(answers.size).toBe(names.length);
      expect([...answers].filter(([, c]) => c !== 'unknown-command')).toEqual([]);
      expect(logState()).toEqual(before);
    });

    it('a seat cannot vote for another member or seat: a ballot naming one is refused by the schema', async () => {
      const seat = new RecordingClient('seat', server, { seatId: 3 });
      try {
        await seat.connected();
        const before = logState();
        for (const extra of [{ memberId: 'm-0001' }, { seatId: 1 }, { member: 'm-0002' }]) {
          const answer = await seat.send('castBallot', { voteId: 'v-x', choice: 'yes', key: newBallotKey(), ...extra } as never);
          expect(codeOf(answer)).toBe('validation-failed');
        }
        expect(logState()).toEqual(before);
      } finally {
        seat.close();
      }
    });
  });

  it('five wrong PINs lock a chair device; the lock holds across a restart; other devices are not affected', async () => {
    const spare = server.enrol({ role: 'chair' });
    const attempt = (pin?: string) => handshakeCode(server, '/chair', { protocol: PROTOCOL_VERSION, device: spare.token, ...(pin ? { pin } : {}) });
    expect(await attempt()).toBe('pin-required');
    const wrong: string[] = [];
    for (let i = 0; i < 5; i += 1) wrong.push(await attempt('000000'));
    expect(wrong).toEqual(['pin-wrong', 'pin-wrong', 'pin-wrong', 'pin-wrong', 'pin-locked']);
    expect(await attempt(TEST_PIN)).toBe('pin-locked');
    clerk.close();
    await server.stop();
    await server.restart();
    expect(await attempt(TEST_PIN)).toBe('pin-locked');
    // the other chair device, with its own PIN count, is let in
    expect(await handshakeCode(server, '/chair', { protocol: PROTOCOL_VERSION, device: server.credentialFor('chair'), pin: TEST_PIN })).toBe('connected');
    // chair and clerk devices are enrolled now: no new codes at this start
    expect(server.log).not.toMatch(/Kopplungscode/);
    const audit = server.devices().auditLog().filter((a) => a.deviceId === spare.id).map((a) => a.kind);
    expect(audit.filter((k) => k === 'pin-wrong')).toHaveLength(4);
    expect(audit).toContain('pin-locked');
    clerk = new RecordingClient('clerk', server);
    await clerk.connected();
  });
});
