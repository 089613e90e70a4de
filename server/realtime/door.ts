import type { z } from 'zod';
import { CommandEnvelope, type CommandMap, type CommandResult } from '../protocol/commands';
import { errorPayload, type ErrorPayload } from '../protocol/errors';

export type Parsed = { ok: true; name: string; payload: unknown } | { ok: false; error: ErrorPayload };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`)
    .join('; ');
}

/** Validate at the door: nothing behind it sees an unparsed message. */
export function parseCommand(commands: CommandMap, raw: unknown): Parsed {
  const envelope = CommandEnvelope.safeParse(raw);
  if (!envelope.success) return { ok: false, error: errorPayload('validation-failed', { detail: describeIssues(envelope.error) }) };
  const spec = Object.hasOwn(commands, envelope.data.name) ? commands[envelope.data.name] : undefined;
  if (!spec) return { ok: false, error: errorPayload('unknown-command', { name: envelope.data.name.slice(0, 64) }) };
  const payload = spec.request.safeParse(envelope.data.payload ?? {});
  if (!payload.success) return { ok: false, error: errorPayload('validation-failed', { detail: describeIssues(payload.error) }) };
  return { ok: true, name: envelope.data.name, payload: payload.data };
}

export function fail(error: ErrorPayload): CommandResult<never> {
  return { ok: false, error };
}

/** A token bucket per connection: a seat taps and votes a few times a minute, not hundreds a second. */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
