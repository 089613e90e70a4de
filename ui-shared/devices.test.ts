import { describe, expect, it } from 'vitest';
import { errorPayload } from '../server/protocol/errors';
import {
  codeFromSearch,
  completePairingCode,
  deviceRefusalOf,
  foreignCodeCharacters,
  formatPairingInput,
  isValidPin,
  pinInput,
  pinRefusalOf,
  qrPath,
  qrViewBox,
  seatRanges,
  targetName,
  wrongPlaceText,
} from './devices';
import { refusalOf } from './device-api';

describe('pairing code entry', () => {
  it.each([
    ['', ''],
    ['a', 'A'],
    ['abcd', 'ABCD'],
    ['abcde', 'ABCD-E'],
    ['ABCD-EFGH', 'ABCD-EFGH'],
    ['abcdefgh', 'ABCD-EFGH'],
    [' ab cd - ef gh ', 'ABCD-EFGH'],
    ['ABCD-EFGHJK', 'ABCD-EFGH'],
    ['ab–cd.ef_gh', 'ABCD-EFGH'],
    ['ABCD-', 'ABCD'],
  ])('%j shows as %j', (typed, shown) => {
    expect(formatPairingInput(typed)).toBe(shown);
  });

  it.each([
    ['ABCD-EFGH', 'ABCD-EFGH'],
    ['abcdefgh', 'ABCD-EFGH'],
    ['ABCD-EFG', null],
    ['ABCD-EFG0', null],
    ['ABCI-EFGH', null],
    ['', null],
  ])('%j is complete as %j', (typed, code) => {
    expect(completePairingCode(typed)).toBe(code);
  });

  it('names the characters no code contains', () => {
    expect(foreignCodeCharacters('AB0O-1ICD')).toEqual(['0', 'O', '1', 'I']);
    expect(foreignCodeCharacters('ABCD-EFGH')).toEqual([]);
  });

  it('takes the code from the address the QR code opens', () => {
    expect(codeFromSearch('?code=ABCD-EFGH')).toBe('ABCD-EFGH');
    expect(codeFromSearch('?code=abcdefgh&x=1')).toBe('ABCD-EFGH');
    expect(codeFromSearch('')).toBe('');
  });
});

describe('PIN entry', () => {
  it.each([
    ['12a34', '1234'],
    ['1234567890123', '123456789012'],
    [' 12 34 56 ', '123456'],
  ])('%j keeps %j', (typed, kept) => {
    expect(pinInput(typed)).toBe(kept);
  });
  it.each([
    ['12345', false],
    ['123456', true],
    ['123456789012', true],
    ['1234567890123', false],
    ['12345a', false],
  ])('%j valid: %s', (pin, valid) => {
    expect(isValidPin(pin)).toBe(valid);
  });
});

describe('QR code as an SVG path', () => {
  const size = 21;
  const blank = Array.from({ length: size }, () => '0'.repeat(size));

  it('draws each horizontal run of dark modules as one rectangle, shifted by the quiet zone', () => {
    const rows = [...blank];
    rows[0] = '1'.repeat(7) + '0'.repeat(13) + '1';
    rows[2] = '0101' + '0'.repeat(17);
    expect(qrPath({ size, rows })).toBe('M4 4h7v1h-7zM24 4h1v1h-1zM5 6h1v1h-1zM7 6h1v1h-1z');
    expect(qrViewBox({ size, rows })).toBe('0 0 29 29');
  });

  it('draws nothing for a light matrix and covers every dark module exactly once', () => {
    expect(qrPath({ size, rows: blank })).toBe('');
    const rows = blank.map((_, y) => Array.from({ length: size }, (__, x) => ((x * 7 + y * 3) % 5 < 2 ? '1' : '0')).join(''));
    const dark = rows.join('').split('').filter((c) => c === '1').length;
    const widths = [...qrPath({ size, rows }).matchAll(/h(\d+)v1/g)].map((m) => Number(m[1]));
    expect(widths.reduce((a, b) => a + b, 0)).toBe(dark);
  });
});

describe('refusals', () => {
  it('groups the handshake refusals of devices', () => {
    expect(deviceRefusalOf(errorPayload('device-not-enrolled'))).toBe('not-enrolled');
    expect(deviceRefusalOf(errorPayload('device-revoked'))).toBe('revoked');
    expect(deviceRefusalOf(errorPayload('device-wrong-role', { enrolled: 'seat', role: 'chair' }))).toBe('wrong-role');
    expect(deviceRefusalOf(errorPayload('device-wrong-seat', { enrolled: 3, seat: 4 }))).toBe('wrong-seat');
    expect(deviceRefusalOf(errorPayload('seat-unknown', { seat: 4 }))).toBeNull();
    expect(deviceRefusalOf(null)).toBeNull();
  });

  it('reads attempts left and the lock time of PIN refusals', () => {
    expect(pinRefusalOf(errorPayload('pin-required'))).toEqual({ kind: 'required' });
    expect(pinRefusalOf(errorPayload('pin-wrong', { remaining: 2 }))).toEqual({ kind: 'wrong', remaining: 2 });
    expect(pinRefusalOf(errorPayload('pin-wrong', { remaining: '4' }))).toEqual({ kind: 'wrong', remaining: 4 });
    expect(pinRefusalOf(errorPayload('pin-wrong'))).toEqual({ kind: 'wrong', remaining: null });
    expect(pinRefusalOf(errorPayload('pin-locked', { until: '2026-11-23T18:40:00.000Z' }))).toEqual({ kind: 'locked', until: '2026-11-23T18:40:00.000Z' });
    expect(pinRefusalOf(errorPayload('device-revoked'))).toBeNull();
  });

  it('names the role a device is enrolled for instead of its code', () => {
    expect(wrongPlaceText(errorPayload('device-wrong-role', { enrolled: 'seat', role: 'chair' }))?.de).toBe(
      'Dieses Gerät ist als Platz eingerichtet und kann diese Ansicht nicht öffnen.',
    );
    expect(wrongPlaceText(errorPayload('device-wrong-role', { enrolled: 'robot', role: 'chair' }))).toBeNull();
    expect(wrongPlaceText(errorPayload('device-wrong-seat', { enrolled: 3, seat: 4 }))).toBeNull();
  });

  it('turns an HTTP answer into a typed refusal', () => {
    expect(refusalOf(errorPayload('pairing-code-used'), 409).code).toBe('pairing-code-used');
    expect(refusalOf({ message: 'slow down' }, 429).code).toBe('rate-limited');
    expect(refusalOf('<html>', 502).code).toBe('internal-error');
  });
});

describe('device names', () => {
  it.each([
    [[1, 2, 3, 4], '1–4'],
    [[7, 1, 2, 9, 8], '1–2, 7–9'],
    [[5], '5'],
    [[], ''],
  ])('seats %j read %j', (seats, text) => {
    expect(seatRanges(seats)).toBe(text);
  });

  it('names each role in both languages', () => {
    expect(targetName({ role: 'seat', seatId: 12 })).toEqual({ de: 'Platz 12', en: 'Seat 12' });
    expect(targetName({ role: 'seat', seatId: 12 }, () => 'A3')).toEqual({ de: 'Platz A3', en: 'Seat A3' });
    expect(targetName({ role: 'chair' }).de).toBe('Sitzungsleitung');
    expect(targetName({ role: 'display' }).de).toBe('Öffentliche Anzeige');
    expect(targetName({ role: 'agent', seats: [3, 1, 2] })).toEqual({ de: 'Kartenleser-Einheit (Plätze 1–3)', en: 'Card reader unit (seats 1–3)' });
    expect(targetName({ role: 'agent', seats: [4] }).de).toBe('Kartenleser-Einheit (Platz 4)');
  });
});
