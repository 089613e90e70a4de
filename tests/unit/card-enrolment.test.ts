import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CardEnrolment } from '../../server/session/card-enrolment';
import { SessionService } from '../../server/session/service';
import { EventStore } from '../../server/store/event-store';
import { CARD, register } from './domain/fixtures';
import { CardAuthenticator } from '../../drivers/card-readers/card-auth';
import type { PersonaliseOutcome } from '../../drivers/card-readers/ntag424-personalise';
import { SimulatedCardReaderDriver } from '../../drivers/card-readers/simulated';
import type { CardWork } from '../../drivers/card-readers/types';
import { ReaderCardSetup, type CardSetup } from '../../server/session/card-setup';
import { toErrorPayload } from '../../server/realtime/server';

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
    expect(enrolment.takeCard('reader-7', { uid: 'CC000001', assurance: 'uid' })).toBe(true);
    expect(enrolment.takeCard('reader-7', { uid: 'CC000002', assurance: 'uid' })).toBe(false);
    await settled();
    expect(session.state.cards.get('CC000001')).toBe('advisor');
    expect(enrolment.extras()).toMatchObject({ cardMode: null, lastCardResult: { uid: 'CC000001', ok: true } });
    // the removal of the taken card is no check-out; the next removal is
    expect(enrolment.takeRemoval('reader-7')).toBe(true);
    expect(enrolment.takeRemoval('reader-7')).toBe(false);
  });

  it('reports a card of another member as refused and registers nothing', async () => {
    enrolment.start('advisor', { kind: 'clerk' });
    enrolment.takeCard('reader-1', { uid: 'AA000002', assurance: 'uid' });
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
    expect(enrolment.takeCard('reader-1', { uid: 'CC000003', assurance: 'uid' })).toBe(false);
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

/**
 * Cloning-resistant cards: a new card tapped while the mode waits is set up (its key written)
 * before it is registered. The driver is the demo's simulated reader with software NTAG 424 DNA
 * cards and the real challenge; the set-up is the server's (ReaderCardSetup).
 */
describe('CardEnrolment with the set-up of new cards', () => {
  const MASTER = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
  const READER = 'reader-desk';
  let dir: string;
  let store: EventStore;
  let session: SessionService;
  let enrolment: CardEnrolment;
  let driver: SimulatedCardReaderDriver;
  let auth: CardAuthenticator;
  let views: ReturnType<CardEnrolment['extras']>[];
  let setupRuns: number;

  /** setup: the set-up to use instead of the server's, or one made around it (given the server's). */
  const start = async (policy: 'uid' | 'challenge-response', given?: CardSetup | ((real: ReaderCardSetup) => CardSetup)) => {
    dir = mkdtempSync(join(tmpdir(), 'ratssaal-enrol-setup-'));
    store = EventStore.open(join(dir, 'test.db'));
    session = new SessionService(store);
    await session.submit({ type: 'loadRegister', register: register({ cardAuthentication: policy }) }, { kind: 'system' });
    auth = new CardAuthenticator(MASTER);
    driver = new SimulatedCardReaderDriver([READER], { authenticator: auth });
    await driver.start();
    const real = new ReaderCardSetup(driver, auth);
    const setup = typeof given === 'function' ? given(real) : given;
    setupRuns = 0;
    const counted: CardSetup = {
      wants: (c) => (setup ?? real).wants(c),
      run: (...args) => {
        setupRuns += 1;
        return (setup ?? real).run(...args);
      },
    };
    views = [];
    enrolment = new CardEnrolment({
      session,
      timeoutMs: 30_000,
      setup: counted,
      onChange: () => views.push(structuredClone(enrolment.extras())),
      describeError: (err) => toErrorPayload(err).message,
    });
    driver.on('cardPresent', (readerId, credential) => enrolment.takeCard(readerId, credential));
    driver.on('cardRemoved', (readerId) => enrolment.takeRemoval(readerId));
  };

  afterEach(() => {
    enrolment.close();
    session.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const until = async (what: () => boolean) => {
    for (let i = 0; i < 200 && !what(); i++) await new Promise((res) => setTimeout(res, 5));
    expect(what()).toBe(true);
  };
  const failures = () => session.state.cardAuthFailures.length;

  it('sets a new card up, then registers it; the card then proves the council key at every reader', async () => {
    await start('challenge-response');
    enrolment.start('advisor', { kind: 'clerk' });
    expect(await driver.tapCard(READER, '04A1B2C3D4E5F6', 'factory')).toBe(true);
    await until(() => session.state.cards.get('04A1B2C3D4E5F6') === 'advisor');
    expect(enrolment.extras()).toMatchObject({ cardMode: null, lastCardResult: { uid: '04A1B2C3D4E5F6', ok: true, personalised: true } });
    // the clerk saw the card being set up before it was registered
    expect(views.some((v) => v.cardMode?.phase === 'setting-up')).toBe(true);
    expect(failures()).toBe(0);
    // the same card, taken away and put on again: now it proves the key
    const seen: string[] = [];
    driver.on('cardPresent', (_r, c) => seen.push(c.assurance));
    driver.remove(READER);
    await driver.tapCard(READER, '04A1B2C3D4E5F6', 'factory');
    expect(seen).toEqual(['challenge-response']);
  });

  it('sets a new card up also where the council accepts plain UIDs (the key is there)', async () => {
    await start('uid');
    enrolment.start('advisor', { kind: 'clerk' });
    await driver.tapCard(READER, '04000000000001', 'factory');
    await until(() => enrolment.extras().lastCardResult !== null);
    expect(enrolment.extras().lastCardResult).toMatchObject({ ok: true, personalised: true });
  });

  it('registers a card that proves the key already without writing to it', async () => {
    await start('challenge-response');
    enrolment.start('advisor', { kind: 'clerk' });
    await driver.tapCard(READER, '04000000000002', 'genuine');
    await until(() => enrolment.extras().lastCardResult !== null);
    expect(enrolment.extras().lastCardResult).toMatchObject({ ok: true, personalised: false });
    expect(setupRuns).toBe(0);
  });

  it('does not touch a copy (no AES application): refused and recorded as before', async () => {
    await start('challenge-response');
    enrolment.start('advisor', { kind: 'clerk' });
    await driver.tapCard(READER, '04000000000003', 'clone');
    await until(() => enrolment.extras().lastCardResult !== null);
    expect(enrolment.extras().lastCardResult).toMatchObject({ ok: false, message: { de: expect.stringContaining('nicht als echt') as unknown } });
    expect(setupRuns).toBe(0);
    await until(() => failures() === 1);
  });

  it('writes nothing onto a card the register refuses (another member’s card)', async () => {
    await start('challenge-response');
    enrolment.start('advisor', { kind: 'clerk' });
    // AA000002 is registered to gruen-1
    await driver.tapCard(READER, 'AA000002', 'factory');
    await until(() => enrolment.extras().lastCardResult !== null);
    expect(enrolment.extras().lastCardResult).toMatchObject({ ok: false, message: { de: expect.stringContaining('bereits') as unknown } });
    expect(setupRuns).toBe(0);
    expect(enrolment.extras().cardMode).toBeNull();
  });

  const outcomes: { name: string; outcome: PersonaliseOutcome | 'card-gone' | 'unsupported' | 'throws'; registered: boolean; waitsAgain: boolean; text: RegExp; recorded: number }[] = [
    { name: 'personalised', outcome: { kind: 'personalised' }, registered: true, waitsAgain: false, text: /^$/, recorded: 0 },
    { name: 'already', outcome: { kind: 'already' }, registered: true, waitsAgain: false, text: /^$/, recorded: 0 },
    { name: 'a card with an unknown key', outcome: { kind: 'wrong-key' }, registered: false, waitsAgain: false, text: /nicht als echt/, recorded: 1 },
    { name: 'pulled before ChangeKey', outcome: { kind: 'left-before' }, registered: false, waitsAgain: true, text: /abgenommen, bevor/, recorded: 0 },
    { name: 'pulled during ChangeKey', outcome: { kind: 'left-during' }, registered: false, waitsAgain: true, text: /abgenommen, bevor/, recorded: 0 },
    { name: 'ChangeKey refused', outcome: { kind: 'change-refused', sw: 0x919d }, registered: false, waitsAgain: true, text: /abgelehnt \(919D\)/, recorded: 0 },
    { name: 'check after ChangeKey unfinished', outcome: { kind: 'unverified', detail: 'timeout' }, registered: false, waitsAgain: true, text: /Prüfung ist nicht abgeschlossen/, recorded: 0 },
    { name: 'the card gone before the set-up began', outcome: 'card-gone', registered: false, waitsAgain: true, text: /abgenommen, bevor/, recorded: 0 },
    { name: 'a reader the server cannot reach (seat agent)', outcome: 'unsupported', registered: false, waitsAgain: true, text: /auf einen Kartenleser am Server legen/, recorded: 0 },
    { name: 'a fault in the driver', outcome: 'throws', registered: false, waitsAgain: true, text: /abgenommen, bevor/, recorded: 0 },
  ];

  for (const row of outcomes) {
    it(`after the set-up: ${row.name}`, async () => {
      const fake: CardSetup = {
        wants: () => 'factory',
        run: () => {
          if (row.outcome === 'throws') return Promise.reject(new Error('reader fault'));
          if (row.outcome === 'card-gone' || row.outcome === 'unsupported') return Promise.resolve({ kind: row.outcome });
          return Promise.resolve({ kind: 'done', result: row.outcome });
        },
      };
      await start('challenge-response', fake);
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      enrolment.start('advisor', { kind: 'clerk' });
      enrolment.takeCard(READER, { uid: '04000000000010', assurance: 'uid', authFailure: 'wrong-key: test' });
      await until(() => enrolment.extras().lastCardResult !== null);
      await until(() => failures() === row.recorded);
      warn.mockRestore();
      const last = enrolment.extras().lastCardResult!;
      expect(last.ok).toBe(row.registered);
      expect(session.state.cards.get('04000000000010') === 'advisor').toBe(row.registered);
      expect(last.personalised).toBe(row.name === 'personalised');
      expect(last.message === null ? '' : last.message.de).toMatch(row.text);
      const mode = enrolment.extras().cardMode;
      expect(mode !== null).toBe(row.waitsAgain);
      if (mode) expect(mode).toMatchObject({ memberId: 'advisor', phase: 'waiting', notice: last.message });
    });
  }

  it('where the council accepts plain UIDs, a new card at a reader the server cannot reach is registered by its UID', async () => {
    await start('uid', { wants: () => 'factory', run: () => Promise.resolve({ kind: 'unsupported' }) });
    enrolment.start('advisor', { kind: 'clerk' });
    enrolment.takeCard(READER, { uid: '04000000000060', assurance: 'uid', authFailure: 'wrong-key: test' });
    await until(() => enrolment.extras().lastCardResult !== null);
    expect(enrolment.extras().lastCardResult).toMatchObject({ ok: true, personalised: false, registered: true });
    expect(failures()).toBe(0);
  });

  it("renews the key of the member's own card without registering it again; nothing written means nothing done", async () => {
    const own = CARD.advisor;
    for (const [work, ok, text, waitsAgain] of [
      [{ kind: 'done', result: { kind: 'personalised' } }, true, null, false],
      [{ kind: 'done', result: { kind: 'already' } }, false, /bereits zugeordnet/, false],
      [{ kind: 'done', result: { kind: 'wrong-key' } }, false, /bereits zugeordnet/, false],
      // at a seat agent's reader: lay it on a reader at the server
      [{ kind: 'unsupported' }, false, /auf einen Kartenleser am Server legen/, true],
    ] as const) {
      await start('challenge-response', { wants: () => 'previous', run: () => Promise.resolve(work) });
      const events = session.state.seq;
      enrolment.start('advisor', { kind: 'clerk' });
      enrolment.takeCard(READER, { uid: own, assurance: 'challenge-response', previousKey: true });
      await until(() => enrolment.extras().lastCardResult !== null);
      const last = enrolment.extras().lastCardResult!;
      expect(last).toMatchObject({ ok, registered: false, personalised: ok });
      if (text) expect(last.message?.de).toMatch(text);
      expect(session.state.seq).toBe(events);
      expect(session.state.cards.get(own)).toBe('advisor');
      expect(enrolment.extras().cardMode !== null).toBe(waitsAgain);
      enrolment.close();
      session.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    // afterEach closes the last one again
    await start('challenge-response');
  });

  it('a card pulled away while it is set up: the mode waits, the next tap of it registers it', async () => {
    let pulls = 1;
    // the set-up of the first tap finds the card gone: it was pulled right after it arrived
    await start('challenge-response', (real) => ({
      wants: (c) => real.wants(c),
      run: async (readerId, uid, from) => {
        if (pulls-- > 0) driver.remove(readerId);
        return real.run(readerId, uid, from);
      },
    }));
    enrolment.start('advisor', { kind: 'clerk' });
    await driver.tapCard(READER, '04000000000020', 'factory');
    await until(() => enrolment.extras().cardMode?.notice != null);
    expect(session.state.cards.has('04000000000020')).toBe(false);
    await driver.tapCard(READER, '04000000000020', 'factory');
    await until(() => session.state.cards.get('04000000000020') === 'advisor');
    expect(enrolment.extras().lastCardResult).toMatchObject({ ok: true, personalised: true });
  });

  it('while a card is set up: a second mode is refused; a cancel means no waiting again after a failure', async () => {
    let release: (w: CardWork<PersonaliseOutcome>) => void = () => undefined;
    const slow: CardSetup = { wants: () => 'factory', run: () => new Promise((res) => (release = res)) };
    await start('challenge-response', slow);
    enrolment.start('advisor', { kind: 'clerk' });
    enrolment.takeCard(READER, { uid: '04000000000030', assurance: 'uid', authFailure: 'wrong-key: test' });
    await until(() => enrolment.extras().cardMode?.phase === 'setting-up');
    expect(() => enrolment.start('gruen-1', { kind: 'clerk' })).toThrow('card-mode-active');
    enrolment.cancel();
    release({ kind: 'card-gone' });
    await until(() => enrolment.extras().lastCardResult !== null);
    expect(enrolment.extras().cardMode).toBeNull();
    expect(enrolment.extras().lastCardResult).toMatchObject({ ok: false });
  });
});

describe('ReaderCardSetup', () => {
  const MASTER = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
  const PREVIOUS = Buffer.from('ffeeddccbbaa99887766554433221100', 'hex');

  it('asks for a set-up only of cards that refused the key, or proved only the previous one', () => {
    const setup = new ReaderCardSetup(new SimulatedCardReaderDriver([]), new CardAuthenticator(MASTER));
    const table: [Parameters<ReaderCardSetup['wants']>[0], ReturnType<ReaderCardSetup['wants']>][] = [
      [{ assurance: 'uid', authFailure: "wrong-key: the card refused RndB' with 91AE" }, 'factory'],
      [{ assurance: 'uid', authFailure: 'select-refused: SELECT answered 6A82' }, null],
      [{ assurance: 'uid', authFailure: 'timeout: no answer within 2000 ms' }, null],
      [{ assurance: 'uid', authFailure: 'auth-refused: AuthenticateEV2First answered 6D00' }, null],
      [{ assurance: 'uid' }, null],
      [{ assurance: 'challenge-response' }, null],
      [{ assurance: 'challenge-response', previousKey: true }, 'previous'],
    ];
    for (const [credential, expected] of table) expect(setup.wants(credential)).toBe(expected);
  });

  it('moves a card from the previous master key to the current one, and says so', async () => {
    const previousAuth = new CardAuthenticator(PREVIOUS);
    const auth = new CardAuthenticator(MASTER, 2000, { previousKey: PREVIOUS });
    const driver = new SimulatedCardReaderDriver(['r'], { authenticator: previousAuth });
    await driver.start();
    const credentials: Parameters<ReaderCardSetup['wants']>[0][] = [];
    driver.on('cardPresent', (_r, c) => credentials.push(c));
    // a genuine card of the previous key: the simulated driver with the previous key made it
    await driver.tapCard('r', '04000000000040', 'genuine');
    const current: string[] = [];
    const setup = new ReaderCardSetup(driver, auth, (uid) => current.push(uid));
    const work = await setup.run('r', '04000000000040', 'previous');
    expect(work).toEqual({ kind: 'done', result: { kind: 'personalised' } });
    expect(current).toEqual(['04000000000040']);
    // without a rotation there is no previous key to start from
    expect(await new ReaderCardSetup(driver, new CardAuthenticator(MASTER)).run('r', '04000000000040', 'previous')).toEqual({ kind: 'unsupported' });
    // a card no longer on the reader
    driver.remove('r');
    expect(await setup.run('r', '04000000000040', 'factory')).toEqual({ kind: 'card-gone' });
  });

  it('leaves a card with a key of its own unchanged', async () => {
    const auth = new CardAuthenticator(MASTER);
    const other = new CardAuthenticator(PREVIOUS);
    // a "genuine" card of another installation: its key is neither the factory's nor ours
    const driver = new SimulatedCardReaderDriver(['r'], { authenticator: other });
    await driver.start();
    await driver.tapCard('r', '04000000000050', 'genuine');
    const work = await new ReaderCardSetup(driver, auth).run('r', '04000000000050', 'factory');
    expect(work).toEqual({ kind: 'done', result: { kind: 'wrong-key' } });
    const still = await driver.withCard('r', '04000000000050', (apdu) => other.verify(apdu, '04000000000050').then(() => 'other key'));
    expect(still).toEqual({ kind: 'done', result: 'other key' });
  });
});
