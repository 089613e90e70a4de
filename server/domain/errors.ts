import type { ErrorCode } from '../protocol/errors';

/** A refused command: a stable code plus the values its message needs. Changes nothing. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export function refuse(code: ErrorCode, params: Readonly<Record<string, string | number>> = {}): never {
  throw new DomainError(code, params);
}
