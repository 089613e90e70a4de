import type { Server, Socket } from 'socket.io';
import { DomainError } from '../domain/errors';
import { ROLES } from '../protocol/commands';
import { DEVICE_COOKIE, DeviceRole, Pin, type DevicesView, type IssuedPairingCode, type PairingTarget } from '../protocol/devices';
import { errorPayload, type ErrorPayload } from '../protocol/errors';
import type { DeviceRecord, DeviceRegistry, IssuedCode } from '../security/devices';
import { qrMatrix } from '../security/qr';
import type { DeviceHandlers } from './clerk';

export type StaffUnlock = 'pin' | 'none';

export interface DeviceGateOptions {
  registry: DeviceRegistry;
  /** Chair and clerk devices also need their PIN on every connection ('pin'), or not ('none', weaker). */
  staffUnlock: StaffUnlock;
  /** The device list changed (a device came, went, was revoked; a code was issued or used). */
  onChange: () => void;
  /** Does the register have this seat? Codes are issued only for seats that exist. */
  seatExists: (seatId: number) => boolean;
  /** https://host:port for pairing links when the clerk's connection does not say (no Host header). */
  fallbackOrigin: () => string;
  /** How often the last-seen time of connected devices is written. */
  touchIntervalMs?: number;
  /** A device was revoked (after its connections dropped): what else it held goes too. */
  onRevoke?: (deviceId: string) => void;
}

/** What the gate leaves in socket.data for the namespaces behind it. */
export interface DeviceSocketData {
  deviceId: string;
  device: DeviceRecord;
}

/** Refusals written to the audit per minute; a flood beyond that is counted, not written row by row. */
const AUDIT_REFUSALS_PER_MINUTE = 120;
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** Reads one cookie from a Cookie header (no library: the one cookie we set). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The door before every namespace: only enrolled devices connect, each only as the role (and
 * seat, or seats) it was enrolled for; chair and clerk devices also show their PIN. Keeps the
 * live connections per device, so a revocation drops them all at once, and the last-seen times.
 * Attach it to the server before the namespaces' own handshake checks.
 */
export class DeviceGate {
  private readonly live = new Map<string, Set<Socket>>();
  private readonly pendingTouches = new Set<string>();
  private touchTimer: NodeJS.Timeout | null = null;
  private readonly minuteTimer: NodeJS.Timeout;
  private refusalWindow = { start: 0, count: 0, suppressed: 0 };
  private cache: { key: string; view: DevicesView; validUntil: string } | null = null;
  private generation = 0;

  constructor(private readonly o: DeviceGateOptions) {
    // last seen while connected: one write a minute for all connected devices, not one per message
    this.minuteTimer = setInterval(() => this.touch(this.live.keys()), o.touchIntervalMs ?? 60_000);
    this.minuteTimer.unref();
  }

  attach(io: Server): void {
    for (const role of DeviceRole.options) {
      const ns = io.of(ROLES[role].namespace);
      ns.use((socket, next) => {
        this.admit(role, socket).then(
          (device) => {
            (socket.data as DeviceSocketData).deviceId = device.id;
            (socket.data as DeviceSocketData).device = device;
            next();
          },
          (err: unknown) => {
            const error = err instanceof DomainError ? errorPayload(err.code, err.params) : errorPayload('internal-error');
            if (!(err instanceof DomainError)) console.error('device check failed', err);
            this.auditRefusal(role, socket, error);
            next(rejection(error));
          },
        );
      });
      ns.on('connection', (socket) => this.connected(socket));
    }
  }

  close(): void {
    clearInterval(this.minuteTimer);
    if (this.touchTimer) clearTimeout(this.touchTimer);
    this.touchTimer = null;
    this.flushTouches();
  }

  /** How many live connections a device has (all namespaces). */
  connections(deviceId: string): number {
    return this.live.get(deviceId)?.size ?? 0;
  }

  private credential(role: DeviceRole, socket: Socket): string | undefined {
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    const given = role === 'agent' ? (auth.token ?? auth.device) : auth.device;
    if (typeof given === 'string') return given;
    return cookieValue(socket.handshake.headers.cookie, DEVICE_COOKIE);
  }

  private async admit(role: DeviceRole, socket: Socket): Promise<DeviceRecord> {
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    const device = this.o.registry.authenticate(this.credential(role, socket));
    const target = device.target;
    if (target.role !== role) throw new DomainError('device-wrong-role', { enrolled: target.role, role });
    if (target.role === 'seat' && auth.seatId !== undefined && Number(auth.seatId) !== target.seatId) {
      throw new DomainError('device-wrong-seat', { enrolled: target.seatId, seat: JSON.stringify(auth.seatId).slice(0, 12) });
    }
    if (target.role === 'agent' && Array.isArray(auth.seats)) {
      const outside = (auth.seats as unknown[]).find((s) => !target.seats.includes(Number(s)));
      if (outside !== undefined) throw new DomainError('agent-seat-not-declared', { seat: JSON.stringify(outside).slice(0, 12) });
    }
    if ((role === 'chair' || role === 'clerk') && this.o.staffUnlock === 'pin') {
      const pin = auth.pin;
      if (pin !== undefined && !Pin.safeParse(pin).success) throw new DomainError('pin-invalid');
      await this.o.registry.verifyPin(device.id, pin as string | undefined);
      // revoked while the PIN was being checked: still refused
      return this.o.registry.authenticate(this.credential(role, socket));
    }
    return device;
  }

  private connected(socket: Socket): void {
    const { deviceId } = socket.data as DeviceSocketData;
    // a revocation between the handshake and now
    if (this.o.registry.device(deviceId)?.revokedAt) {
      socket.disconnect();
      return;
    }
    let sockets = this.live.get(deviceId);
    if (!sockets) this.live.set(deviceId, (sockets = new Set()));
    sockets.add(socket);
    this.queueTouch(deviceId);
    socket.on('disconnect', () => {
      const set = this.live.get(deviceId);
      set?.delete(socket);
      if (set?.size === 0) this.live.delete(deviceId);
      this.queueTouch(deviceId);
    });
  }

  private queueTouch(deviceId: string): void {
    this.pendingTouches.add(deviceId);
    this.changed();
    // connections come in bursts (a room of seats after a restart): one write for the burst
    this.touchTimer ??= setTimeout(() => {
      this.touchTimer = null;
      this.flushTouches();
    }, 500);
  }

  private flushTouches(): void {
    if (this.pendingTouches.size === 0) return;
    const ids = [...this.pendingTouches];
    this.pendingTouches.clear();
    this.touch(ids);
  }

  private touch(ids: Iterable<string>): void {
    const list = [...ids];
    if (list.length === 0) return;
    this.o.registry.touch(list);
    this.changed();
  }

  private changed(): void {
    this.generation += 1;
    this.o.onChange();
  }

  private auditRefusal(role: DeviceRole, socket: Socket, error: ErrorPayload): void {
    const now = Date.now();
    if (now - this.refusalWindow.start >= 60_000) {
      if (this.refusalWindow.suppressed > 0) {
        this.o.registry.audit('connection-refused-flood', { detail: { suppressed: this.refusalWindow.suppressed, since: new Date(this.refusalWindow.start).toISOString() } });
      }
      this.refusalWindow = { start: now, count: 0, suppressed: 0 };
    }
    this.refusalWindow.count += 1;
    if (this.refusalWindow.count > AUDIT_REFUSALS_PER_MINUTE) {
      this.refusalWindow.suppressed += 1;
      return;
    }
    // pin-wrong and pin-locked are audited by the registry itself
    if (error.code === 'pin-wrong' || error.code === 'pin-locked') return;
    this.o.registry.audit('connection-refused', { detail: { role, code: error.code, remote: socket.handshake.address } });
  }

  /** Drops every live connection of the device, on every namespace, now. */
  drop(deviceId: string): number {
    const sockets = [...(this.live.get(deviceId) ?? [])];
    // the namespace only: one transport may carry connections of other devices (Node clients multiplex)
    for (const s of sockets) s.disconnect();
    this.live.delete(deviceId);
    return sockets.length;
  }

  /** Revokes a device and drops its connections before answering. */
  revoke(deviceId: string, reason: string, by = 'clerk'): void {
    this.o.registry.revoke(deviceId, reason, by);
    this.drop(deviceId);
    this.o.onRevoke?.(deviceId);
    this.changed();
  }

  /** The clerk's device list; read from the file again when another process wrote to it. */
  view(): DevicesView {
    const now = new Date().toISOString();
    const key = `${this.o.registry.dataVersion()}:${this.generation}`;
    if (this.cache && this.cache.key === key && now < this.cache.validUntil) return this.cache.view;
    const pending = this.o.registry.pendingCodes();
    const view: DevicesView = {
      devices: this.o.registry.devices().map((d) => ({
        id: d.id,
        label: d.label,
        target: d.target,
        enrolledAt: d.enrolledAt,
        lastSeenAt: d.lastSeenAt,
        connected: this.live.has(d.id),
        pinSet: d.pinSet,
        revokedAt: d.revokedAt,
        revokeReason: d.revokeReason,
      })),
      pending,
      staffUnlock: this.o.staffUnlock,
    };
    // a pending code leaves the list when it expires
    const validUntil = pending.reduce((min, p) => (p.expiresAt < min ? p.expiresAt : min), '9999');
    this.cache = { key, view, validUntil };
    return view;
  }

  private origin(socket: Socket): string {
    const host = socket.handshake.headers.host;
    return typeof host === 'string' && HOST.test(host) ? `https://${host}` : this.o.fallbackOrigin();
  }

  private issued(code: IssuedCode, origin: string): IssuedPairingCode {
    const url = `${origin}/pair?code=${code.code}`;
    return { id: code.id, code: code.code, target: code.target, label: code.label, url, qr: qrMatrix(url), expiresAt: code.expiresAt };
  }

  private checkTarget(target: PairingTarget): void {
    const seats = target.role === 'seat' ? [target.seatId] : target.role === 'agent' ? target.seats : [];
    const unknown = seats.find((s) => !this.o.seatExists(s));
    if (unknown !== undefined) throw new DomainError('seat-unknown', { seat: unknown });
  }

  /** The clerk's device commands. */
  handlers(): DeviceHandlers {
    const attempt = <T>(fn: () => T): Promise<T> => new Promise((resolve) => resolve(fn()));
    return {
      createPairingCode: (p, socket) =>
        attempt(() => {
          this.checkTarget(p.target);
          const code = this.o.registry.issueCode(p.target, p.label, { by: 'clerk' });
          this.changed();
          return this.issued(code, this.origin(socket));
        }),
      createSeatPairingCodes: (p, socket) =>
        attempt(() => {
          if (p.toSeat < p.fromSeat) throw new DomainError('validation-failed', { detail: 'toSeat must not be below fromSeat' });
          if (p.toSeat - p.fromSeat >= 1000) throw new DomainError('validation-failed', { detail: 'at most 1000 seats at once' });
          const seats: number[] = [];
          for (let s = p.fromSeat; s <= p.toSeat; s += 1) if (this.o.seatExists(s)) seats.push(s);
          if (seats.length === 0) throw new DomainError('seat-unknown', { seat: `${p.fromSeat}–${p.toSeat}` });
          const origin = this.origin(socket);
          const codes = seats.map((seatId) => this.issued(this.o.registry.issueCode({ role: 'seat', seatId }, `Platz ${seatId}`, { by: 'clerk' }), origin));
          this.changed();
          return { codes };
        }),
      cancelPairingCode: (p) =>
        attempt(() => {
          this.o.registry.cancelCode(p.id);
          this.changed();
          return {};
        }),
      revokeDevice: (p) =>
        attempt(() => {
          this.revoke(p.deviceId, p.reason);
          return {};
        }),
    };
  }
}

/** A refused handshake carries the typed error in `data`, which socket.io-client exposes. */
function rejection(error: ErrorPayload): Error & { data: ErrorPayload } {
  return Object.assign(new Error(error.message.en), { data: error });
}
