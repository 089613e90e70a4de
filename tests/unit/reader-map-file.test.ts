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
    ['not JSON', '{', /not valid JSON/, /kein gültiges JSON/],
    ['wrong format', file([], 'ratssaal-readers/9'), /format/, /format: das Format muss "ratssaal-readers\/1" sein/],
    ['unknown field', JSON.stringify({ format: 'ratssaal-readers/1', readers: [{ reader: 'A', seat: 1, x: 1 }] }), /readers\.0/, /readers\.0: unbekanntes Feld "x"/],
    ['seat not in the register', file([{ reader: 'A', seat: 5 }]), /readers\.0\.seat: seat 5 does not exist/, /readers\.0\.seat: Platz 5 gibt es im Register nicht/],
    ['reader listed twice', file([{ reader: 'A', seat: 1 }, { reader: 'A', seat: 2 }]), /"A" is listed twice/, /"A" ist zweimal aufgeführt/],
    ['seat with two readers', file([{ reader: 'A', seat: 1 }, { reader: 'B', seat: 1 }]), /seat 1 already has reader "A"/, /Platz 1 hat schon den Kartenleser "A"/],
    ['empty reader name', file([{ reader: ' ', seat: 1 }]), /readers\.0\.reader/, /readers\.0\.reader: der Name des Kartenlesers fehlt/],
    ['seat out of range', file([{ reader: 'A', seat: 0 }]), /readers\.0\.seat/, /readers\.0\.seat: der Platz muss eine ganze Zahl von 1 bis 9999 sein/],
    ['no list of readers', JSON.stringify({ format: 'ratssaal-readers/1' }), /readers/, /readers: die Liste der Kartenleser fehlt/],
  ])('refuses %s with a clear message in English and German', (_name, text, english, german) => {
    const error = (() => {
      try {
        parseReaderMap(text, seats);
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ReaderMapError);
    expect((error as ReaderMapError).message).toMatch(english);
    expect((error as ReaderMapError).german).toMatch(german);
    // the German text has no English problem lines in it
    expect((error as ReaderMapError).german).not.toMatch(/does not exist|listed twice|already has|not a valid|not valid JSON/);
  });

  it('names the map it checked in both languages', () => {
    const run = () => parseReaderMap(file([{ reader: 'A', seat: 5 }]), seats, { de: 'Die bearbeitete Zuordnung', en: 'The edited map' });
    expect(run).toThrow(/^The edited map is not a valid reader map:\n {2}readers\.0\.seat: seat 5 does not exist in the register$/);
    try {
      run();
    } catch (err) {
      expect((err as ReaderMapError).german).toBe('Die bearbeitete Zuordnung ist keine gültige Kartenleser-Zuordnung:\n  readers.0.seat: Platz 5 gibt es im Register nicht');
    }
    expect.assertions(2);
  });

  it('falls back to the simulated readers for seats the file does not list; the file reader is the seat own reader', () => {
    const map = parseReaderMap(file([{ reader: 'R7', seat: 7 }]), seats).withFallback(ReaderSeatMap.simulated([1, 7]));
    expect(map.readerOf(7)).toBe('R7');
    expect(map.seatOf('sim-seat-7')).toBe(7);
    expect(map.readerOf(1)).toBe('sim-seat-1');
  });
});
