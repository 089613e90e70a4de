import { Router } from 'express';
import { CONTENT_TYPES, EXPORT_FORMATS, exportFileName, isExportFormat, type ExportFormat } from '../export/formats';
import { errorPayload } from '../protocol/errors';

export interface ExportListing {
  session: { id: string; title: string; date: string };
  log: { events: number; finalHash: string };
}

export interface ExportRoutesOptions {
  /** What the exports page shows: cheap, from the running server's state. Null before a register is loaded. */
  listing: () => ExportListing | null;
  /** Renders one format from the log (in a child process in the server: see export/child.ts). */
  render: (format: ExportFormat, o: { oparlBaseUrl?: string }) => Promise<Buffer>;
}

/**
 * Downloads of the minutes and data: GET /api/export lists what there is, GET /api/export/:format
 * sends one file (pdf, docx, csv, csv-named, json, oparl), made from the log as it is now.
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
    if (running >= MAX_RUNNING) {
      res.status(429).json(errorPayload('rate-limited'));
      return;
    }
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
