import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Register } from '../../server/protocol/register';
import { runCardsCli } from '../../server/security/card-key';
import { REPO_ROOT, ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';
import { ChairConsole, SeatScreen } from './pages';
import { ClerkScreen } from './clerk-pages';
import { expectNoAxeViolations } from './accessibility';

/**
 * Cloning-resistant cards as people see them: the demo council requires challenge-response; a
 * copy of a member's card is refused on the seat and the chair is warned; the genuine card logs in.
 */

const demo = Register.parse(JSON.parse(readFileSync(join(REPO_ROOT, 'seeds/demo-council.json'), 'utf8')));
const member = demo.members.find((m) => m.id === 'm-002')!;
const name = [member.title, member.firstName, member.lastName].filter(Boolean).join(' ');

describe('cloning-resistant cards in Chromium: seat and chair', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    const dir = tempDir('e2e-card-auth');
    const dataDir = join(dir, 'data');
    if (runCardsCli(['init-key'], { RATSSAAL_DATA: dataDir }, () => undefined, console.error) !== 0) throw new Error('no card key');
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify({ ...demo, profile: { ...demo.profile, cardAuthentication: 'challenge-response' } }));
    server = await ServerProcess.start({ dataDir, seedFile });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a copied card is refused on the seat and shown to the chair; the genuine card logs in', async () => {
    const chair = new ChairConsole((await newScreen(browser, { width: 1440, height: 1000 })).page);
    const seat = new SeatScreen((await newScreen(browser, { width: 1280, height: 800 })).page, 12);
    await chair.open(server.url);
    await seat.open(server.url);

    const select = seat.page.getByLabel('Karte wählen');
    const option = select.locator('option', { hasText: name });
    await select.selectOption({ label: (await option.first().textContent())?.trim() ?? name });
    await seat.page.getByRole('button', { name: 'Kopie (Klon) auflegen' }).click();
    await seat.page.getByText('Karte konnte nicht als echt bestätigt werden').first().waitFor();
    await seat.page.getByText('Bitte Karte auflegen').first().waitFor();
    await screenshot(seat.page, 'seat-card-not-genuine');

    const alert = chair.page.getByRole('alert').filter({ hasText: 'Karte nicht als echt bestätigt' });
    await alert.getByText(`Kartennummer von ${name}`).waitFor();
    await screenshot(chair.page, 'chair-card-alert');
    await alert.getByRole('button', { name: 'Gesehen' }).click();
    await alert.waitFor({ state: 'detached' });

    await seat.page.getByRole('button', { name: 'Karte entfernen' }).click();
    await seat.placeCard(name);
    await seat.waitLoggedIn(name);
  });

  it("the clerk registers a new card: it is set up at the reader, registered, and then logs its member in", async () => {
    const other = demo.members.find((m) => m.id === 'm-003')!;
    const otherName = [other.title, other.firstName, other.lastName].filter(Boolean).join(' ');
    const clerk = new ClerkScreen((await newScreen(browser, { width: 1440, height: 1000 })).page);
    const seat = new SeatScreen((await newScreen(browser, { width: 1280, height: 800 })).page, 14);
    await clerk.open(server.url);
    await seat.open(server.url);

    await clerk.page.getByRole('button', { name: `Karte registrieren für ${otherName}` }).click();
    await clerk.page.getByText(`Karte registrieren für ${otherName}: Bitte jetzt die neue Karte`).waitFor();
    await expectNoAxeViolations(clerk.page, 'the clerk console, waiting for a card');
    await screenshot(clerk.page, 'clerk-card-mode-waiting', { viewport: true });
    // a blank card from the stack, on the seat's (simulated) reader
    await seat.page.getByRole('button', { name: 'Neue Karte auflegen (Werkszustand)' }).click();
    const done = clerk.page.getByRole('status').filter({ hasText: /ist eingerichtet \(Schlüssel des Rats geschrieben und geprüft\) und jetzt .* zugeordnet/ });
    await done.waitFor();
    const uid = /Karte ([0-9A-F]{14}) ist eingerichtet/.exec(await done.innerText())![1]!;
    await expectNoAxeViolations(clerk.page, 'the clerk console, card set up and registered');
    await screenshot(clerk.page, 'clerk-card-set-up', { viewport: true });
    // the card is the member's now; the seat did not log anyone in meanwhile
    await clerk.page.getByRole('row').filter({ hasText: otherName }).getByText(uid).first().waitFor();
    await seat.page.getByText('Bitte Karte auflegen').first().waitFor();

    // taken away, it is in the demo panel's list of registered cards; placed again, it proves the
    // council's key and logs the member in
    await seat.page.getByRole('button', { name: 'Karte entfernen' }).click();
    const cards = seat.page.getByLabel('Karte wählen');
    await cards.locator(`option[value="${uid}"]`).waitFor({ state: 'attached' });
    await cards.selectOption(uid);
    await seat.page.getByRole('button', { name: 'Karte auflegen', exact: true }).click();
    await seat.waitLoggedIn(otherName);
    await screenshot(seat.page, 'seat-new-card-logged-in');
  });
});
