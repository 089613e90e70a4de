import { z } from 'zod';
import { IsoTime } from './common';

/** The export formats on the wire (the same list as server/export/formats.ts; a unit test keeps them equal). */
export const ExportFormatName = z.enum(['pdf', 'docx', 'csv', 'csv-named', 'csv-elections', 'json', 'oparl']);
export type ExportFormatName = z.infer<typeof ExportFormatName>;

/** How long a download ticket is valid after it was issued. */
export const EXPORT_TICKET_TTL_MS = 60_000;

/**
 * Chair and clerk: a one-time download ticket for one export, bound to this device. Issued only
 * over the device's (PIN-unlocked) connection; GET `url` with the device's cookie downloads once.
 */
export const exportTicketCommands = {
  exportTicket: {
    request: z.object({ format: ExportFormatName }).strict(),
    response: z.object({ url: z.string(), expiresAt: IsoTime }),
  },
} as const;
