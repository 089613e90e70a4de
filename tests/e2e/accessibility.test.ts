import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectNoAxeViolations as expectAccessible } from './accessibility';
import { formatReaderMap } from '../../drivers/card-readers/reader-map-file';
import { DEVICE_COOKIE } from '../../server/protocol/devices';
import { ok, RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';
import { enrolBrowser, launchChromium, newScreen, screenshot } from './browser';
import { nameOf } from './demo';
import { CLERK_TAB_NAMES, ClerkScreen } from './clerk-pages';
import { PairPage, PinScreen, unlockWhenAsked } from './device-pages';
import { ChairConsole, ChairSpeakers, PublicDisplay, SeatScreen, SeatSpeaker } from './pages';

/**
 * axe-core on the rendered screens, in the states that matter: the rules of WCAG 2.0 and 2.1,
 * levels A and AA (labels, names, ARIA, landmarks, contrast). Only violations count; what axe
 * cannot decide ("incomplete", e.g. text over a gradient) is not a failure. Dialogs, vote kinds,
 * elections and the clerk's forms are in accessibility-dialogs.test.ts.
 */

describe('accessibility (axe-core, WCAG 2.1 A/AA) of the rendered screens', () => {
  let server: ServerProcess;
  let browser: Browser;
  let chair: ChairConsole;
  let seat: SeatScreen;
  let display: PublicDisplay;
  const member = nameOf('m-002');

  beforeAll(async () => {
    // one card reader mapped to a seat: the chair console shows its panel of readers
    const dataDir = join(tempDir('e2e-a11y'), 'data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'readers.json'), formatReaderMap([['USB Reader 00 00', 3]]));
    server = await ServerProcess.start({ dataDir, env: { RATSSAAL_READERS: 'simulated' } });
    browser = await launchChromium();
    chair = new ChairConsole((await newScreen(browser, { width: 1440, height: 1000 })).page);
    seat = new SeatScreen((await newScreen(browser, { width: 1280, height: 800 })).page, 12);
    display = new PublicDisplay((await newScreen(browser, { width: 1920, height: 1080 })).page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('start page', async () => {
    const { page } = await newScreen(browser, { width: 1280, height: 1000 });
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Gerät einrichten' }).waitFor();
    await expectAccessible(page, 'the start page');
    await page.close();
  });

  it('PIN screen, then the chair console', async () => {
    await enrolBrowser(chair.page, server.url, 'chair');
    await chair.page.goto(`${server.url}/chair`);
    const pin = new PinScreen(chair.page);
    await pin.waitShown();
    await expectAccessible(chair.page, 'the PIN screen');
    await unlockWhenAsked(chair.page, chair.page.getByRole('heading', { name: 'Tagesordnung', exact: true }).first());
    await chair.page.getByRole('heading', { name: 'Kartenleser', exact: true }).waitFor();
    await expectAccessible(chair.page, 'the chair console');
    await chair.page.getByRole('button', { name: 'Zuordnung bearbeiten' }).click();
    await chair.page.getByRole('heading', { name: 'Welcher Kartenleser gehört zu welchem Platz?' }).waitFor();
    await expectAccessible(chair.page, 'the chair console, editing the map of card readers');
    await chair.page.getByRole('button', { name: 'Abbrechen', exact: true }).click();
    await chair.page.getByRole('button', { name: 'Zuordnung bearbeiten' }).waitFor();
  });

  it('seat: logged out, logged in, asking for the floor', async () => {
    await seat.open(server.url);
    await expectAccessible(seat.page, 'the seat, logged out');
    await seat.placeCard(member);
    await seat.waitLoggedIn(member);
    await expectAccessible(seat.page, 'the seat, logged in');

    await new ChairSpeakers(chair.page).openSession();
    await chair.selectItem('4');
    const speaker = new SeatSpeaker(seat);
    await speaker.request('Wortmeldung');
    await speaker.waitText('Sie sind Nr. 1 auf der Redeliste.');
    await expectAccessible(seat.page, 'the seat, on the list of speakers');
    await expectAccessible(chair.page, 'the chair console, session open, a speaker waiting');
  });

  it('a vote: ballot, recorded, running on the chair console, result everywhere', async () => {
    await display.open(server.url);
    await chair.openVote('Offene Abstimmung');
    await seat.waitVoteOpen();
    await display.waitText(/Abstimmung läuft/);
    await expectAccessible(seat.page, 'the seat, vote open');

    await seat.vote('Ja');
    await seat.waitRecorded('Ja');
    await expectAccessible(seat.page, 'the seat, vote recorded');
    await chair.page.getByText(/Abgegeben: 1 von \d+/).waitFor();
    await expectAccessible(chair.page, 'the chair console, vote running');
    await expectAccessible(display.page, 'the display, vote running');

    await chair.closeVote();
    await chair.waitResult(/Angenommen/);
    await display.waitText(/angenommen/i);
    await seat.waitResult(/Angenommen/);
    await expectAccessible(chair.page, 'the chair console, result');
    await expectAccessible(display.page, 'the display, result');
    await expectAccessible(seat.page, 'the seat, result');
    await screenshot(seat.page, 'a11y-seat-result');
    await screenshot(chair.page, 'a11y-chair-result');
    await screenshot(display.page, 'a11y-display-result');
  });

  it("the chair's exports page", async () => {
    await chair.page.getByRole('link', { name: 'Niederschrift und Export' }).click();
    await chair.page.getByRole('heading', { level: 1, name: 'Niederschrift und Export' }).waitFor();
    await chair.page.locator('.exports__hash').waitFor();
    await expectAccessible(chair.page, "the chair's exports page");
    await chair.page.getByRole('button', { name: '← Zur Sitzungsleitung' }).click();
    await chair.page.getByRole('heading', { name: 'Tagesordnung', exact: true }).first().waitFor();
  });

  it('refusals: a card refused at a seat, a device at the wrong seat or screen, a browser not enrolled, a wrong PIN, pairing errors, signing a device out', async () => {
    // a card that is not registered, at a seat where nobody is logged in
    const other = new SeatScreen((await newScreen(browser, { width: 1280, height: 800 })).page, 13);
    await other.open(server.url);
    await other.page.getByRole('button', { name: 'Neue Karte auflegen (Werkszustand)' }).click();
    await other.page.getByRole('alert').getByText('Karte nicht registriert.').waitFor();
    await expectAccessible(other.page, 'the seat, a card refused');
    await screenshot(other.page, 'a11y-seat-card-refused');

    // the seat's device at another seat's address, and at the chair's
    const astray = await other.page.context().newPage();
    await astray.goto(`${server.url}/seat/14`);
    await astray.getByRole('heading', { name: 'Dieses Gerät gehört zu einem anderen Platz' }).waitFor();
    await expectAccessible(astray, 'the seat, a device enrolled for another seat');
    await astray.goto(`${server.url}/chair`);
    await astray.getByRole('heading', { name: 'Dieses Gerät ist für eine andere Aufgabe eingerichtet' }).waitFor();
    await expectAccessible(astray, 'the chair console, a device enrolled for another role');
    await other.page.context().close();

    // a browser that is not enrolled: the display's and the seat's refusal, the pairing page
    const { context, page } = await newScreen(browser, { width: 1280, height: 800 });
    for (const path of ['/display', '/seat/5']) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { name: 'Dieses Gerät ist nicht eingerichtet' }).waitFor();
      await expectAccessible(page, `${path}, a browser that is not enrolled`);
    }
    await screenshot(page, 'a11y-seat-not-enrolled');
    const pair = new PairPage(page);
    await pair.open(server.url);
    await expectAccessible(page, 'the pairing page');
    await pair.codeField.pressSequentially('abcd0');
    await pair.submitCode();
    await page.getByText('Kopplungscodes enthalten kein 0. Bitte den Code genau abschreiben.').waitFor();
    await expectAccessible(page, 'the pairing page, a code refused');
    const clerkClient = new RecordingClient('clerk', server);
    try {
      await clerkClient.connected();
      const { code } = ok(await clerkClient.send('createPairingCode', { target: { role: 'chair' }, label: 'Tablet Vorsitz' }));
      await pair.open(server.url, code);
      await pair.submitCode();
      await page.getByRole('heading', { name: 'PIN festlegen' }).waitFor();
      await expectAccessible(page, 'the pairing page, choosing a PIN');
      await page.getByLabel('Neue PIN', { exact: true }).fill('5713920');
      await page.getByLabel('PIN wiederholen', { exact: true }).fill('5713921');
      await page.getByRole('button', { name: 'PIN festlegen und koppeln' }).click();
      await page.getByText('Die beiden PINs stimmen nicht überein.').waitFor();
      await expectAccessible(page, 'the pairing page, the PINs differ');
    } finally {
      clerkClient.close();
    }

    // a chair device of its own: a wrong PIN
    await context.clearCookies();
    const { token } = server.enrol({ role: 'chair' }, { label: 'Vorsitz Ersatzgerät' });
    await context.addCookies([{ name: DEVICE_COOKIE, value: token, url: server.url, httpOnly: true, secure: true, sameSite: 'Strict' }]);
    await page.goto(`${server.url}/chair`);
    const pin = new PinScreen(page);
    await pin.waitShown();
    await pin.enterOnKeypad('000000');
    await pin.message.getByText('Falsche PIN. Noch 4 Versuche.', { exact: true }).waitFor();
    await expectAccessible(page, 'the PIN screen, a wrong PIN');

    // the start page knows the device; signing it out asks first (left with "Zurück")
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Weiter zu: Sitzungsleitung' }).waitFor();
    await expectAccessible(page, 'the start page of an enrolled device');
    await page.getByRole('button', { name: 'Gerät abmelden' }).click();
    const signOut = page.getByRole('dialog', { name: 'Gerät abmelden?' });
    await signOut.waitFor();
    await expectAccessible(page, 'the start page, dialog "Gerät abmelden?"');
    await signOut.getByRole('button', { name: 'Zurück', exact: true }).click();
    await signOut.waitFor({ state: 'hidden' });
    await context.close();
  });

  it('clerk console: every tab', async () => {
    const clerk = new ClerkScreen((await newScreen(browser, { width: 1440, height: 1000 })).page);
    await clerk.open(server.url);
    for (const name of CLERK_TAB_NAMES) {
      await clerk.tab(name);
      await expectAccessible(clerk.page, `the clerk console, tab "${name}"`);
    }
    // also insists that nothing above made the browser block content under the CSP
    await screenshot(clerk.page, 'a11y-clerk-devices');
  });
});
