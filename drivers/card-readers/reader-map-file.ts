import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ReaderSeatMap } from './reader-map';

/** The reader-to-seat map file in the data folder. */
export const READER_MAP_FILE = 'readers.json';
export const READER_MAP_FORMAT = 'ratssaal-readers/1';

export const ReaderMapFile = z
  .object({
    format: z.literal(READER_MAP_FORMAT),
    readers: z.array(
      z
        .object({
          /** The reader's name exactly as pcsc-lite reports it, e.g. "ACS ACR122U PICC Interface 00 00". */
          reader: z.string().trim().min(1).max(200),
          seat: z.number().int().min(1).max(9999),
        })
        .strict(),
    ),
  })
  .strict();
export type ReaderMapFile = z.infer<typeof ReaderMapFile>;

export class ReaderMapError extends Error {}

/**
 * Parses and checks a reader map: valid JSON of the format, every seat known, no reader and no
 * seat listed twice. Throws ReaderMapError with every problem found, one per line.
 */
export function parseReaderMap(text: string, knownSeats: ReadonlySet<number>, source = READER_MAP_FILE): ReaderSeatMap {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ReaderMapError(`${source}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = ReaderMapFile.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new ReaderMapError(`${source} is not a valid reader map (format "${READER_MAP_FORMAT}"):\n${lines.join('\n')}`);
  }
  const problems: string[] = [];
  const byReader = new Map<string, number>();
  const seatsTaken = new Map<number, string>();
  parsed.data.readers.forEach(({ reader, seat }, i) => {
    if (!knownSeats.has(seat)) problems.push(`  readers.${i}.seat: seat ${seat} does not exist in the register`);
    if (byReader.has(reader)) problems.push(`  readers.${i}.reader: "${reader}" is listed twice`);
    const other = seatsTaken.get(seat);
    if (other !== undefined) problems.push(`  readers.${i}.seat: seat ${seat} already has reader "${other}"`);
    byReader.set(reader, seat);
    seatsTaken.set(seat, reader);
  });
  if (problems.length > 0) throw new ReaderMapError(`${source} is not a valid reader map:\n${problems.join('\n')}`);
  return new ReaderSeatMap(byReader);
}

/** Reads the map file; a missing file is an empty map. */
export function readReaderMapFile(file: string, knownSeats: ReadonlySet<number>): ReaderSeatMap {
  if (!existsSync(file)) return new ReaderSeatMap();
  return parseReaderMap(readFileSync(file, 'utf8'), knownSeats, file);
}

export function formatReaderMap(entries: Iterable<[reader: string, seat: number]>): string {
  const file: ReaderMapFile = { format: READER_MAP_FORMAT, readers: [...entries].map(([reader, seat]) => ({ reader, seat })) };
  return `${JSON.stringify(file, null, 2)}\n`;
}
