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

/** One line of a refusal, in both languages. */
export interface Bilingual {
  de: string;
  en: string;
}

/**
 * A reader map that cannot be used: a heading and every problem found, one per line. The message
 * is English (logs, the console at start); `german` says the same for the chair console.
 */
export class ReaderMapError extends Error {
  readonly german: string;

  constructor(heading: Bilingual, problems: readonly Bilingual[] = []) {
    super([heading.en, ...problems.map((p) => `  ${p.en}`)].join('\n'));
    this.name = 'ReaderMapError';
    this.german = [heading.de, ...problems.map((p) => `  ${p.de}`)].join('\n');
  }
}

/** What a field of the file must hold, in German (zod's own messages are English). */
function germanIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unbekanntes Feld ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  switch (issue.path.at(-1)) {
    case 'format':
      return `das Format muss "${READER_MAP_FORMAT}" sein`;
    case 'readers':
      return 'die Liste der Kartenleser fehlt';
    case 'reader':
      return 'der Name des Kartenlesers fehlt oder ist länger als 200 Zeichen';
    case 'seat':
      return 'der Platz muss eine ganze Zahl von 1 bis 9999 sein';
    default:
      return `ungültiger Eintrag (${issue.message})`;
  }
}

/**
 * Parses and checks a reader map: valid JSON of the format, every seat known, no reader and no
 * seat listed twice. Throws ReaderMapError with every problem found, one per line. `source`
 * names the map in the messages (the file, or the map edited in the chair console).
 */
export function parseReaderMap(text: string, knownSeats: ReadonlySet<number>, source: string | Bilingual = READER_MAP_FILE): ReaderSeatMap {
  const named = typeof source === 'string' ? { de: source, en: source } : source;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ReaderMapError({ de: `${named.de}: kein gültiges JSON (${detail})`, en: `${named.en}: not valid JSON (${detail})` });
  }
  const parsed = ReaderMapFile.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((i) => {
      const where = i.path.join('.') || '(file)';
      return { de: `${where}: ${germanIssue(i)}`, en: `${where}: ${i.message}` };
    });
    throw new ReaderMapError(
      { de: `${named.de} ist keine gültige Kartenleser-Zuordnung (Format "${READER_MAP_FORMAT}"):`, en: `${named.en} is not a valid reader map (format "${READER_MAP_FORMAT}"):` },
      problems,
    );
  }
  const problems: Bilingual[] = [];
  const byReader = new Map<string, number>();
  const seatsTaken = new Map<number, string>();
  parsed.data.readers.forEach(({ reader, seat }, i) => {
    if (!knownSeats.has(seat)) problems.push({ de: `readers.${i}.seat: Platz ${seat} gibt es im Register nicht`, en: `readers.${i}.seat: seat ${seat} does not exist in the register` });
    if (byReader.has(reader)) problems.push({ de: `readers.${i}.reader: "${reader}" ist zweimal aufgeführt`, en: `readers.${i}.reader: "${reader}" is listed twice` });
    const other = seatsTaken.get(seat);
    if (other !== undefined) problems.push({ de: `readers.${i}.seat: Platz ${seat} hat schon den Kartenleser "${other}"`, en: `readers.${i}.seat: seat ${seat} already has reader "${other}"` });
    byReader.set(reader, seat);
    seatsTaken.set(seat, reader);
  });
  if (problems.length > 0) throw new ReaderMapError({ de: `${named.de} ist keine gültige Kartenleser-Zuordnung:`, en: `${named.en} is not a valid reader map:` }, problems);
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
