import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Register } from '../../server/protocol/register';
import { ok, RecordingClient, REPO_ROOT, ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';
import { CLERK_TAB_NAMES, ClerkScreen } from './clerk-pages';
import { unlockWhenAsked } from './device-pages';

const demo = Register.parse(JSON.parse(readFileSync(join(REPO_ROOT, 'seeds/demo-council.json'), 'utf8')));
const FACTIONS = 'Kurzname;Name;Farbe\nWGO;Wählergruppe Ost;#5a3e8c';
const BAD_MEMBERS = 'Vorname;Nachname;Fraktion;Stimmrecht\nLotte;Brandt;WGO;voll\nOle;Kamp;XYZ;vielleicht';
const MEMBERS = 'Vorname;Nachname;Fraktion;Stimmrecht\nLotte;Brandt;WGO;voll\nOle;Kamp;WGO;voll';
const NEW_CARD = '04C0FFEE123456';

type Box = { x: number; y: number; width: number; height: number };

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`${String(locator)} is not laid out`);
  return b;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** All eight tabs inside the viewport, below the header, at least 48 px high, none over another. */
async function expectTabsLaidOut(clerk: ClerkScreen, viewport: { width: number; height: number }): Promise<Box[]> {
  const header = await box(clerk.page.locator('header.chair-header'));
  const tabs = await Promise.all(CLERK_TAB_NAMES.map((name) => box(clerk.tablist.getByRole('tab', { name }))));
  for (const [i, t] of tabs.entries()) {
    expect(t.y, CLERK_TAB_NAMES[i]).toBeGreaterThanOrEqual(header.y + header.height);
    expect(t.height, CLERK_TAB_NAMES[i]).toBeGreaterThanOrEqual(48);
    expect(t.x, CLERK_TAB_NAMES[i]).toBeGreaterThanOrEqual(0);
    expect(t.x + t.width, CLERK_TAB_NAMES[i]).toBeLessThanOrEqual(viewport.width);
    expect(t.y + t.height, CLERK_TAB_NAMES[i]).toBeLessThanOrEqual(viewport.height);
    for (const [j, u] of tabs.entries()) if (j > i) expect(overlap(t, u), `${CLERK_TAB_NAMES[i]} / ${CLERK_TAB_NAMES[j]}`).toBe(false);
  }
  return tabs;
}

describe('clerk screens in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  const clients: { close(): void }[] = [];

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-clerk'), 'data') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await browser?.close();
    await server?.stop();
  });

  it('register, CSV import, card registration and revocation, manual entries and a correction', async () => {
    const clerk = new ClerkScreen((await newScreen(browser, { width: 1440, height: 1000 })).page);
    await clerk.open(server.url);
    await screenshot(clerk.page, 'clerk-members');

    await clerk.setLegalMembers(47, 'Zwei Nachrückende');
    await screenshot(clerk.page, 'clerk-register');

    await clerk.checkCsv(FACTIONS, BAD_MEMBERS);
    await clerk.page.getByText('Unbekannte Fraktion XYZ.').waitFor();
    expect(await clerk.page.getByRole('button', { name: 'Importieren' }).isDisabled()).toBe(true);
    await screenshot(clerk.page, 'clerk-import-errors');
    await clerk.checkCsv(FACTIONS, MEMBERS);
    await clerk.page.getByText('Bereit: 1 Fraktionen, 2 Mitglieder.').waitFor();
    await clerk.page.getByRole('button', { name: 'Importieren' }).click();
    await clerk.page.getByText('Importiert: 1 Fraktionen, 2 Mitglieder, 0 Karten.').waitFor();

    // the card is tapped on a seat's (simulated) reader, as a member at that seat would
    const freeSeat = demo.seats.at(-1)?.id ?? 1;
    const seat = new RecordingClient('seat', server, { seatId: freeSeat });
    clients.push(seat);
    await seat.connected();
    await clerk.registerCardFor('Lotte Brandt');
    await screenshot(clerk.page, 'clerk-card-mode');
    ok(await seat.send('demoTap', { uid: NEW_CARD }));
    await clerk.page.getByText(`Karte ${NEW_CARD} ist jetzt Lotte Brandt zugeordnet.`).waitFor();
    ok(await seat.send('demoRemove', {}));
    await clerk.revokeCard(NEW_CARD, 'Karte verloren');
    await screenshot(clerk.page, 'clerk-card-revoked');

    await clerk.checkIn('Ole Kamp');
    const chair = new RecordingClient('chair', server);
    clients.push(chair);
    await chair.connected();
    const item = demo.session.agenda[0]?.id ?? 'top-01';
    const { voteId } = ok(await chair.send('openVote', { itemId: item, title: 'Antrag der WGO', kind: 'named', majority: { kind: 'simple' } }));
    await clerk.page.getByRole('tab', { name: /Anwesenheit & Stimmen.*Abstimmung läuft/ }).waitFor();
    await clerk.manualBallot('Ole Kamp', 'Ja', 'Tablet an Platz ausgefallen');
    await screenshot(clerk.page, 'clerk-manual-ballot');
    const { result } = ok(await chair.send('closeVote', { voteId }));
    expect(result.tally).toEqual({ yes: 1, no: 0, abstain: 0 });
    expect(result.named?.map((n) => n.member.name)).toEqual(['Ole Kamp']);

    await clerk.correct('Antrag der WGO', { yes: 0, no: 1, abstain: 0 }, 'Stimme falsch erfasst');
    await clerk.page.getByText('Erfasstes Ergebnis').first().waitFor();
    const text = await clerk.page.locator('main').innerText();
    expect(text).toMatch(/Erfasstes Ergebnis .*1 Ja, 0 Nein, 0 Enthaltungen – angenommen/);
    expect(text).toMatch(/Korrektur 1 .*0 Ja, 1 Nein, 0 Enthaltungen – abgelehnt\. Grund: Stimme falsch erfasst/);
    await screenshot(clerk.page, 'clerk-correction');
  });

  it('navigation: two groups, arrow keys, Home and End, one tab in the Tab order, the tab in the address, the layout wide and narrow', async () => {
    const wide = { width: 1440, height: 900 };
    const clerk = new ClerkScreen((await newScreen(browser, wide)).page);
    const { page, tablist } = clerk;
    await clerk.open(server.url);

    // a vote is open: the tag on "Anwesenheit & Stimmen" is part of the layout
    const chair = new RecordingClient('chair', server);
    clients.push(chair);
    await chair.connected();
    const item = demo.session.agenda[0]?.id ?? 'top-01';
    const { voteId } = ok(await chair.send('openVote', { itemId: item, title: 'Antrag zur Geschäftsordnung', kind: 'open', majority: { kind: 'simple' } }));
    await tablist.getByRole('tab', { name: /Anwesenheit & Stimmen.*Abstimmung läuft/ }).waitFor();

    // two groups with visible headings (for screen readers the tabs' description)
    for (const heading of ['Sitzung', 'Register']) expect(await tablist.getByText(heading, { exact: true }).isVisible()).toBe(true);
    expect(await tablist.getByRole('tab', { name: 'Niederschrift & Export' }).getAttribute('aria-describedby')).toBe('tabgroup-session');
    expect(await tablist.getByRole('tab', { name: 'Geräte' }).getAttribute('aria-describedby')).toBe('tabgroup-register');
    expect(await page.locator('#tabgroup-session').innerText()).toMatch(/^Sitzung$/i);
    expect(await tablist.getByRole('tab').count()).toBe(8);
    expect(await tablist.getAttribute('aria-orientation')).toBe('vertical');

    // roving tabindex: only the selected tab is in the Tab order
    const inTabOrder = tablist.locator('[role="tab"][tabindex="0"]');
    expect(await inTabOrder.count()).toBe(1);
    expect(await clerk.selectedTab()).toBe('Mitglieder & Karten');
    expect(await inTabOrder.getAttribute('aria-selected')).toBe('true');

    // the layout at 1,440 × 900: a column at the left, the content beside it
    const tabs = await expectTabsLaidOut(clerk, wide);
    const columnRight = Math.max(...tabs.map((t) => t.x + t.width));
    const content = await box(page.locator('main'));
    expect(content.x).toBeGreaterThanOrEqual(columnRight);
    expect(content.width).toBeGreaterThan(1100);
    await screenshot(page, 'clerk-nav-wide', { viewport: true });

    // the arrow keys select and focus, across the groups and around; Home and End
    const historyLength = await page.evaluate(() => window.history.length);
    await tablist.getByRole('tab', { selected: true }).focus();
    const steps: [string, string][] = [
      ['ArrowDown', 'Fraktionen & Einstellungen'],
      ['ArrowRight', 'CSV-Import'],
      ['ArrowUp', 'Fraktionen & Einstellungen'],
      ['ArrowLeft', 'Mitglieder & Karten'],
      ['ArrowUp', 'Niederschrift & Export'],
      ['Home', 'Anwesenheit & Stimmen'],
      ['ArrowLeft', 'Geräte'],
      ['ArrowDown', 'Anwesenheit & Stimmen'],
      ['End', 'Geräte'],
    ];
    for (const [key, name] of steps) {
      await page.keyboard.press(key);
      expect(await clerk.selectedTab(), key).toBe(name);
      expect(await clerk.focusedTab(), key).toBe(name);
      expect(await inTabOrder.count()).toBe(1);
      expect(await inTabOrder.locator('.clerk-nav__label').innerText()).toBe(name);
    }
    await page.getByRole('tabpanel', { name: 'Geräte' }).getByRole('heading', { name: 'Neues Gerät einrichten' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#devices');
    // Tab leaves the tablist for the panel, Shift+Tab comes back to the selected tab
    await page.keyboard.press('Tab');
    expect(await clerk.focusedTab()).toBeNull();
    await page.keyboard.press('Shift+Tab');
    expect(await clerk.focusedTab()).toBe('Geräte');

    // the tab is in the address, replaced rather than pushed, and a reload keeps it
    await clerk.tab('Erklärungen & Vermerke');
    expect(new URL(page.url()).hash).toBe('#notes');
    expect(await page.evaluate(() => window.history.length)).toBe(historyLength);
    await page.reload();
    await unlockWhenAsked(page, tablist.getByRole('tab', { name: 'Erklärungen & Vermerke', selected: true }));
    expect(await clerk.selectedTab()).toBe('Erklärungen & Vermerke');
    expect(await page.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-notes');
    // typed into the address bar: a known tab opens, an unknown one is the members tab
    await page.goto(`${server.url}/clerk#results`);
    await tablist.getByRole('tab', { name: 'Ergebnisse & Korrekturen', selected: true }).waitFor();
    await page.goto(`${server.url}/clerk#elsewhere`);
    await tablist.getByRole('tab', { name: 'Mitglieder & Karten', selected: true }).waitFor();

    // 1,024 × 768: the groups are rows under the header
    const narrow = { width: 1024, height: 768 };
    await page.setViewportSize(narrow);
    await page.waitForFunction(() => document.querySelector('[role="tablist"]')?.getAttribute('aria-orientation') === 'horizontal');
    const withTag = await expectTabsLaidOut(clerk, narrow);
    const nav = await box(page.locator('.clerk-nav'));
    expect((await box(page.locator('main'))).y).toBeGreaterThanOrEqual(nav.y + nav.height);
    await screenshot(page, 'clerk-nav-narrow', { viewport: true });

    // the tag comes and goes with the vote; no tab moves to another row
    ok(await chair.send('cancelVote', { voteId, reason: 'Nur für den Test' }));
    await tablist.getByRole('tab', { name: /Abstimmung läuft/ }).waitFor({ state: 'detached' });
    const withoutTag = await expectTabsLaidOut(clerk, narrow);
    expect(withoutTag.map((t) => t.y)).toEqual(withTag.map((t) => t.y));
  });
});
