import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/domain/errors';
import { EXPORT_FORMATS } from '../../server/export/formats';
import { ExportFormatName } from '../../server/protocol/export-tickets';
import { ExportTickets } from '../../server/security/export-tickets';

function refusal(fn: () => void): string {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

describe('one-time export download tickets', () => {
  const clock = () => {
    let t = Date.parse('2026-03-12T17:00:00.000Z');
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it('the wire knows the same formats as the exporter', () => {
    expect([...ExportFormatName.options]).toEqual([...EXPORT_FORMATS]);
  });

  it('a ticket is random, valid 60 s, once, for its own device and format', () => {
    const c = clock();
    const tickets = new ExportTickets({ now: c.now });
    const a = tickets.issue('dev-a', 'pdf');
    const b = tickets.issue('dev-a', 'pdf');
    expect(a.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.ticket).not.toBe(b.ticket);
    expect(a.expiresAt).toBe('2026-03-12T17:01:00.000Z');

    expect(refusal(() => tickets.redeem(a.ticket, 'dev-b', 'pdf'))).toBe('export-ticket-wrong-device');
    expect(refusal(() => tickets.redeem(a.ticket, 'dev-a', 'csv'))).toBe('export-ticket-wrong-format');
    // neither refusal used it up
    expect(refusal(() => tickets.redeem(a.ticket, 'dev-a', 'pdf'))).toBe('accepted');
    expect(refusal(() => tickets.redeem(a.ticket, 'dev-a', 'pdf'))).toBe('export-ticket-used');

    c.advance(59_999);
    expect(refusal(() => tickets.redeem(b.ticket, 'dev-a', 'pdf'))).toBe('accepted');
    const late = tickets.issue('dev-a', 'json');
    c.advance(60_000);
    expect(refusal(() => tickets.redeem(late.ticket, 'dev-a', 'json'))).toBe('export-ticket-expired');
  });

  it.each<[string, string | undefined, string]>([
    ['missing', undefined, 'export-ticket-required'],
    ['empty', '', 'export-ticket-required'],
    ['made up', 'A'.repeat(43), 'export-ticket-unknown'],
    ['huge', 'A'.repeat(100_000), 'export-ticket-unknown'],
  ])('a %s ticket is refused', (_name, ticket, code) => {
    const tickets = new ExportTickets();
    tickets.issue('dev-a', 'pdf');
    expect(refusal(() => tickets.redeem(ticket, 'dev-a', 'pdf'))).toBe(code);
  });

  it('a revoked device loses its tickets; old tickets are swept; the number kept is bounded', () => {
    const c = clock();
    const tickets = new ExportTickets({ now: c.now, maxTickets: 5 });
    const a = tickets.issue('dev-a', 'pdf');
    const b = tickets.issue('dev-b', 'pdf');
    tickets.forgetDevice('dev-a');
    expect(refusal(() => tickets.redeem(a.ticket, 'dev-a', 'pdf'))).toBe('export-ticket-unknown');
    expect(refusal(() => tickets.redeem(b.ticket, 'dev-b', 'pdf'))).toBe('accepted');

    c.advance(60 * 60_000);
    tickets.issue('dev-b', 'csv');
    expect(tickets.size).toBe(1);
    for (let i = 0; i < 20; i += 1) tickets.issue('dev-b', 'csv');
    expect(tickets.size).toBe(5);
  });

  it('keeps only digests: no issued ticket appears in what it holds', () => {
    const tickets = new ExportTickets();
    const issued = Array.from({ length: 3 }, () => tickets.issue('dev-a', 'pdf').ticket);
    const held = JSON.stringify([...(tickets as unknown as { tickets: Map<string, unknown> }).tickets.entries()]);
    for (const t of issued) expect(held).not.toContain(t);
  });
});
