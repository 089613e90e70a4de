import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { exportTicketCommands } from '../protocol/export-tickets';
import type { ExportTickets } from '../security/export-tickets';
import type { DeviceSocketData } from './device-gate';

type Spec = (typeof exportTicketCommands)['exportTicket'];

/** The chair's and the clerk's `exportTicket`: a one-time download for this connection's device. */
export function exportTicketHandlers(tickets: ExportTickets | null): {
  exportTicket: (p: z.output<Spec['request']>, socket: Socket) => Promise<z.output<Spec['response']>>;
} {
  return {
    exportTicket: (p, socket) =>
      new Promise((resolve) => {
        const deviceId = (socket.data as Partial<DeviceSocketData>).deviceId;
        // without the device gate there is no device to bind the ticket to
        if (!tickets || !deviceId) throw new DomainError('export-ticket-required');
        const { ticket, expiresAt } = tickets.issue(deviceId, p.format);
        resolve({ url: `/api/export/${p.format}?ticket=${encodeURIComponent(ticket)}`, expiresAt });
      }),
  };
}
