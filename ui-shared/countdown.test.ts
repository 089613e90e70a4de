import { describe, expect, it } from 'vitest';
import { formatDuration, secondsLeft, secondsSince, serverOffset } from './countdown';

describe('countdown from the server clock', () => {
  const endsAt = '2026-03-12T17:05:00.000Z';
  const serverNow = Date.parse('2026-03-12T17:00:00.000Z');
  it.each<[string, number, number]>([
    ['device clock right', 0, 300],
    ['device clock 90 s fast', 90_000, 300],
    ['device clock 10 min slow', -600_000, 300],
  ])('%s: the full time is left when the view arrives', (_name, skewMs, expected) => {
    const deviceNow = serverNow + skewMs;
    const offset = serverOffset(new Date(serverNow).toISOString(), deviceNow);
    expect(secondsLeft(endsAt, offset, deviceNow)).toBe(expected);
    expect(secondsLeft(endsAt, offset, deviceNow + 299_500)).toBe(1);
    expect(secondsLeft(endsAt, offset, deviceNow + 300_000)).toBe(0);
    expect(secondsLeft(endsAt, offset, deviceNow + 312_400)).toBe(-12);
    expect(secondsSince('2026-03-12T16:59:00.000Z', offset, deviceNow)).toBe(60);
  });

  it.each<[number, string]>([
    [0, '0:00'],
    [5, '0:05'],
    [300, '5:00'],
    [-72, '−1:12'],
    [3723, '1:02:03'],
  ])('formats %i s as %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});
