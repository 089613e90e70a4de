import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CardEnrolment } from '../../server/session/card-enrolment';
import { SessionService } from '../../server/session/service';
import { EventStore } from '../../server/store/event-store';
import { register } from './domain/fixtures';

/** The "register card" mode over a real session service and event log; only the timer is faked. */
describe('CardEnrolment', () => {
  let dir: string;
  let store: EventStore;
  let session: SessionService;
  let changes: number;
  let enrolment: CardEnrolment;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ratssaal-enrol-'));
    store = EventStore.open(join(dir, 'test.db'));
    session = new SessionService(store);
    await session.submit({ type: 'loadRegister', register: register() }, { kind: 'system' });
    changes = 0;
    enrolment = new CardEnrolment({ session, timeoutMs: 30_000, onChange: () => (changes += 1), describeError: () => ({ de: 'abgelehnt', en: 'refused' }) });
  });

  afterEach(() => {
    vi.useRealTimers();
    enrolment.close();
    session.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const settled = () => new Promise((res) => setImmediate(res)).then(() => new Promise((res) => setImmediate(res)));

  it('takes exactly one card, registers it, and lets the next card through', async () => {
    enrolment.start('advisor', { kind: 'clerk' });
    expect(enrolment.extras().cardMode?.memberId).toBe('advisor');
    expect(enrolment.takeCard('reader-7', 'CC000001')).toBe(true);
    expect(enrolment.takeCard('reader-7', 'CC000002')).toBe(false);
    await settled();
    expect(session.state.cards.get('CC000001')).toBe('advisor');
    expect(enrolment.extras()).toMatchObject({ cardMode: null, lastCardResult: { uid: 'CC000001', ok: true } });
    // the removal of the taken card is no check-out; the next removal is
    expect(enrolment.takeRemoval('reader-7')).toBe(true);
    expect(enrolment.takeRemoval('reader-7')).toBe(false);
  });

  it('reports a card of another member as refused and registers nothing', async () => {
    enrolment.start('advisor', { kind: 'clerk' });
    enrolment.takeCard('reader-1', 'AA000002');
    await settled();
    expect(session.state.cards.get('AA000002')).toBe('gruen-1');
    expect(enrolment.extras().lastCardResult).toMatchObject({ ok: false, message: { de: 'abgelehnt' } });
  });

  it('ends by itself after the time-out, and on cancel', () => {
    vi.useFakeTimers();
    enrolment.start('advisor', { kind: 'clerk' });
    vi.advanceTimersByTime(29_999);
    expect(enrolment.extras().cardMode).not.toBeNull();
    vi.advanceTimersByTime(1);
    expect(enrolment.extras().cardMode).toBeNull();
    expect(enrolment.takeCard('reader-1', 'CC000003')).toBe(false);
    enrolment.start('advisor', { kind: 'clerk' });
    enrolment.cancel();
    expect(enrolment.extras().cardMode).toBeNull();
    expect(() => enrolment.cancel()).toThrow('card-mode-inactive');
    expect(changes).toBe(4);
  });

  it('refuses an unknown member and a second mode', () => {
    expect(() => enrolment.start('nobody', { kind: 'clerk' })).toThrow('member-unknown');
    enrolment.start('advisor', { kind: 'clerk' });
    expect(() => enrolment.start('gruen-1', { kind: 'clerk' })).toThrow('card-mode-active');
  });
});
