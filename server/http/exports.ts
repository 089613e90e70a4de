import { Router } from 'express';
import { EXPORT_FORMATS, exportSession, ExportError, isExportFormat, minutesOf, type SessionRecord } from '../export';
import { errorPayload } from '../protocol/errors';
import { ChainBrokenError } from '../store/event-store';

export interface ExportRoutesOptions {
  /** The verified log and the urn, read when a download is asked for (throws on a broken chain). */
  record: () => SessionRecord;
  timeZone?: string;
}

/**
 * Downloads of the minutes and data: GET /api/export lists what there is, GET /api/export/:format
 * sends one file (pdf, docx, csv, csv-named, json, oparl), made from the log as it is now.
 */
export function exportRoutes(o: ExportRoutesOptions): Router {
  const router = Router();
  const failed = (err: unknown) => {
    const detail =
      err instanceof ExportError || err instanceof ChainBrokenError ? err.message : 'internal error';
    return errorPayload('export-failed', { detail });
  };

  router.get('/', (_req, res) => {
    try {
      const record = o.record();
      const m = minutesOf(record);
      res.json({ formats: EXPORT_FORMATS, session: { id: m.session.id, title: m.session.title, date: m.session.date }, log: m.log });
    } catch (err) {
      if (!(err instanceof ExportError || err instanceof ChainBrokenError)) console.error('export listing failed', err);
      res.status(409).json(failed(err));
    }
  });

  router.get('/:format', async (req, res) => {
    const format = req.params.format;
    if (!isExportFormat(format)) {
      res.status(404).json(errorPayload('export-format-unknown', { format, formats: EXPORT_FORMATS.join(', ') }));
      return;
    }
    try {
      const host = req.get('host');
      const file = await exportSession(o.record(), format, {
        ...(o.timeZone === undefined ? {} : { timeZone: o.timeZone }),
        ...(host ? { oparlBaseUrl: `https://${host}/oparl` } : {}),
      });
      res.setHeader('Cache-Control', 'no-store');
      res.type(file.contentType).attachment(file.filename).send(file.body);
    } catch (err) {
      if (!(err instanceof ExportError || err instanceof ChainBrokenError)) console.error(`export ${format} failed`, err);
      res.status(409).json(failed(err));
    }
  });
  return router;
}
