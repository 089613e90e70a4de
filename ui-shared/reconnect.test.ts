import { describe, expect, it } from 'vitest';
import { RECONNECT, ReconnectPolicy, reconnectDelay } from './reconnect';

describe('reconnect after the server dropped the connection', () => {
  it.each<[number, number, number]>([
    // attempt, random, delay in ms
    [0, 0, 0],
    [0, 0.5, 200],
    [0, 0.999, 399],
    [1, 0.5, 1000],
    [1, 0, 750],
    [1, 0.999, 1250],
    [2, 0.5, 2000],
    [3, 0.5, 4000],
    [4, 0.5, 8000],
    [5, 0.5, 15_000],
    [12, 0.5, 15_000],
    [12, 0, 11_250],
    [12, 0.999, 18_743],
  ])('attempt %i with random %f waits %i ms', (attempt, random, delay) => {
    expect(reconnectDelay(attempt, random)).toBe(delay);
  });

  it('the first try is prompt, whatever the random number', () => {
    for (let r = 0; r < 1; r += 0.01) expect(reconnectDelay(0, r)).toBeLessThan(RECONNECT.firstJitterMs);
  });

  it('a room dropped at once spreads its first tries over the jitter window', () => {
    const delays = Array.from({ length: 125 }, (_, i) => reconnectDelay(0, i / 125));
    expect(new Set(delays).size).toBeGreaterThan(100);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(RECONNECT.firstJitterMs * 0.9);
  });

  it('drops in a row back off; a healthy connection starts again at the first try', () => {
    const p = new ReconnectPolicy();
    expect(p.dropped(0, 0.5)).toBe(200);
    p.connected(300);
    expect(p.dropped(500, 0.5)).toBe(1000);
    p.connected(1600);
    expect(p.dropped(1700, 0.5)).toBe(2000);
    p.connected(4000);
    expect(p.dropped(4000 + RECONNECT.healthyAfterMs, 0.5)).toBe(200);
    // dropped again without ever connecting: still backing off
    expect(p.dropped(20_000, 0.5)).toBe(1000);
  });
});
