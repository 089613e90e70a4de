import { z } from 'zod';
import { IsoTime, SeatId } from './common';

/**
 * Device enrolment: only enrolled devices connect. The clerk creates a one-time pairing code for
 * one role; the device redeems it once over HTTPS (POST /api/pair) and receives its credential:
 * an httpOnly, Secure cookie for browsers, a token for seat agents (kept in a file).
 */

export const DEVICE_COOKIE = 'ratssaal_device';

/** The roles a device can be enrolled for. */
export const DeviceRole = z.enum(['seat', 'chair', 'clerk', 'display', 'agent']);
export type DeviceRole = z.infer<typeof DeviceRole>;

export const DeviceId = z.string().regex(/^[a-z0-9]{6,40}$/);

/** A device credential as the device presents it ("rsd1." + 43 base64url characters). Stored only hashed. */
export const DeviceToken = z.string().regex(/^rsd1\.[A-Za-z0-9_-]{43}$/);

/** Letters and digits that cannot be mistaken for each other when read aloud or typed. */
export const PAIRING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time pairing code, shown as "ABCD-EFGH"; typed with or without the dash, in any case. */
export const PairingCode = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(new RegExp(`^[${PAIRING_ALPHABET}]{8}$`), 'a pairing code has 8 letters or digits'))
  .transform((s) => `${s.slice(0, 4)}-${s.slice(4)}`);

/** The PIN that chair and clerk devices ask for before they act (a stolen tablet is not a chair). */
export const Pin = z.string().regex(/^[0-9]{6,12}$/, 'a PIN has 6 to 12 digits');

/** What a pairing code enrols a device as. */
export const PairingTarget = z.discriminatedUnion('role', [
  z.object({ role: z.literal('seat'), seatId: SeatId }).strict(),
  z.object({ role: z.literal('chair') }).strict(),
  z.object({ role: z.literal('clerk') }).strict(),
  z.object({ role: z.literal('display') }).strict(),
  /** A seat agent speaks for these seats' card readers and no other. */
  z.object({ role: z.literal('agent'), seats: z.array(SeatId).min(1).max(64) }).strict(),
]);
export type PairingTarget = z.infer<typeof PairingTarget>;

export const DeviceLabel = z.string().trim().min(1).max(80);

/** A QR code as rows of modules ("1" dark, "0" light), drawn by the UI without any library. */
export const QrMatrix = z.object({ size: z.number().int().min(21).max(177), rows: z.array(z.string().regex(/^[01]+$/)) });
export type QrMatrix = z.infer<typeof QrMatrix>;

export const IssuedPairingCode = z.object({
  /** Pending code id (to cancel it); the code itself is stored only hashed and shown once. */
  id: z.string(),
  code: z.string(),
  target: PairingTarget,
  label: z.string(),
  /** https://<server>/pair?code=ABCD-EFGH — what the QR code holds. */
  url: z.string(),
  qr: QrMatrix,
  expiresAt: IsoTime,
});
export type IssuedPairingCode = z.infer<typeof IssuedPairingCode>;

/** One enrolled device in the clerk's device list. */
export const EnrolledDevice = z.object({
  id: DeviceId,
  label: z.string(),
  target: PairingTarget,
  enrolledAt: IsoTime,
  lastSeenAt: IsoTime.nullable(),
  connected: z.boolean(),
  /** Chair and clerk devices: a PIN was chosen at pairing. */
  pinSet: z.boolean(),
  revokedAt: IsoTime.nullable(),
  revokeReason: z.string().nullable(),
});
export type EnrolledDevice = z.infer<typeof EnrolledDevice>;

/** A pairing code that was issued and not yet redeemed, cancelled or expired. */
export const PendingPairing = z.object({
  id: z.string(),
  target: PairingTarget,
  label: z.string(),
  createdAt: IsoTime,
  expiresAt: IsoTime,
});
export type PendingPairing = z.infer<typeof PendingPairing>;

/** What the clerk's view carries about devices. */
export const DevicesView = z.object({
  devices: z.array(EnrolledDevice),
  pending: z.array(PendingPairing),
  /** How chair and clerk devices unlock before they act. */
  staffUnlock: z.enum(['pin', 'none']),
});
export type DevicesView = z.infer<typeof DevicesView>;

const Empty = z.object({}).strict();

/** Clerk commands for devices (merged into the clerk's command table). */
export const deviceCommands = {
  createPairingCode: {
    request: z.object({ target: PairingTarget, label: DeviceLabel }).strict(),
    response: IssuedPairingCode,
  },
  /** One code per seat of a range, for a printed set-up sheet. */
  createSeatPairingCodes: {
    request: z.object({ fromSeat: SeatId, toSeat: SeatId }).strict(),
    response: z.object({ codes: z.array(IssuedPairingCode) }),
  },
  cancelPairingCode: { request: z.object({ id: z.string().min(1).max(64) }).strict(), response: Empty },
  /** Revokes at once: the device's connections drop and its credential is refused from then on. */
  revokeDevice: {
    request: z.object({ deviceId: DeviceId, reason: z.string().trim().min(1).max(500) }).strict(),
    response: Empty,
  },
} as const;

/** POST /api/pair */
export const PairRequest = z
  .object({
    code: PairingCode,
    /** Required for chair and clerk devices: the PIN this device will ask for. */
    pin: Pin.optional(),
    /** "browser": the credential is set as an httpOnly cookie; "agent": it is returned in the body. */
    client: z.enum(['browser', 'agent']).default('browser'),
  })
  .strict();
export type PairRequest = z.input<typeof PairRequest>;

/** What a device knows about itself (GET /api/device; the answer of POST /api/pair). */
export const DeviceSelf = z.object({
  id: DeviceId,
  label: z.string(),
  target: PairingTarget,
  /** Where this device's screen is, e.g. "/seat/12", "/chair"; null for agents. */
  home: z.string().nullable(),
});
export type DeviceSelf = z.infer<typeof DeviceSelf>;

export const PairResponse = z.object({ device: DeviceSelf, token: DeviceToken.optional() });
export type PairResponse = z.infer<typeof PairResponse>;

export const DeviceSelfResponse = z.object({ device: DeviceSelf.nullable() });
