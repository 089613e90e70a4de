import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../server/domain/errors';
import { DeviceToken, PairingCode } from '../../server/protocol/devices';
import { DeviceRegistry, PIN_ATTEMPTS, PIN_LOCK_MS, newPairingCode } from '../../server/security/devices';
import { tempDir } from '../helpers/server-process';

const PIN = '246810';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return 'ok';
}

async function asyncCodeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return 'ok';
}

describe('device registry', () => {
  let dir: string;
  let file: string;
  let clock: number;
  let reg: DeviceRegistry;
  const open = () => DeviceRegistry.open(file, { now: () => new Date(clock) });

  beforeEach(() => {
    dir = tempDir('devices');
    file = join(dir, 'devices.db');
    clock = Date.parse('2026-03-01T09:00:00Z');
    reg = open();
  });
  afterEach(() => reg.close());

  it('pairing codes have 8 signs of the unambiguous alphabet and parse as PairingCode', () => {
    const codes = new Set(Array.from({ length: 500 }, () => newPairingCode()));
    expect(codes.size).toBe(500);
    for (const c of codes) {
      expect(c).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
      expect(PairingCode.parse(c.toLowerCase().replace('-', ''))).toBe(c);
    }
  });

  it('stores neither the code nor the credential nor the PIN in plain', async () => {
    const issued = reg.issueCode({ role: 'chair' }, 'Pult Vorsitz');
    const { token } = await reg.redeemCode(issued.code, { pin: PIN, requirePin: true });
    expect(DeviceToken.safeParse(token).success).toBe(true);
    reg.close();
    const bytes = Buffer.concat([file, `${file}-wal`].map((f) => { try { return readFileSync(f); } catch { return Buffer.alloc(0); } }));
    for (const secret of [issued.code, issued.code.replace('-', ''), token, token.slice(5), PIN]) expect(bytes.includes(Buffer.from(secret))).toBe(false);
    reg = open();
  });

  it('a code is redeemed once; expired, cancelled and unknown codes are refused', async () => {
    const seat = reg.issueCode({ role: 'seat', seatId: 3 }, 'Platz 3');
    const { device, token } = await reg.redeemCode(seat.code.toLowerCase(), { requirePin: true, remote: '10.0.0.3' });
    expect(device).toMatchObject({ label: 'Platz 3', target: { role: 'seat', seatId: 3 }, revokedAt: null, pinSet: false });
    expect(reg.authenticate(token).id).toBe(device.id);
    expect(await asyncCodeOf(reg.redeemCode(seat.code, { requirePin: true }))).toBe('pairing-code-used');

    const late = reg.issueCode({ role: 'display' }, 'Anzeige');
    clock += 15 * 60_000;
    expect(await asyncCodeOf(reg.redeemCode(late.code, { requirePin: true }))).toBe('pairing-code-expired');

    const cancelled = reg.issueCode({ role: 'display' }, 'Anzeige');
    expect(reg.pendingCodes().map((c) => c.id)).toEqual([cancelled.id]);
    reg.cancelCode(cancelled.id);
    expect(reg.pendingCodes()).toEqual([]);
    expect(await asyncCodeOf(reg.redeemCode(cancelled.code, { requirePin: true }))).toBe('pairing-code-expired');
    expect(codeOf(() => reg.cancelCode(cancelled.id))).toBe('pairing-code-unknown');
    expect(codeOf(() => reg.cancelCode(seat.id))).toBe('pairing-code-used');
    expect(await asyncCodeOf(reg.redeemCode('AAAA-AAAA', { requirePin: true }))).toBe('pairing-code-unknown');
    expect(reg.auditLog().map((a) => a.kind)).toEqual(['code-issued', 'code-redeemed', 'code-issued', 'code-issued', 'code-cancelled']);
  });

  it('a chair code without PIN is refused with pin-required and stays usable', async () => {
    const chair = reg.issueCode({ role: 'chair' }, 'Vorsitz');
    expect(await asyncCodeOf(reg.redeemCode(chair.code, { requirePin: true }))).toBe('pin-required');
    expect(reg.pendingCodes()).toHaveLength(1);
    const { device } = await reg.redeemCode(chair.code, { requirePin: true, pin: PIN });
    expect(device.pinSet).toBe(true);
    // without the PIN requirement a staff device may be enrolled without one
    const clerk = reg.issueCode({ role: 'clerk' }, 'Schriftführung');
    expect((await reg.redeemCode(clerk.code, { requirePin: false })).device.pinSet).toBe(false);
  });

  it.each([
    ['garbage', 'not-a-token', 'device-not-enrolled'],
    ['well-formed but unknown', `rsd1.${'A'.repeat(43)}`, 'device-not-enrolled'],
    ['undefined', undefined, 'device-not-enrolled'],
  ])('authenticate refuses a %s credential', (_what, token, code) => {
    expect(codeOf(() => reg.authenticate(token))).toBe(code);
  });

  it('a revoked device is refused from then on, and stays revoked', () => {
    const { device, token } = reg.enrolDirectly([{ target: { role: 'agent', seats: [1, 2] }, label: 'Reihe 1' }])[0]!;
    expect(reg.hasActive('agent')).toBe(true);
    expect(reg.revoke(device.id, 'gestohlen')).toBe(true);
    expect(reg.revoke(device.id, 'nochmal')).toBe(false);
    expect(codeOf(() => reg.authenticate(token))).toBe('device-revoked');
    expect(reg.device(device.id)).toMatchObject({ revokeReason: 'gestohlen' });
    expect(reg.hasActive('agent')).toBe(false);
    expect(codeOf(() => reg.revoke('nosuchdevice', 'x'))).toBe('device-unknown');
  });

  it('wrong PINs count down, the fifth locks for 5 minutes, then 10; the lock survives reopening', async () => {
    const { device } = reg.enrolDirectly([{ target: { role: 'clerk' }, label: 'Schriftführung', pin: PIN }])[0]!;
    const codes: string[] = [];
    for (let i = 0; i < PIN_ATTEMPTS; i += 1) codes.push(await asyncCodeOf(reg.verifyPin(device.id, '000000')));
    expect(codes).toEqual(['pin-wrong', 'pin-wrong', 'pin-wrong', 'pin-wrong', 'pin-locked']);
    // locked: even the right PIN is refused
    expect(await asyncCodeOf(reg.verifyPin(device.id, PIN))).toBe('pin-locked');
    reg.close();
    reg = open();
    expect(await asyncCodeOf(reg.verifyPin(device.id, PIN))).toBe('pin-locked');
    expect(reg.device(device.id)?.pinLockedUntil).toBe(new Date(clock + PIN_LOCK_MS).toISOString());
    clock += PIN_LOCK_MS;
    for (let i = 0; i < PIN_ATTEMPTS - 1; i += 1) await asyncCodeOf(reg.verifyPin(device.id, '111111'));
    await expect(reg.verifyPin(device.id, '111111')).rejects.toMatchObject({ code: 'pin-locked', params: { until: new Date(clock + 2 * PIN_LOCK_MS).toISOString() } });
    clock += 2 * PIN_LOCK_MS;
    expect(await asyncCodeOf(reg.verifyPin(device.id, undefined))).toBe('pin-required');
    await expect(reg.verifyPin(device.id, '123456')).rejects.toMatchObject({ code: 'pin-wrong', params: { remaining: 4 } });
    expect(await asyncCodeOf(reg.verifyPin(device.id, PIN))).toBe('ok');
    // the right PIN resets the count
    await expect(reg.verifyPin(device.id, '123456')).rejects.toMatchObject({ code: 'pin-wrong', params: { remaining: 4 } });
    expect(reg.auditLog().filter((a) => a.kind === 'pin-locked')).toHaveLength(2);
  });

  it('parallel guesses cannot slip past the count: the fifth locks before any hash is checked', async () => {
    const { device } = reg.enrolDirectly([{ target: { role: 'chair' }, label: 'Vorsitz', pin: PIN }])[0]!;
    // twenty handshakes at once, the right PIN among them (tenth)
    const guesses = Array.from({ length: 20 }, (_, i) => (i === 9 ? PIN : String(100000 + i)));
    const codes = await Promise.all(guesses.map((g) => asyncCodeOf(reg.verifyPin(device.id, g))));
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('pin-wrong'));
    expect(codes.slice(4)).toEqual(Array(16).fill('pin-locked'));
  });

  it('while the file cannot be written (full disk) PINs are still checked, and counted in memory', async () => {
    const { device } = reg.enrolDirectly([{ target: { role: 'clerk' }, label: 'Schriftführung', pin: PIN }])[0]!;
    // every write of the registry's connection fails, as on a full disk
    const db = (reg as unknown as { db: Database.Database }).db;
    db.pragma('query_only = ON');
    try {
      expect(await asyncCodeOf(reg.verifyPin(device.id, PIN))).toBe('ok');
      const codes: string[] = [];
      for (let i = 0; i < PIN_ATTEMPTS + 1; i += 1) codes.push(await asyncCodeOf(reg.verifyPin(device.id, '000000')));
      expect(codes).toEqual(['pin-wrong', 'pin-wrong', 'pin-wrong', 'pin-wrong', 'pin-locked', 'pin-locked']);
      expect(await asyncCodeOf(reg.verifyPin(device.id, PIN))).toBe('pin-locked');
    } finally {
      db.pragma('query_only = OFF');
    }
  });

  it('sees what another connection to the file wrote (the pairing CLI, a test)', () => {
    const other = DeviceRegistry.open(file);
    try {
      const before = reg.dataVersion();
      const issued = other.issueCode({ role: 'seat', seatId: 9 }, 'Platz 9');
      expect(reg.dataVersion()).not.toBe(before);
      expect(reg.inspectCode(issued.code).target).toEqual({ role: 'seat', seatId: 9 });
    } finally {
      other.close();
    }
  });

  it('the audit table refuses UPDATE and DELETE; devices are never deleted', () => {
    reg.issueCode({ role: 'display' }, 'Anzeige');
    reg.enrolDirectly([{ target: { role: 'display' }, label: 'Anzeige' }]);
    const db = new Database(file);
    try {
      expect(() => db.prepare("UPDATE audit SET kind = 'x'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM devices').run()).toThrow(/never deleted/);
      db.prepare("UPDATE devices SET revoked_at = 'x', revoke_reason = 'y'").run();
      expect(() => db.prepare('UPDATE devices SET revoked_at = NULL').run()).toThrow(/stays revoked/);
    } finally {
      db.close();
    }
  });

  it('enrols 1,000 seats in one go, each with its own credential', () => {
    const made = reg.enrolDirectly(Array.from({ length: 1000 }, (_, i) => ({ target: { role: 'seat' as const, seatId: i + 1 }, label: `Platz ${i + 1}` })));
    expect(new Set(made.map((m) => m.token)).size).toBe(1000);
    expect(reg.authenticate(made[999]!.token).target).toEqual({ role: 'seat', seatId: 1000 });
  });

  it('"last seen" is written without an fsync of its own, and every other write stays fully synchronous', () => {
    const [seat] = reg.enrolDirectly([{ target: { role: 'seat', seatId: 1 }, label: 'Platz 1' }]);
    const db = (reg as unknown as { db: { pragma(p: string, o?: { simple: true }): unknown } }).db;
    const synchronous = () => db.pragma('synchronous', { simple: true });
    expect(synchronous()).toBe(2); // FULL
    const pragmas: string[] = [];
    const original = db.pragma.bind(db);
    db.pragma = (p: string, o?: { simple: true }) => {
      pragmas.push(p);
      return original(p, o);
    };
    clock = Date.parse('2026-03-01T09:05:00Z');
    reg.touch([seat!.device.id]);
    db.pragma = original;
    expect(pragmas).toEqual(['synchronous = NORMAL', 'synchronous = FULL']);
    expect(synchronous()).toBe(2);
    expect(reg.device(seat!.device.id)?.lastSeenAt).toBe('2026-03-01T09:05:00.000Z');
    // the update is in the file: another connection sees it
    const other = DeviceRegistry.open(file);
    expect(other.device(seat!.device.id)?.lastSeenAt).toBe('2026-03-01T09:05:00.000Z');
    other.close();
  });
});
