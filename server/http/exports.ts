import { Router, type Response } from 'express';
import { DomainError } from '../domain/errors';
import { CONTENT_TYPES, EXPORT_FORMATS, exportFileName, isExportFormat, type ExportFormat } from '../export/formats';
import { errorPayload, type ErrorCode } from '../protocol/errors';
import type { DeviceRecord } from '../security/devices';
import type { ExportTickets } from '../security/export-tickets';

export interface ExportListing {
  session: { id: string; title: string; date: string };
  log: { events: number; finalHash: string };
}

export interface ExportRoutesOptions {
  /** What the exports page shows: cheap, from the running server's state. Null before a register is loaded. */
  listing: () => ExportListing | null;
  /** Renders one format from the log (in a child process in the server: see export/child.ts). */
  render: (format: ExportFormat, o: { oparlBaseUrl?: string }) => Promise<Buffer>;
  /**
   * One-time tickets: a download then needs the device (left in res.locals.device by
   * requireDevice) AND a ticket issued to that device over its unlocked connection.
   */
  tickets?: ExportTickets;
}

const TICKET_STATUS: Partial<Record<ErrorCode, number>> = {
  'export-ticket-required': 401,
  'export-ticket-unknown': 403,
  'export-ticket-used': 403,
  'export-ticket-expired': 403,
  'export-ticket-wrong-device': 403,
  'export-ticket-wrong-format': 403,
};

/** Uses up the request's ticket; false (and the refusal sent) when it is missing or not valid. */
function takeTicket(tickets: ExportTickets, ticket: unknown, res: Response, format: ExportFormat): boolean {
  const device = (res.locals as { device?: DeviceRecord }).device;
  try {
    if (!device) throw new DomainError('export-ticket-required');
    tickets.redeem(typeof ticket === 'string' ? ticket : undefined, device.id, format);
    return true;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    res.setHeader('Cache-Control', 'no-store');
    res.status(TICKET_STATUS[err.code] ?? 403).json(errorPayload(err.code, { ...err.params }));
    return false;
  }
}

/**
 * Downloads of the minutes and data: GET /api/export lists what there is, GET /api/export/:format
 * sends one file (pdf, docx, csv, csv-named, csv-elections, json, oparl), made from the log as it is now; with
 * tickets, only for GET /api/export/:format?ticket=… (see security/export-tickets.ts).
 */
export function exportRoutes(o: ExportRoutesOptions): Router {
  const router = Router();
  // each export is a process of its own: a few at a time, not one per impatient click
  const MAX_RUNNING = 2;
  let running = 0;

  router.get('/', (_req, res) => {
    const listing = o.listing();
    if (!listing) {
      res.status(409).json(errorPayload('export-failed', { detail: 'no session recorded yet' }));
      return;
    }
    res.json({ formats: EXPORT_FORMATS, ...listing });
  });

  router.get('/:format', async (req, res) => {
    const format = req.params.format;
    if (!isExportFormat(format)) {
      res.status(404).json(errorPayload('export-format-unknown', { format, formats: EXPORT_FORMATS.join(', ') }));
      return;
    }
    const listing = o.listing();
    if (!listing) {
      res.status(409).json(errorPayload('export-failed', { detail: 'no session recorded yet' }));
      return;
    }
    if (o.tickets && (typeof req.query.ticket !== 'string' || req.query.ticket === '')) {
      takeTicket(o.tickets, undefined, res, format);
      return;
    }
    if (running >= MAX_RUNNING) {
      res.status(429).json(errorPayload('rate-limited'));
      return;
    }
    // used up only when the file is made: a busy server (429) does not cost the ticket
    if (o.tickets && !takeTicket(o.tickets, req.query.ticket, res, format)) return;
    running += 1;
    try {
      const host = req.get('host');
      const body = await o.render(format, host ? { oparlBaseUrl: `https://${host}/oparl` } : {});
      res.setHeader('Cache-Control', 'no-store');
      res.type(CONTENT_TYPES[format]).attachment(exportFileName(listing, format)).send(body);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      console.error(`export ${format} failed: ${detail}`);
      res.status(409).json(errorPayload('export-failed', { detail }));
    } finally {
      running -= 1;
    }
  });
  return router;
}
