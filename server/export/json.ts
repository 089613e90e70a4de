import { z } from 'zod';
import type { StoredEvent } from '../store/event-store';
import { ActorRecord, Minutes } from './schema';

/**
 * The JSON export: the minutes model plus every logged event with its envelope (the log holds
 * no secret choice, so neither does this file). Versioned by `format`; the JSON Schema is in
 * docs/export.schema.json (npm run protocol:docs).
 */
export const SESSION_EXPORT_FORMAT = 'ratssaal-session/1';

export const ExportedEvent = z.object({
  seq: z.number().int().min(1),
  at: z.string().datetime({ offset: true }),
  actor: ActorRecord,
  type: z.string(),
  /** The event's content without its type, exactly as hashed in the log. */
  data: z.record(z.string(), z.unknown()),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

export const SessionExport = z.object({
  format: z.literal(SESSION_EXPORT_FORMAT),
  exportedAt: z.string().datetime({ offset: true }),
  minutes: Minutes,
  events: z.array(ExportedEvent),
});
export type SessionExport = z.infer<typeof SessionExport>;

export function sessionExport(minutes: Minutes, events: readonly StoredEvent[], now: Date): SessionExport {
  return SessionExport.parse({
    format: SESSION_EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    minutes,
    events: events.map((e) => {
      const { type, ...data } = e.event;
      return { seq: e.seq, at: e.at, actor: e.actor, type, data, prevHash: e.prevHash, hash: e.hash };
    }),
  });
}

export function renderSessionJson(minutes: Minutes, events: readonly StoredEvent[], now: Date): Buffer {
  return Buffer.from(`${JSON.stringify(sessionExport(minutes, events, now), null, 2)}\n`, 'utf8');
}
