import { describe, expect, it } from 'vitest';
import { chairCommands, displayCommands, seatCommands, type CommandMap } from '../../server/protocol/commands';
import { ERROR_CODES } from '../../server/protocol/errors';
import { parseCommand, RateLimiter } from '../../server/realtime/door';

const KEY = 'k3y-0123456789abcdef';
const ballot = (payload: Record<string, unknown>) => ({ name: 'castBallot', payload: { voteId: 'v-1', choice: 'yes', key: KEY, ...payload } });
const openVote = { itemId: 'top-02', title: 'Testvorlage', kind: 'open', majority: { kind: 'simple' } };

function codeOf(commands: CommandMap, raw: unknown): string {
  const parsed = parseCommand(commands, raw);
  return parsed.ok ? 'ok' : parsed.error.code;
}

describe('parseCommand: refused at the door', () => {
  it.each<[string, string, CommandMap, unknown]>([
    // the envelope
    ['null', 'validation-failed', seatCommands, null],
    ['undefined', 'validation-failed', seatCommands, undefined],
    ['a number', 'validation-failed', seatCommands, 42],
    ['a string', 'validation-failed', seatCommands, 'castBallot'],
    ['an array', 'validation-failed', seatCommands, ['castBallot', {}]],
    ['a numeric name', 'validation-failed', seatCommands, { name: 5, payload: {} }],
    ['an empty name', 'validation-failed', seatCommands, { name: '', payload: {} }],
    ['a name over 64 characters', 'validation-failed', seatCommands, { name: 'x'.repeat(65), payload: {} }],
    ['no name', 'validation-failed', seatCommands, { payload: {} }],
    ['an extra envelope field', 'validation-failed', seatCommands, { ...ballot({}), seatId: 7 }],
    // names
    ['an unknown name', 'unknown-command', seatCommands, { name: 'fly', payload: {} }],
    ['__proto__', 'unknown-command', seatCommands, { name: '__proto__', payload: {} }],
    ['constructor', 'unknown-command', seatCommands, { name: 'constructor', payload: {} }],
    ['toString', 'unknown-command', seatCommands, { name: 'toString', payload: {} }],
    ['hasOwnProperty', 'unknown-command', chairCommands, { name: 'hasOwnProperty', payload: {} }],
    ['a chair command at the seat door', 'unknown-command', seatCommands, { name: 'openVote', payload: openVote }],
    ['a seat command at the chair door', 'unknown-command', chairCommands, ballot({})],
    ['any command at the display door', 'unknown-command', displayCommands, ballot({})],
    ['a name in another case', 'unknown-command', seatCommands, { ...ballot({}), name: 'CastBallot' }],
    // castBallot payloads
    ['castBallot without payload', 'validation-failed', seatCommands, { name: 'castBallot' }],
    ['castBallot with payload null', 'validation-failed', seatCommands, { name: 'castBallot', payload: null }],
    ['castBallot with choice "maybe"', 'validation-failed', seatCommands, ballot({ choice: 'maybe' })],
    ['castBallot with choice "YES"', 'validation-failed', seatCommands, ballot({ choice: 'YES' })],
    ['castBallot with a 7-character key', 'validation-failed', seatCommands, ballot({ key: 'abcdefg' })],
    ['castBallot with a 65-character key', 'validation-failed', seatCommands, ballot({ key: 'a'.repeat(65) })],
    ['castBallot with spaces in the key', 'validation-failed', seatCommands, ballot({ key: 'abcd efgh ijkl' })],
    ['castBallot without voteId', 'validation-failed', seatCommands, { name: 'castBallot', payload: { choice: 'yes', key: KEY } }],
    ['castBallot with voteId "../x"', 'validation-failed', seatCommands, ballot({ voteId: '../x' })],
    ['castBallot naming its own seat', 'validation-failed', seatCommands, ballot({ seatId: 2 })],
    ['demoTap with a 3-byte UID', 'validation-failed', seatCommands, { name: 'demoTap', payload: { uid: '04A1B2' } }],
    ['demoTap with a non-hex UID', 'validation-failed', seatCommands, { name: 'demoTap', payload: { uid: '04G1B2C3' } }],
    ['demoRemove with a payload field', 'validation-failed', seatCommands, { name: 'demoRemove', payload: { uid: '04A1B2C3' } }],
    // chair payloads
    ['openVote with an empty title', 'validation-failed', chairCommands, { name: 'openVote', payload: { ...openVote, title: '   ' } }],
    ['openVote choosing its own vote id', 'validation-failed', chairCommands, { name: 'openVote', payload: { ...openVote, voteId: 'v-mine' } }],
    ['openVote with kind "public"', 'validation-failed', chairCommands, { name: 'openVote', payload: { ...openVote, kind: 'public' } }],
    ['openVote with a 2/2 fraction', 'validation-failed', chairCommands, { name: 'openVote', payload: { ...openVote, majority: { kind: 'fraction', numerator: 2, denominator: 2, base: 'cast', comparison: 'atLeast' } } }],
    ['cancelVote without reason', 'validation-failed', chairCommands, { name: 'cancelVote', payload: { voteId: 'v-1', reason: ' ' } }],
  ])('%s → %s', (_what, code, commands, raw) => {
    expect(codeOf(commands, raw)).toBe(code);
  });

  it('every refusal is a typed error with German and English text', () => {
    const parsed = parseCommand(seatCommands, ballot({ choice: 'maybe' }));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(ERROR_CODES).toContain(parsed.error.code);
    expect(parsed.error.message.de).toMatch(/Ungültige Eingabe: choice/);
    expect(parsed.error.message.en).toMatch(/Invalid input: choice/);
  });

  it('an unknown name is echoed at most 64 characters long', () => {
    const parsed = parseCommand(seatCommands, { name: 'y'.repeat(64), payload: {} });
    expect(parsed.ok ? null : parsed.error.params?.name).toBe('y'.repeat(64));
  });
});

describe('parseCommand: accepted and returned parsed', () => {
  it.each<[string, CommandMap, unknown, unknown]>([
    ['castBallot', seatCommands, ballot({}), { voteId: 'v-1', choice: 'yes', key: KEY }],
    ['castBallot abstain', seatCommands, ballot({ choice: 'abstain' }), { voteId: 'v-1', choice: 'abstain', key: KEY }],
    ['demoTap with an upper-case UID', seatCommands, { name: 'demoTap', payload: { uid: '04A1B2C3D4E5F6' } }, { uid: '04A1B2C3D4E5F6' }],
    ['demoTap with lower case and colons', seatCommands, { name: 'demoTap', payload: { uid: '04:a1:b2:c3:d4:e5:f6' } }, { uid: '04A1B2C3D4E5F6' }],
    ['demoTap with spaces', seatCommands, { name: 'demoTap', payload: { uid: ' de ad be ef ' } }, { uid: 'DEADBEEF' }],
    ['demoCards with an empty payload', seatCommands, { name: 'demoCards', payload: {} }, {}],
    // a missing payload is an empty one
    ['demoRemove without payload', seatCommands, { name: 'demoRemove' }, {}],
    ['openVote, title trimmed', chairCommands, { name: 'openVote', payload: { ...openVote, title: '  Testvorlage  ' } }, openVote],
    ['recordQuorumLack', chairCommands, { name: 'recordQuorumLack', payload: {} }, {}],
    ['setBias', chairCommands, { name: 'setBias', payload: { itemId: 'top-02', memberId: 'm-0003', excluded: true } }, { itemId: 'top-02', memberId: 'm-0003', excluded: true }],
  ])('%s', (_what, commands, raw, payload) => {
    const parsed = parseCommand(commands, raw);
    expect(parsed).toEqual({ ok: true, name: (raw as { name: string }).name, payload });
  });
});

describe('RateLimiter', () => {
  function limiter(perSecond: number, burst: number) {
    let now = 1_000_000;
    const l = new RateLimiter(perSecond, burst, () => now);
    return {
      take: (n = 1) => Array.from({ length: n }, () => l.take()),
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('allows a burst, then refuses', () => {
    const l = limiter(2, 3);
    expect(l.take(4)).toEqual([true, true, true, false]);
    expect(l.take()).toEqual([false]);
  });

  it('refills at the given rate, one token at a time', () => {
    const l = limiter(2, 3);
    l.take(3);
    l.advance(499);
    expect(l.take()).toEqual([false]);
    l.advance(1);
    expect(l.take(2)).toEqual([true, false]);
    l.advance(1000);
    expect(l.take(3)).toEqual([true, true, false]);
  });

  it('never holds more than the burst, however long it was idle', () => {
    const l = limiter(20, 5);
    l.advance(3_600_000);
    expect(l.take(6)).toEqual([true, true, true, true, true, false]);
  });

  it('refused attempts do not use up tokens', () => {
    const l = limiter(1, 1);
    l.take(1);
    for (let i = 0; i < 10; i += 1) {
      l.advance(50);
      expect(l.take()).toEqual([false]);
    }
    l.advance(500); // 10 × 50 + 500 = one second since the last success
    expect(l.take()).toEqual([true]);
  });
});
