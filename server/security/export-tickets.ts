import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../domain/errors';
import type { ExportFormat } from '../export/formats';
import { EXPORT_TICKET_TTL_MS } from '../protocol/export-tickets';

export interface ExportTicketOptions {
  ttlMs?: number;
  /** At most this many tickets are kept (issued, used or expired but not yet swept); the oldest go first. */
  maxTickets?: number;
  /** The clock, as milliseconds since the epoch (tests pass their own). */
  now?: () => number;
}

interface TicketRecord {
  deviceId: string;
  format: ExportFormat;
  expiresAt: number;
  used: boolean;
}

/** Used and expired tickets are remembered this long after their expiry, so a late retry hears why. */
const REMEMBER_AFTER_EXPIRY_MS = 10 * 60_000;

function digest(ticket: string): string {
  return createHash('sha256').update(ticket).digest('base64url');
}

/**
 * One-time download tickets for the exports: random (256 bits), single use, short-lived, bound to
 * one device and one format, kept in memory only (a restart voids them, which costs one click).
 * The map holds only SHA-256 digests of the tickets: a heap dump or a debugger shows no ticket
 * that could still be redeemed, for the price of one hash per request.
 */
export class ExportTickets {
  private readonly tickets = new Map<string, TicketRecord>();
  private readonly ttlMs: number;
  private readonly maxTickets: number;
  private readonly now: () => number;

  constructor(o: ExportTicketOptions = {}) {
    this.ttlMs = o.ttlMs ?? EXPORT_TICKET_TTL_MS;
    this.maxTickets = o.maxTickets ?? 10_000;
    this.now = o.now ?? Date.now;
  }

  /** A new ticket for this device and format. */
  issue(deviceId: string, format: ExportFormat): { ticket: string; expiresAt: string } {
    this.sweep();
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    this.tickets.set(digest(ticket), { deviceId, format, expiresAt, used: false });
    // a Map iterates in insertion order: the first keys are the oldest
    while (this.tickets.size > this.maxTickets) this.tickets.delete(this.tickets.keys().next().value as string);
    return { ticket, expiresAt: new Date(expiresAt).toISOString() };
  }

  /**
   * Uses up the ticket for this device and format, or throws why not. A ticket shown by another
   * device is refused and stays valid for its own device (the other device is enrolled as staff
   * too; it cannot take the owner's download away).
   */
  redeem(ticket: string | undefined, deviceId: string, format: ExportFormat): void {
    if (ticket === undefined || ticket === '') throw new DomainError('export-ticket-required');
    const record = ticket.length <= 128 ? this.tickets.get(digest(ticket)) : undefined;
    if (!record) throw new DomainError('export-ticket-unknown');
    if (record.deviceId !== deviceId) throw new DomainError('export-ticket-wrong-device');
    if (record.used) throw new DomainError('export-ticket-used');
    if (this.now() >= record.expiresAt) throw new DomainError('export-ticket-expired');
    if (record.format !== format) throw new DomainError('export-ticket-wrong-format', { format: record.format, requested: format });
    record.used = true;
  }

  /** A revoked device's tickets go at once. */
  forgetDevice(deviceId: string): void {
    for (const [key, record] of this.tickets) if (record.deviceId === deviceId) this.tickets.delete(key);
  }

  /** How many tickets are kept (for tests and the memory argument). */
  get size(): number {
    return this.tickets.size;
  }

  private sweep(): void {
    const cutoff = this.now() - REMEMBER_AFTER_EXPIRY_MS;
    for (const [key, record] of this.tickets) if (record.expiresAt < cutoff) this.tickets.delete(key);
  }
}
