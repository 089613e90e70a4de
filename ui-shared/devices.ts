import { PAIRING_ALPHABET, PairingCode, Pin, type PairingTarget, type QrMatrix } from '../server/protocol/devices';
import type { ErrorPayload } from '../server/protocol/errors';
import type { Bilingual } from '../server/protocol/labels';

/** Pure helpers of device enrolment for every screen: code entry, QR drawing, refusals, role names. */

const CODE_LENGTH = 8;

/**
 * What the code field shows while someone types: capitals, letters and digits only, at most
 * eight, with the dash after the fourth ("abcd efg" -> "ABCD-EFG").
 */
export function formatPairingInput(raw: string): string {
  const plain = raw
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, CODE_LENGTH);
  return plain.length > 4 ? `${plain.slice(0, 4)}-${plain.slice(4)}` : plain;
}

/** The code as the server takes it ("ABCD-EFGH"), or null while it is incomplete or has a character codes never use. */
export function completePairingCode(input: string): string | null {
  const parsed = PairingCode.safeParse(input);
  return parsed.success ? parsed.data : null;
}

/** Characters typed that no pairing code contains (I, O, 0, 1 and the like), for a precise hint. */
export function foreignCodeCharacters(input: string): string[] {
  const seen = new Set<string>();
  for (const ch of input.toUpperCase().replace(/[^A-Z0-9]/g, '')) if (!PAIRING_ALPHABET.includes(ch)) seen.add(ch);
  return [...seen];
}

/** The ?code= of the address the QR code opens, formatted for the field ('' when absent). */
export function codeFromSearch(search: string): string {
  return formatPairingInput(new URLSearchParams(search).get('code') ?? '');
}

/** Only digits, at most 12: what a PIN field keeps of a keystroke or a paste. */
export function pinInput(raw: string): string {
  return raw.replace(/\D/g, '').slice(0, 12);
}

export function isValidPin(pin: string): boolean {
  return Pin.safeParse(pin).success;
}

/** Modules of light border around a QR code (the standard's quiet zone). */
export const QR_QUIET_ZONE = 4;

/**
 * The dark modules of a QR code as one SVG path: each horizontal run of dark modules is one
 * rectangle, offset by the quiet zone. The viewBox is 0 0 (size + 2·quiet) (size + 2·quiet).
 */
export function qrPath(qr: QrMatrix): string {
  const parts: string[] = [];
  qr.rows.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (row[x] !== '1') {
        x += 1;
        continue;
      }
      let end = x;
      while (end < row.length && row[end] === '1') end += 1;
      parts.push(`M${x + QR_QUIET_ZONE} ${y + QR_QUIET_ZONE}h${end - x}v1h-${end - x}z`);
      x = end;
    }
  });
  return parts.join('');
}

export function qrViewBox(qr: QrMatrix): string {
  const side = qr.size + 2 * QR_QUIET_ZONE;
  return `0 0 ${side} ${side}`;
}

/** Why the server will not let this device in, as the screens group it. */
export type DeviceRefusal = 'not-enrolled' | 'revoked' | 'wrong-role' | 'wrong-seat';

export function deviceRefusalOf(error: ErrorPayload | null): DeviceRefusal | null {
  switch (error?.code) {
    case 'device-not-enrolled':
      return 'not-enrolled';
    case 'device-revoked':
      return 'revoked';
    case 'device-wrong-role':
      return 'wrong-role';
    case 'device-wrong-seat':
      return 'wrong-seat';
    default:
      return null;
  }
}

/** The PIN step the server asks for: none yet, a wrong one (attempts left), or locked (until when). */
export type PinRefusal = { kind: 'required' } | { kind: 'wrong'; remaining: number | null } | { kind: 'locked'; until: string | null };

export function pinRefusalOf(error: ErrorPayload | null): PinRefusal | null {
  const p = error?.params ?? {};
  switch (error?.code) {
    case 'pin-required':
      return { kind: 'required' };
    case 'pin-wrong':
      return { kind: 'wrong', remaining: typeof p.remaining === 'number' ? p.remaining : Number.isFinite(Number(p.remaining)) ? Number(p.remaining) : null };
    case 'pin-locked':
      return { kind: 'locked', until: typeof p.until === 'string' ? p.until : null };
    default:
      return null;
  }
}

export const ROLE_NAMES: Readonly<Record<PairingTarget['role'], Bilingual>> = {
  seat: { de: 'Platz', en: 'Seat' },
  chair: { de: 'Sitzungsleitung', en: 'Chair' },
  clerk: { de: 'Schriftführung', en: 'Clerk' },
  display: { de: 'Öffentliche Anzeige', en: 'Public display' },
  agent: { de: 'Kartenleser-Einheit', en: 'Card reader unit' },
};

/** "1–4, 7" from seats 1, 2, 3, 4, 7: runs of consecutive seats joined by an en dash. */
export function seatRanges(seats: readonly number[]): string {
  const sorted = [...new Set(seats)].sort((a, b) => a - b);
  const runs: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j += 1;
    const a = sorted[i] ?? 0;
    const b = sorted[j] ?? 0;
    runs.push(a === b ? String(a) : `${a}–${b}`);
    i = j + 1;
  }
  return runs.join(', ');
}

/** "Platz 12", "Sitzungsleitung", "Kartenleser-Einheit (Plätze 1–4)" in both languages. */
export function targetName(target: PairingTarget, seatLabel?: (seatId: number) => string): Bilingual {
  const role = ROLE_NAMES[target.role];
  switch (target.role) {
    case 'seat': {
      const label = seatLabel?.(target.seatId) ?? String(target.seatId);
      return { de: `Platz ${label}`, en: `Seat ${label}` };
    }
    case 'agent': {
      const list = seatRanges(target.seats);
      const many = target.seats.length > 1;
      return { de: `${role.de} (${many ? 'Plätze' : 'Platz'} ${list})`, en: `${role.en} (${many ? 'seats' : 'seat'} ${list})` };
    }
    default:
      return role;
  }
}

/** The explanation of a refusal for a device enrolled elsewhere, with role names rather than codes. */
export function wrongPlaceText(error: ErrorPayload): Bilingual | null {
  if (error.code !== 'device-wrong-role') return null;
  const enrolled = error.params?.enrolled;
  if (typeof enrolled !== 'string' || !(enrolled in ROLE_NAMES)) return null;
  const name = ROLE_NAMES[enrolled as PairingTarget['role']];
  return {
    de: `Dieses Gerät ist als ${name.de} eingerichtet und kann diese Ansicht nicht öffnen.`,
    en: `This device is enrolled as ${name.en} and cannot open this screen.`,
  };
}
