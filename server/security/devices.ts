import Database from 'better-sqlite3';
import { createHash, randomBytes, scrypt as scryptCallback, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../domain/errors';
import { DeviceToken, PAIRING_ALPHABET, PairingTarget, type DeviceRole } from '../protocol/devices';
import { loadMigrations, migrate } from '../store/migrations';

/**
 * The device registry: which devices may connect, as what, and with which PIN. Its own SQLite
 * file (data/devices.db), not the council's record. Every check reads the file, so a code added
 * by the CLI in another process, or a revocation, counts at once. Secrets (credentials, pairing
 * codes, PINs) are stored only as hashes; the audit table is append-only.
 */

export const DEFAULT_PAIRING_TTL_MS = 15 * 60_000;
/** Wrong PINs in a row before the device is locked. */
export const PIN_ATTEMPTS = 5;
/** The first lock; each further lock without a right PIN in between doubles it. */
export const PIN_LOCK_MS = 5 * 60_000;
const PIN_LOCK_MAX_MS = 24 * 60 * 60_000;

const SCRYPT: ScryptOptions & { N: number; r: number; p: number } = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const SCRYPT_KEYLEN = 32;

export interface DeviceRecord {
  id: string;
  label: string;
  target: PairingTarget;
  enrolledAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  pinSet: boolean;
  pinLockedUntil: string | null;
}

export interface PairingCodeRecord {
  id: string;
  target: PairingTarget;
  label: string;
  createdAt: string;
  expiresAt: string;
}

/** A freshly issued code: the only moment the plain code exists. */
export interface IssuedCode extends PairingCodeRecord {
  code: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  kind: string;
  deviceId: string | null;
  codeId: string | null;
  detail: Record<string, unknown>;
}

export interface DeviceRegistryOptions {
  now?: () => Date;
  pairingTtlMs?: number;
}

interface DeviceRow {
  id: string;
  label: string;
  role: string;
  target: string;
  pin_hash: string | null;
  enrolled_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
  revoke_reason: string | null;
  pin_failures: number;
  pin_locks: number;
  pin_locked_until: string | null;
}

interface CodeRow {
  id: string;
  role: string;
  target: string;
  label: string;
  created_at: string;
  expires_at: string;
  redeemed_at: string | null;
  cancelled_at: string | null;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./device-migrations/', import.meta.url));

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** 32 random bytes: the credential a device presents (cookie or token file). */
export function newDeviceToken(): string {
  return `rsd1.${randomBytes(32).toString('base64url')}`;
}

/** 8 letters or digits from the unambiguous alphabet (32 signs: a byte's low 5 bits, unbiased). */
export function newPairingCode(): string {
  const bytes = randomBytes(8);
  let code = '';
  for (const b of bytes) code += PAIRING_ALPHABET[b & 31];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The form a code is stored (hashed) and compared in: upper case, "ABCD-EFGH". */
export function normalisePairingCode(code: string): string {
  const s = code.replace(/[\s-]/g, '').toUpperCase();
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

function scryptAsync(pin: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(pin, salt, SCRYPT_KEYLEN, { ...o, maxmem: SCRYPT.maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function formatPinHash(salt: Buffer, key: Buffer): string {
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  return formatPinHash(salt, await scryptAsync(pin, salt, SCRYPT));
}

export function hashPinSync(pin: string): string {
  const salt = randomBytes(16);
  return formatPinHash(salt, scryptSync(pin, salt, SCRYPT_KEYLEN, SCRYPT));
}

export async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scryptAsync(pin, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Where a device's screen is. */
export function homeOf(target: PairingTarget): string | null {
  switch (target.role) {
    case 'seat':
      return `/seat/${target.seatId}`;
    case 'agent':
      return null;
    default:
      return `/${target.role}`;
  }
}

export function describeTarget(target: PairingTarget): string {
  switch (target.role) {
    case 'seat':
      return `Platz ${target.seatId}`;
    case 'agent':
      return `Kartenleser-Gerät für Platz ${target.seats.join(', ')}`;
    case 'chair':
      return 'Sitzungsleitung';
    case 'clerk':
      return 'Schriftführung';
    case 'display':
      return 'Saalanzeige';
  }
}

export class DeviceRegistry {
  private readonly now: () => Date;
  private readonly ttlMs: number;

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
    o: DeviceRegistryOptions,
  ) {
    this.now = o.now ?? (() => new Date());
    this.ttlMs = o.pairingTtlMs ?? DEFAULT_PAIRING_TTL_MS;
  }

  static open(file: string, o: DeviceRegistryOptions = {}): DeviceRegistry {
    const db = new Database(file);
    db.pragma('busy_timeout = 5000');
    // another process (the pairing CLI, a test) may write while the server reads
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.transaction(() => migrate(db, loadMigrations(MIGRATIONS_DIR))).immediate();
    return new DeviceRegistry(db, file, o);
  }

  close(): void {
    this.db.close();
  }

  /** Changes whenever another connection to the file committed (cache key for views). */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  private iso(offsetMs = 0): string {
    return new Date(this.now().getTime() + offsetMs).toISOString();
  }

  private writeAudit(kind: string, o: { deviceId?: string | null; codeId?: string | null; detail?: Record<string, unknown> } = {}): void {
    this.db
      .prepare('INSERT INTO audit (at, kind, device_id, code_id, detail) VALUES (?, ?, ?, ?, ?)')
      .run(this.iso(), kind, o.deviceId ?? null, o.codeId ?? null, JSON.stringify(o.detail ?? {}));
  }

  /** Records a refusal or other event; best effort (a full disk must not turn a refusal into a crash). */
  audit(kind: string, o: { deviceId?: string | null; codeId?: string | null; detail?: Record<string, unknown> } = {}): void {
    try {
      this.writeAudit(kind, o);
    } catch (err) {
      console.warn(`device audit not written (${kind}): ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  auditLog(limit = 1000): AuditEntry[] {
    const rows = this.db.prepare('SELECT seq, at, kind, device_id, code_id, detail FROM audit ORDER BY seq DESC LIMIT ?').all(limit) as {
      seq: number;
      at: string;
      kind: string;
      device_id: string | null;
      code_id: string | null;
      detail: string;
    }[];
    return rows.reverse().map((r) => ({ seq: r.seq, at: r.at, kind: r.kind, deviceId: r.device_id, codeId: r.code_id, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }

  /** A new one-time pairing code; the plain code is returned once and stored only hashed. */
  issueCode(target: PairingTarget, label: string, o: { ttlMs?: number; by?: string } = {}): IssuedCode {
    const parsed = PairingTarget.parse(target);
    const id = `p${randomBytes(8).toString('hex')}`;
    const createdAt = this.iso();
    const expiresAt = this.iso(o.ttlMs ?? this.ttlMs);
    for (;;) {
      const code = newPairingCode();
      try {
        this.db.transaction(() => {
          this.db
            .prepare('INSERT INTO pairing_codes (id, code_hash, role, target, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
            .run(id, sha256(code), parsed.role, JSON.stringify(parsed), label, createdAt, expiresAt);
          this.writeAudit('code-issued', { codeId: id, detail: { target: parsed, label, expiresAt, by: o.by ?? null } });
        })();
        return { id, code, target: parsed, label, createdAt, expiresAt };
      } catch (err) {
        // a collision with an earlier code (1 in 2^40 per code): draw again
        if (err instanceof Database.SqliteError && err.code === 'SQLITE_CONSTRAINT_UNIQUE') continue;
        throw err;
      }
    }
  }

  private codeRow(code: string): CodeRow | undefined {
    return this.db
      .prepare('SELECT id, role, target, label, created_at, expires_at, redeemed_at, cancelled_at FROM pairing_codes WHERE code_hash = ?')
      .get(sha256(normalisePairingCode(code))) as CodeRow | undefined;
  }

  /** Why a code cannot be redeemed now, or null when it can. */
  private codeProblem(row: CodeRow | undefined): 'pairing-code-unknown' | 'pairing-code-used' | 'pairing-code-expired' | null {
    if (!row) return 'pairing-code-unknown';
    if (row.redeemed_at !== null) return 'pairing-code-used';
    // a cancelled code is as dead as an expired one: the device needs a new code either way
    if (row.cancelled_at !== null || row.expires_at <= this.iso()) return 'pairing-code-expired';
    return null;
  }

  /** What a pending code enrols (without using it up): throws why it cannot be redeemed. */
  inspectCode(code: string): PairingCodeRecord {
    const row = this.codeRow(code);
    const problem = this.codeProblem(row);
    if (problem || !row) throw new DomainError(problem ?? 'pairing-code-unknown');
    return { id: row.id, target: PairingTarget.parse(JSON.parse(row.target)), label: row.label, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  /**
   * Redeems a code once: a new device with a new credential. Chair and clerk devices need a PIN
   * when `requirePin`; without it the code is refused with pin-required and stays unused.
   */
  async redeemCode(code: string, o: { pin?: string; requirePin: boolean; remote?: string }): Promise<{ device: DeviceRecord; token: string }> {
    const pending = this.inspectCode(code);
    const staff = pending.target.role === 'chair' || pending.target.role === 'clerk';
    if (staff && o.requirePin && o.pin === undefined) throw new DomainError('pin-required');
    const pinHash = staff && o.pin !== undefined ? await hashPin(o.pin) : null;
    const token = newDeviceToken();
    const id = randomBytes(8).toString('hex');
    const at = this.iso();
    this.db.transaction(() => {
      // checked again inside the write transaction: two devices racing for one code, one wins
      const row = this.codeRow(code);
      const problem = this.codeProblem(row);
      if (problem || !row || row.id !== pending.id) throw new DomainError(problem ?? 'pairing-code-unknown');
      this.db
        .prepare(
          'INSERT INTO devices (id, label, role, target, token_hash, pin_hash, code_id, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(id, pending.label, pending.target.role, JSON.stringify(pending.target), sha256(token), pinHash, pending.id, at);
      this.db.prepare('UPDATE pairing_codes SET redeemed_at = ?, device_id = ? WHERE id = ?').run(at, id, pending.id);
      this.writeAudit('code-redeemed', { codeId: pending.id, deviceId: id, detail: { target: pending.target, remote: o.remote ?? null } });
    }).immediate();
    return { device: this.device(id)!, token };
  }

  /**
   * Enrols devices without codes, all in one transaction: for set-up scripts and tests that
   * prepare hundreds of seats. Each gets its own credential; audited like a redeemed code.
   */
  enrolDirectly(entries: readonly { target: PairingTarget; label: string; pin?: string }[], by = 'direct'): { device: DeviceRecord; token: string }[] {
    const insert = this.db.prepare('INSERT INTO devices (id, label, role, target, token_hash, pin_hash, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const made: { id: string; token: string }[] = [];
    const at = this.iso();
    const hashed = entries.map((e) => ({ ...e, target: PairingTarget.parse(e.target), pinHash: e.pin === undefined ? null : hashPinSync(e.pin) }));
    this.db.transaction(() => {
      for (const e of hashed) {
        const token = newDeviceToken();
        const id = randomBytes(8).toString('hex');
        insert.run(id, e.label, e.target.role, JSON.stringify(e.target), sha256(token), e.pinHash, at);
        this.writeAudit('device-enrolled', { deviceId: id, detail: { target: e.target, by } });
        made.push({ id, token });
      }
    }).immediate();
    return made.map((m) => ({ device: this.device(m.id)!, token: m.token }));
  }

  /** The device a credential belongs to; throws device-not-enrolled or device-revoked. */
  authenticate(token: string | undefined | null): DeviceRecord {
    if (typeof token !== 'string' || !DeviceToken.safeParse(token).success) throw new DomainError('device-not-enrolled');
    // looked up by its SHA-256: the plain credential is never compared or stored
    const row = this.db.prepare(`${DEVICE_SELECT} WHERE token_hash = ?`).get(sha256(token)) as DeviceRow | undefined;
    if (!row) throw new DomainError('device-not-enrolled');
    if (row.revoked_at !== null) throw new DomainError('device-revoked');
    return toRecord(row);
  }

  /**
   * Checks a chair or clerk device's PIN. Wrong: pin-wrong with the attempts left; the fifth
   * wrong PIN in a row locks the device (5 minutes, doubling with each further lock), and the
   * lock is in the file, so a restart does not lift it.
   */
  async verifyPin(deviceId: string, pin: string | undefined): Promise<void> {
    // the attempt is counted (and the fifth locks) before the PIN is hashed: parallel guesses
    // cannot slip past the count while their hashes are being computed
    const reserve = this.db.transaction((): PinAttempt => {
      const now = this.iso();
      const row = this.row(deviceId);
      if (!row) throw new DomainError('device-not-enrolled');
      if (row.pin_locked_until !== null && row.pin_locked_until > now) return { locked: row.pin_locked_until };
      // a device enrolled while PINs were off has none: it must be paired again
      if (pin === undefined || row.pin_hash === null) return { noPin: true };
      const failures = row.pin_failures + 1;
      if (failures >= PIN_ATTEMPTS) {
        const locks = row.pin_locks + 1;
        const until = this.iso(Math.min(PIN_LOCK_MS * 2 ** (locks - 1), PIN_LOCK_MAX_MS));
        this.db.prepare('UPDATE devices SET pin_failures = 0, pin_locks = ?, pin_locked_until = ? WHERE id = ?').run(locks, until, deviceId);
      } else {
        this.db.prepare('UPDATE devices SET pin_failures = ? WHERE id = ?').run(failures, deviceId);
      }
      return { hash: row.pin_hash, failures, locks: row.pin_locks };
    });
    let attempt: PinAttempt;
    try {
      attempt = reserve.immediate();
    } catch (err) {
      if (err instanceof DomainError || !(err instanceof Database.SqliteError)) throw err;
      // the file cannot be written (a full disk): count in memory, so the chair can still reconnect
      attempt = this.reserveInMemory(deviceId, pin);
    }
    if ('locked' in attempt) throw new DomainError('pin-locked', { until: attempt.locked });
    if ('noPin' in attempt) throw new DomainError('pin-required');
    if (await pinMatches(pin!, attempt.hash)) {
      // the right PIN: the count starts again (and a lock this very attempt set is lifted)
      this.memoryAttempts.delete(deviceId);
      try {
        this.db.prepare('UPDATE devices SET pin_failures = 0, pin_locks = 0, pin_locked_until = NULL WHERE id = ?').run(deviceId);
      } catch (err) {
        if (!(err instanceof Database.SqliteError)) throw err;
      }
      return;
    }
    if (attempt.failures >= PIN_ATTEMPTS) {
      const until = this.memoryAttempts.get(deviceId)?.until ?? this.row(deviceId)?.pin_locked_until ?? this.iso();
      this.audit('pin-locked', { deviceId, detail: { until, locks: attempt.locks + 1 } });
      throw new DomainError('pin-locked', { until });
    }
    this.audit('pin-wrong', { deviceId, detail: { failures: attempt.failures } });
    throw new DomainError('pin-wrong', { remaining: PIN_ATTEMPTS - attempt.failures });
  }

  private readonly memoryAttempts = new Map<string, { failures: number; until: string | null }>();

  /** PIN attempts counted in memory while the registry file cannot be written. */
  private reserveInMemory(deviceId: string, pin: string | undefined): PinAttempt {
    const row = this.row(deviceId);
    if (!row) throw new DomainError('device-not-enrolled');
    const now = this.iso();
    const m = this.memoryAttempts.get(deviceId) ?? { failures: row.pin_failures, until: null };
    for (const until of [row.pin_locked_until, m.until]) if (until !== null && until > now) return { locked: until };
    if (pin === undefined || row.pin_hash === null) return { noPin: true };
    m.failures += 1;
    const failures = m.failures;
    if (m.failures >= PIN_ATTEMPTS) {
      m.until = this.iso(PIN_LOCK_MS * 2 ** row.pin_locks);
      m.failures = 0;
    }
    this.memoryAttempts.set(deviceId, m);
    return { hash: row.pin_hash, failures, locks: row.pin_locks };
  }

  /** Revokes a device for good. False when it was revoked already (nothing changes). */
  revoke(deviceId: string, reason: string, by = 'clerk'): boolean {
    return this.db.transaction(() => {
      const row = this.row(deviceId);
      if (!row) throw new DomainError('device-unknown', { device: deviceId });
      if (row.revoked_at !== null) return false;
      const at = this.iso();
      this.db.prepare('UPDATE devices SET revoked_at = ?, revoke_reason = ? WHERE id = ?').run(at, reason, deviceId);
      this.writeAudit('device-revoked', { deviceId, detail: { reason, by } });
      return true;
    }).immediate();
  }

  /** Cancels a pending code; one that is unknown, used, cancelled or expired is refused. */
  cancelCode(codeId: string, by = 'clerk'): void {
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT id, redeemed_at, cancelled_at, expires_at FROM pairing_codes WHERE id = ?').get(codeId) as
        | Pick<CodeRow, 'id' | 'redeemed_at' | 'cancelled_at' | 'expires_at'>
        | undefined;
      if (row?.redeemed_at) throw new DomainError('pairing-code-used');
      if (!row || row.cancelled_at !== null || row.expires_at <= this.iso()) throw new DomainError('pairing-code-unknown');
      this.db.prepare('UPDATE pairing_codes SET cancelled_at = ? WHERE id = ?').run(this.iso(), codeId);
      this.writeAudit('code-cancelled', { codeId, detail: { by } });
    }).immediate();
  }

  /**
   * Last seen: on connect, on disconnect and once a minute for connected devices. Best effort, so
   * without an fsync of its own (synchronous=NORMAL for this transaction; WAL keeps the file
   * consistent, and the next enrolment or revocation, FULL again, makes it durable): it runs on the
   * main thread, and on a slow disk an fsync per touch stopped the server for a second each time.
   */
  touch(deviceIds: Iterable<string>): void {
    const ids = [...deviceIds];
    if (ids.length === 0) return;
    try {
      const at = this.iso();
      const update = this.db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?');
      this.db.pragma('synchronous = NORMAL');
      try {
        this.db.transaction(() => {
          for (const id of ids) update.run(at, id);
        })();
      } finally {
        this.db.pragma('synchronous = FULL');
      }
    } catch (err) {
      console.warn(`device last-seen not written: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private row(id: string): DeviceRow | undefined {
    return this.db.prepare(`${DEVICE_SELECT} WHERE id = ?`).get(id) as DeviceRow | undefined;
  }

  device(id: string): DeviceRecord | null {
    const row = this.row(id);
    return row ? toRecord(row) : null;
  }

  devices(): DeviceRecord[] {
    return (this.db.prepare(`${DEVICE_SELECT} ORDER BY enrolled_at, rowid`).all() as DeviceRow[]).map(toRecord);
  }

  /** Codes issued and not yet redeemed, cancelled or expired. */
  pendingCodes(): PairingCodeRecord[] {
    const rows = this.db
      .prepare(
        'SELECT id, role, target, label, created_at, expires_at, redeemed_at, cancelled_at FROM pairing_codes WHERE redeemed_at IS NULL AND cancelled_at IS NULL AND expires_at > ? ORDER BY created_at, rowid',
      )
      .all(this.iso()) as CodeRow[];
    return rows.map((r) => ({ id: r.id, target: PairingTarget.parse(JSON.parse(r.target)), label: r.label, createdAt: r.created_at, expiresAt: r.expires_at }));
  }

  /** Is there a device of this role that is not revoked? */
  hasActive(role: DeviceRole): boolean {
    return this.db.prepare('SELECT 1 FROM devices WHERE role = ? AND revoked_at IS NULL LIMIT 1').get(role) !== undefined;
  }
}

type PinAttempt = { locked: string } | { noPin: true } | { hash: string; failures: number; locks: number };

const DEVICE_SELECT =
  'SELECT id, label, role, target, pin_hash, enrolled_at, last_seen_at, revoked_at, revoke_reason, pin_failures, pin_locks, pin_locked_until FROM devices';

function toRecord(row: DeviceRow): DeviceRecord {
  return {
    id: row.id,
    label: row.label,
    target: PairingTarget.parse(JSON.parse(row.target)),
    enrolledAt: row.enrolled_at,
    lastSeenAt: row.last_seen_at,
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
    pinSet: row.pin_hash !== null,
    pinLockedUntil: row.pin_locked_until,
  };
}
