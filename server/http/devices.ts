import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { DomainError } from '../domain/errors';
import { DEVICE_COOKIE, PairRequest, type DeviceRole, type DeviceSelf, type PairResponse } from '../protocol/devices';
import { errorPayload, type ErrorCode } from '../protocol/errors';
import { cookieValue } from '../realtime/device-gate';
import { homeOf, type DeviceRecord, type DeviceRegistry } from '../security/devices';

export interface DeviceRoutesOptions {
  registry: DeviceRegistry;
  /** 'pin': chair and clerk codes are redeemed only together with the PIN the device will ask for. */
  staffUnlock: 'pin' | 'none';
  /** A device was enrolled (the clerk's list changed). */
  onChange: () => void;
  /** Wrong codes per remote address and minute before it is told to wait. */
  failuresPerMinute?: number;
  /** Revokes a device and drops its live connections ("Gerät abmelden" on the device itself). */
  revoke?: (deviceId: string, reason: string, by: string) => void;
}

/** Why a device that signed itself out is revoked, as the clerk's list shows it. */
export const SELF_SIGN_OUT_REASON = 'Vom Gerät selbst abgemeldet / signed out on the device';

/** Ten years: a seat's kiosk keeps its credential until it is revoked. */
const COOKIE_MAX_AGE_S = 10 * 365 * 24 * 60 * 60;

const STATUS: Partial<Record<ErrorCode, number>> = {
  'validation-failed': 400,
  'pin-required': 400,
  'pin-invalid': 400,
  'pairing-code-unknown': 404,
  'pairing-code-expired': 410,
  'pairing-code-used': 409,
  'rate-limited': 429,
  'device-not-enrolled': 401,
  'device-revoked': 401,
  'device-wrong-role': 403,
};

export function deviceSelf(d: DeviceRecord): DeviceSelf {
  return { id: d.id, label: d.label, target: d.target, home: homeOf(d.target) };
}

function deviceCookie(token: string, maxAge: number): string {
  return `${DEVICE_COOKIE}=${token}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=${maxAge}`;
}

function refuse(res: Response, code: ErrorCode, params: Record<string, string | number> = {}): void {
  res.status(STATUS[code] ?? 400).json(errorPayload(code, params));
}

/** Failed attempts per remote address in the current minute. */
class FailureCounter {
  private readonly counts = new Map<string, { start: number; n: number }>();
  constructor(private readonly limit: number) {}

  blocked(who: string): boolean {
    const c = this.counts.get(who);
    return c !== undefined && Date.now() - c.start < 60_000 && c.n >= this.limit;
  }

  fail(who: string): void {
    const now = Date.now();
    const c = this.counts.get(who);
    if (!c || now - c.start >= 60_000) this.counts.set(who, { start: now, n: 1 });
    else c.n += 1;
    // forget old windows now and then, so the map does not grow with every address ever seen
    if (this.counts.size > 10_000) for (const [k, v] of this.counts) if (now - v.start >= 60_000) this.counts.delete(k);
  }
}

/**
 * Device enrolment over HTTPS: POST /api/pair redeems a pairing code (browsers get the httpOnly
 * cookie, seat agents the token in the body), GET /api/device says what this browser is,
 * POST /api/device/forget revokes the device and drops the cookie. Mounted at /api.
 */
export function deviceRoutes(o: DeviceRoutesOptions): Router {
  const router = Router();
  const failures = new FailureCounter(o.failuresPerMinute ?? 10);

  router.post('/pair', express.json({ limit: '1kb', strict: true }), async (req: Request, res: Response) => {
    const remote = req.socket.remoteAddress ?? 'unknown';
    if (failures.blocked(remote)) {
      o.registry.audit('code-refused', { detail: { code: 'rate-limited', remote } });
      return refuse(res, 'rate-limited');
    }
    if (!req.is('application/json')) {
      failures.fail(remote);
      return refuse(res, 'validation-failed', { detail: 'send JSON (Content-Type: application/json)' });
    }
    const parsed = PairRequest.safeParse(req.body);
    if (!parsed.success) {
      failures.fail(remote);
      const pinIssue = parsed.error.issues.some((i) => i.path[0] === 'pin');
      o.registry.audit('code-refused', { detail: { code: pinIssue ? 'pin-invalid' : 'validation-failed', remote } });
      if (pinIssue) return refuse(res, 'pin-invalid');
      return refuse(res, 'validation-failed', { detail: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ') });
    }
    const { code, pin, client } = parsed.data;
    try {
      const { device, token } = await o.registry.redeemCode(code, { ...(pin === undefined ? {} : { pin }), requirePin: o.staffUnlock === 'pin', remote });
      o.onChange();
      const body: PairResponse = { device: deviceSelf(device) };
      if (client === 'agent') body.token = token;
      else res.setHeader('Set-Cookie', deviceCookie(token, COOKIE_MAX_AGE_S));
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json(body);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      // pin-required is a question, not a failure: the page asks for the PIN and posts again
      if (err.code !== 'pin-required') {
        failures.fail(remote);
        o.registry.audit('code-refused', { detail: { code: err.code, remote } });
      }
      refuse(res, err.code, { ...err.params });
    }
  });

  router.get('/device', (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      const device = o.registry.authenticate(cookieValue(req.headers.cookie, DEVICE_COOKIE));
      res.json({ device: deviceSelf(device) });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      res.json({ device: null });
    }
  });

  router.post('/device/forget', (req, res) => {
    let device: DeviceRecord | null = null;
    try {
      device = o.registry.authenticate(cookieValue(req.headers.cookie, DEVICE_COOKIE));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
    // revoked, not only forgotten: a copy of the cookie is worthless and the clerk's list is true
    if (device) {
      if (o.revoke) o.revoke(device.id, SELF_SIGN_OUT_REASON, 'device');
      else o.registry.revoke(device.id, SELF_SIGN_OUT_REASON, 'device');
      o.onChange();
    }
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Set-Cookie', deviceCookie('', 0));
    res.json({ device: null });
  });

  // a body that is not JSON, or too big: the same error JSON as every other refusal
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: number }).status;
    if (status === 413) return res.status(413).json(errorPayload('validation-failed', { detail: 'request too large' }));
    if (status === 400) return refuse(res, 'validation-failed', { detail: 'the body is not valid JSON' });
    console.error('device route failed', err);
    res.status(500).json(errorPayload('internal-error'));
  });
  return router;
}

/** Lets a request through only with the cookie of an enrolled, not revoked device of these roles. */
export function requireDevice(registry: DeviceRegistry, roles: readonly DeviceRole[]): RequestHandler {
  return (req, res, next) => {
    let device: DeviceRecord;
    try {
      device = registry.authenticate(cookieValue(req.headers.cookie, DEVICE_COOKIE));
    } catch (err) {
      if (!(err instanceof DomainError)) return next(err);
      return refuse(res, err.code, { ...err.params });
    }
    if (!roles.includes(device.target.role)) return refuse(res, 'device-wrong-role', { enrolled: device.target.role, role: roles.join('/') });
    (res.locals as { device?: DeviceRecord }).device = device;
    next();
  };
}
