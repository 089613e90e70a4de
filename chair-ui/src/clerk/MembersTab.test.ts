import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { apply, decide, emptyState } from '../../../server/domain';
import { clerkView } from '../../../server/domain/clerk-view';
import type { ClerkView } from '../../../server/protocol/clerk';
import type { RoleClient } from '../../../server/protocol/client';
import { CARD, register } from '../../../tests/unit/domain/fixtures';
import { MembersTab } from './MembersTab';
import { ClerkClientContext } from './shared';

function viewWith(cardRotation: ClerkView['cardRotation'], extras: Pick<ClerkView, 'cardMode' | 'lastCardResult'> = { cardMode: null, lastCardResult: null }): ClerkView {
  const state = emptyState();
  decide(state, { type: 'loadRegister', register: register() }).forEach((event, i) => apply(state, event, { seq: i + 1, at: '2026-03-12T16:00:00.000Z' }));
  return { ...clerkView(state, extras), devices: { devices: [], pending: [], staffUnlock: 'none' }, cardRotation };
}

const render = (view: ClerkView) =>
  renderToStaticMarkup(createElement(ClerkClientContext, { value: {} as RoleClient<'clerk'> }, createElement(MembersTab, { view })));

describe('MembersTab: a card key rotation', () => {
  it('says nothing of a rotation when none is under way', () => {
    expect(render(viewWith(null))).not.toContain('data-testid="card-rotation"');
    expect(render(viewWith(undefined))).not.toContain('Schlüsselwechsel');
  });

  it('says a rotation is under way before any card showed the previous key', () => {
    const html = render(viewWith({ cards: [] }));
    expect(html).toContain('Schlüsselwechsel läuft: Karten mit dem vorigen Schlüssel werden noch angenommen.');
    expect(html).not.toContain('Schlüssel erneuern');
  });

  it('counts the cards on the previous key and marks each in the card list', () => {
    const uid = CARD['gruen-1'];
    const html = render(viewWith({ cards: [{ uid, seenAt: '2026-03-12T16:43:00.000Z' }] }));
    expect(html).toContain('1 Karte trägt noch den vorigen Schlüssel. Zum Erneuern bei der Karte „Schlüssel erneuern“ wählen');
    expect(html).toMatch(new RegExp(`<code>${uid}</code>.*voriger Schlüssel \\(\\d\\d:\\d\\d\\) – Schlüssel erneuern`, 's'));
    expect(html.match(/voriger Schlüssel \(/g)).toHaveLength(1);
    // one "renew" button, at that card
    expect(html.match(/>Schlüssel erneuern</g)).toHaveLength(1);
    expect(html).toContain(`aria-label="Schlüssel der Karte ${uid} erneuern"`);
  });
});

describe('MembersTab: the card mode and its result', () => {
  const AT = '2026-03-12T16:43:00.000Z';
  const mode = (phase: 'waiting' | 'setting-up', notice: { de: string; en: string } | null = null): ClerkView['cardMode'] => ({
    memberId: 'advisor',
    name: 'Dr. Ada Berater',
    expiresAt: AT,
    phase,
    notice,
  });
  const result = (r: Partial<NonNullable<ClerkView['lastCardResult']>>): ClerkView['lastCardResult'] => ({
    memberId: 'advisor',
    name: 'Dr. Ada Berater',
    uid: '04A1B2C3D4E5F6',
    ok: true,
    personalised: false,
    registered: true,
    message: null,
    at: AT,
    ...r,
  });
  const table: [string, Pick<ClerkView, 'cardMode' | 'lastCardResult'>, RegExp[], RegExp[]][] = [
    ['waiting for a card', { cardMode: mode('waiting'), lastCardResult: null }, [/Bitte jetzt die neue Karte/, />Abbrechen</], [/eingerichtet/]],
    ['a new card being set up', { cardMode: mode('setting-up'), lastCardResult: null }, [/Neue Karte für Dr\. Ada Berater wird eingerichtet/, /liegen lassen/], [/>Abbrechen</]],
    [
      'waiting again after the card was pulled away',
      { cardMode: mode('waiting', { de: 'Die Karte wurde abgenommen, bevor sie eingerichtet war.', en: 'taken away' }), lastCardResult: result({ ok: false, registered: false }) },
      [/<strong>Die Karte wurde abgenommen, bevor sie eingerichtet war\.<\/strong>/, /Bitte jetzt die neue Karte/],
      [/nicht registriert/],
    ],
    ['registered, set up', { cardMode: null, lastCardResult: result({ personalised: true }) }, [/ist eingerichtet \(Schlüssel des Rats geschrieben und geprüft\) und jetzt Dr\. Ada Berater zugeordnet/], []],
    ['registered as it was', { cardMode: null, lastCardResult: result({}) }, [/Karte 04A1B2C3D4E5F6 ist jetzt Dr\. Ada Berater zugeordnet\./], [/eingerichtet/]],
    ['key renewed, registration kept', { cardMode: null, lastCardResult: result({ personalised: true, registered: false }) }, [/trägt jetzt den aktuellen Schlüssel des Rats.*bleibt Dr\. Ada Berater zugeordnet/], [/ist jetzt Dr/]],
    ['refused', { cardMode: null, lastCardResult: result({ ok: false, registered: false, message: { de: 'Grund X', en: 'reason X' } }) }, [/nicht registriert<!-- -->: <!-- -->Grund X|nicht registriert: Grund X/], []],
  ];
  it('with genuine cards required, the waiting banner says where a new card is set up', () => {
    const view = viewWith(null, { cardMode: mode('waiting'), lastCardResult: null });
    expect(render(view)).not.toContain('am Server eingerichtet');
    const required = { ...view, profile: { ...view.profile, cardAuthentication: 'challenge-response' as const } };
    expect(render(required)).toContain('Eine neue Karte wird an einem Kartenleser am Server eingerichtet');
  });

  for (const [name, extras, present, absent] of table) {
    it(name, () => {
      const html = render(viewWith(null, extras));
      for (const p of present) expect(html).toMatch(p);
      for (const a of absent) expect(html).not.toMatch(a);
    });
  }
});
