import type { Tally } from '../protocol/common';
import type { StoredEvent } from '../store/event-store';
import { readLog } from '../store/log-reader';
import { renderCsvElections, renderCsvNamed, renderCsvVotes } from './csv';
import { buildDocument } from './document';
import { renderDocx } from './docx';
import { DEFAULT_TIME_ZONE } from './format';
import { renderSessionJson } from './json';
import { buildMinutes } from './minutes';
import { renderOparl } from './oparl';
import { renderPdf } from './pdf';
import { CONTENT_TYPES, exportFileName, type ExportFormat } from './formats';
import type { Minutes } from './schema';

export { CONTENT_TYPES, EXPORT_FORMATS, exportFileName, isExportFormat, type ExportFormat } from './formats';

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

/** The recorded session an export is made from: the verified log and the urn. */
export interface SessionRecord {
  events: readonly StoredEvent[];
  urn: ReadonlyMap<string, Tally>;
}

export interface ExportOptions {
  timeZone?: string;
  /** When the export is made (JSON metadata, PDF creation date). */
  now?: Date;
  /** Base of the OParl object URLs. */
  oparlBaseUrl?: string;
}

export class ExportError extends Error {
  constructor(readonly code: 'log-broken' | 'session-unknown' | 'no-register', message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/** Reads a data folder's (or a db file's) log for export; refuses a log whose hash chain is broken. */
export function readSessionRecord(dataDirOrFile: string): SessionRecord {
  const { check, events, urn } = readLog(dataDirOrFile);
  if (check.mismatch) {
    throw new ExportError('log-broken', `the event log does not verify at event ${check.mismatch.seq} (${check.mismatch.reason}): no minutes from a broken log`);
  }
  return { events, urn };
}

export function minutesOf(record: SessionRecord, sessionId?: string): Minutes {
  if (!record.events.some((e) => e.event.type === 'RegisterLoaded')) throw new ExportError('no-register', 'the event log holds no session yet');
  const minutes = buildMinutes(record.events, record.urn);
  if (sessionId !== undefined && sessionId !== minutes.session.id) {
    throw new ExportError('session-unknown', `this log records session "${minutes.session.id}", not "${sessionId}"`);
  }
  return minutes;
}

/** Renders one export of a recorded session. */
export async function exportSession(record: SessionRecord, format: ExportFormat, o: ExportOptions & { sessionId?: string } = {}): Promise<ExportFile> {
  const minutes = minutesOf(record, o.sessionId);
  const fo = { timeZone: o.timeZone ?? DEFAULT_TIME_ZONE };
  const now = o.now ?? new Date();
  let body: Buffer;
  switch (format) {
    case 'pdf':
      body = await renderPdf(buildDocument(minutes, fo), { createdAt: now });
      break;
    case 'docx':
      body = await renderDocx(buildDocument(minutes, fo));
      break;
    case 'csv':
      body = renderCsvVotes(minutes, fo);
      break;
    case 'csv-named':
      body = renderCsvNamed(minutes);
      break;
    case 'csv-elections':
      body = renderCsvElections(minutes, fo);
      break;
    case 'json':
      body = renderSessionJson(minutes, record.events, now);
      break;
    case 'oparl':
      body = renderOparl(minutes, { baseUrl: o.oparlBaseUrl ?? 'https://ratssaal.invalid/oparl' });
      break;
  }
  return { filename: exportFileName(minutes, format), contentType: CONTENT_TYPES[format], body };
}
