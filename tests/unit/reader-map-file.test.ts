import { describe, expect, it } from 'vitest';
import { formatReaderMap, parseReaderMap, ReaderMapError } from '../../drivers/card-readers/reader-map-file';
import { ReaderSeatMap } from '../../drivers/card-readers/reader-map';

const seats = new Set([1, 2, 3, 7]);
const file = (readers: unknown, format = 'ratssaal-readers/1') => JSON.stringify({ format, readers });

describe('reader map file', () => {
  it('maps reader names to seats', () => {
    const map = parseReaderMap(file([{ reader: 'ACS ACR122U PICC Interface 00 00', seat: 7 }, { reader: 'R2', seat: 2 }]), seats);
    expect(map.seatOf('ACS ACR122U PICC Interface 00 00')).toBe(7);
    expect(map.readerOf(2)).toBe('R2');
    expect(map.seatOf('other')).toBeNull();
  });

  it('round-trips through formatReaderMap', () => {
    const text = formatReaderMap([['A', 1], ['B', 3]]);
    expect(parseReaderMap(text, seats).entries()).toEqual([['A', 1], ['B', 3]]);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['wrong format', file([], 'ratssaal-readers/9'), /format/],
    ['unknown field', JSON.stringify({ format: 'ratssaal-readers/1', readers: [{ reader: 'A', seat: 1, x: 1 }] }), /readers\.0/],
    ['seat not in the register', file([{ reader: 'A', seat: 5 }]), /readers\.0\.seat: seat 5 does not exist/],
    ['reader listed twice', file([{ reader: 'A', seat: 1 }, { reader: 'A', seat: 2 }]), /"A" is listed twice/],
    ['seat with two readers', file([{ reader: 'A', seat: 1 }, { reader: 'B', seat: 1 }]), /seat 1 already has reader "A"/],
    ['empty reader name', file([{ reader: ' ', seat: 1 }]), /readers\.0\.reader/],
  ])('refuses %s with a clear message', (_name, text, message) => {
    expect(() => parseReaderMap(text, seats)).toThrow(ReaderMapError);
    expect(() => parseReaderMap(text, seats)).toThrow(message);
  });

  it('falls back to the simulated readers for seats the file does not list; the file reader is the seat own reader', () => {
    const map = parseReaderMap(file([{ reader: 'R7', seat: 7 }]), seats).withFallback(ReaderSeatMap.simulated([1, 7]));
    expect(map.readerOf(7)).toBe('R7');
    expect(map.seatOf('sim-seat-7')).toBe(7);
    expect(map.readerOf(1)).toBe('sim-seat-1');
  });
});
