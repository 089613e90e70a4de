import { describe, expect, it } from 'vitest';
import { WedgeBuffer } from './wedge';

function typeAll(b: WedgeBuffer, keys: string[], start: number, gap: number): (string | null)[] {
  return keys.map((k, i) => b.key(k, start + i * gap));
}
const keysOf = (s: string) => [...s, 'Enter'];

describe('keyboard wedge', () => {
  it.each([
    ['4-byte UID', 'a1b2c3d4', 'A1B2C3D4'],
    ['7-byte UID', '04A1B2C3D4E5F6', '04A1B2C3D4E5F6'],
    ['separators', 'A1:B2:C3:D4', 'A1B2C3D4'],
  ])('a fast burst ending with Enter is a tap: %s', (_name, typed, uid) => {
    expect(typeAll(new WedgeBuffer(), keysOf(typed), 1000, 8).at(-1)).toBe(uid);
  });

  it.each([
    ['typed by a person (slow)', keysOf('A1B2C3D4'), 150],
    ['wrong length', keysOf('A1B2C3'), 8],
    ['not hex', keysOf('A1B2C3DX'), 8],
    ['no Enter', [...'A1B2C3D4'], 8],
  ])('no tap when %s', (_name, keys, gap) => {
    expect(typeAll(new WedgeBuffer(), keys, 1000, gap).every((r) => r === null)).toBe(true);
  });

  it('a pause starts a new burst: stray keys before a card do not spoil it', () => {
    const b = new WedgeBuffer();
    typeAll(b, [...'FF'], 0, 8);
    expect(typeAll(b, keysOf('A1B2C3D4'), 1000, 8).at(-1)).toBe('A1B2C3D4');
  });
});
