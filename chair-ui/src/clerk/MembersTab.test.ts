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

function viewWith(cardRotation: ClerkView['cardRotation']): ClerkView {
  const state = emptyState();
  decide(state, { type: 'loadRegister', register: register() }).forEach((event, i) => apply(state, event, { seq: i + 1, at: '2026-03-12T16:00:00.000Z' }));
  return { ...clerkView(state, { cardMode: null, lastCardResult: null }), devices: { devices: [], pending: [], staffUnlock: 'none' }, cardRotation };
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
    expect(html).not.toContain('neu personalisieren');
  });

  it('counts the cards on the previous key and marks each in the card list', () => {
    const uid = CARD['gruen-1'];
    const html = render(viewWith({ cards: [{ uid, seenAt: '2026-03-12T16:43:00.000Z' }] }));
    expect(html).toContain('1 Karte trägt noch den vorigen Schlüssel. Bitte neu personalisieren');
    expect(html).toMatch(new RegExp(`<code>${uid}</code>.*voriger Schlüssel \\(\\d\\d:\\d\\d\\) – neu personalisieren`, 's'));
    expect(html.match(/voriger Schlüssel \(/g)).toHaveLength(1);
  });
});
