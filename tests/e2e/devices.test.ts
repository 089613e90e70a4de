import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_COOKIE } from '../../server/protocol/devices';
import { ServerProcess, TEST_PIN, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';
import { ClerkScreen } from './clerk-pages';
import { DevicesTab, PairPage, PinScreen, unlockWhenAsked } from './device-pages';

const SEAT = 7;
const CHAIR_PIN = '5713920';

describe('device enrolment in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let clerk: ClerkScreen;
  let devices: DevicesTab;

  /** A browser that carries the credential of an enrolled device (as if it had been paired). */
  async function enrolled(context: BrowserContext, token: string): Promise<void> {
    await context.addCookies([{ name: DEVICE_COOKIE, value: token, url: server.url, httpOnly: true, secure: true, sameSite: 'Strict' }]);
  }

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-devices'), 'data') });
    browser = await launchChromium();
    clerk = new ClerkScreen((await newScreen(browser, { width: 1440, height: 1000 })).page);
    await clerk.open(server.url);
    devices = new DevicesTab(clerk.page);
    await devices.open();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a seat is paired by its QR address, connects, and shows that it was revoked when the clerk revokes it', async () => {
    const { code, url } = await devices.createCode('Platz', { seat: String(SEAT), label: 'Tablet Platz 7' });
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(url.endsWith(`/pair?code=${code}`)).toBe(true);
    await clerk.page.getByRole('img', { name: /^QR-Code zum Koppeln/ }).waitFor();
    expect(await clerk.page.locator('svg.qr path.qr__dark').getAttribute('d')).toMatch(/^M\d+ \d+h\d+v1h-\d+z/);
    await screenshot(clerk.page, 'devices-seat-code');
    await devices.done();
    const withdraw = clerk.page.getByRole('button', { name: 'Code für Tablet Platz 7 zurückziehen' });
    await withdraw.waitFor();

    const { page: seat } = await newScreen(browser, { width: 1280, height: 800 });
    const pair = new PairPage(seat);
    await pair.open(server.url, code);
    expect(await pair.codeField.inputValue()).toBe(code);
    await screenshot(seat, 'devices-pair-prefilled');
    await pair.submitCode();
    await seat.waitForURL(`**/seat/${SEAT}`);
    await seat.getByText('Bitte Karte auflegen').first().waitFor();

    // the open code was used up; the device is listed and connected
    await withdraw.waitFor({ state: 'detached' });
    await devices.deviceRow('Tablet Platz 7').getByText('verbunden', { exact: true }).waitFor();
    expect(await devices.deviceRow('Tablet Platz 7').innerText()).toContain('Platz 7');
    await screenshot(clerk.page, 'devices-list-connected');

    // the seat's browser elsewhere: another seat, or the chair, is refused with the way back to its seat
    const astray = await seat.context().newPage();
    await astray.goto(`${server.url}/seat/${SEAT + 1}`);
    await astray.getByRole('heading', { name: 'Dieses Gerät gehört zu einem anderen Platz' }).waitFor();
    await astray.getByText(`Dieses Gerät ist für Platz ${SEAT} eingerichtet, nicht für Platz ${SEAT + 1}.`, { exact: false }).waitFor();
    await astray.getByRole('link', { name: `Weiter zu: Platz ${SEAT}` }).waitFor();
    await screenshot(astray, 'devices-seat-wrong-seat');
    await astray.goto(`${server.url}/chair`);
    await astray.getByRole('heading', { name: 'Dieses Gerät ist für eine andere Aufgabe eingerichtet' }).waitFor();
    await astray.getByText(/Dieses Gerät ist als Platz eingerichtet und kann diese Ansicht nicht öffnen\./).waitFor();
    await astray.getByRole('link', { name: `Weiter zu: Platz ${SEAT}` }).click();
    await astray.waitForURL(`**/seat/${SEAT}`);
    await astray.getByText('Bitte Karte auflegen').first().waitFor();
    await astray.close();

    // the same code a second time: refused, with the reason in German
    const { page: other } = await newScreen(browser, { width: 1000, height: 800 });
    const again = new PairPage(other);
    await again.open(server.url, code.replace('-', '').toLowerCase());
    expect(await again.codeField.inputValue()).toBe(code);
    await again.submitCode();
    await other.getByText(/Der Kopplungscode wurde bereits verwendet/).waitFor();
    await other.close();

    await devices.revoke('Tablet Platz 7', 'Tablet entwendet');
    expect(await devices.deviceRow('Tablet Platz 7').innerText()).toContain('Grund: Tablet entwendet');
    await seat.getByRole('heading', { name: 'Dieses Gerät wurde gesperrt' }).waitFor();
    await seat.getByText(/Bitte an die Schriftführung wenden/).first().waitFor();
    await screenshot(seat, 'devices-seat-revoked');
    await screenshot(clerk.page, 'devices-list-revoked');
  });

  it('a browser that is not enrolled is told so on the display, with the way to the pairing page', async () => {
    const { page } = await newScreen(browser, { width: 1280, height: 720 });
    await page.goto(`${server.url}/display`);
    await page.getByRole('heading', { name: 'Dieses Gerät ist nicht eingerichtet' }).waitFor();
    await screenshot(page, 'devices-display-not-enrolled');
    await page.getByRole('link', { name: 'Gerät mit Kopplungscode einrichten' }).click();
    await page.waitForURL('**/pair');
    await page.getByRole('heading', { name: 'Gerät koppeln' }).waitFor();

    // a code typed by hand, lower case and without the dash, is formatted as it is typed
    const pair = new PairPage(page);
    await pair.codeField.pressSequentially('abcd0');
    expect(await pair.codeField.inputValue()).toBe('ABCD-0');
    await pair.submitCode();
    await page.getByText('Kopplungscodes enthalten kein 0. Bitte den Code genau abschreiben.').waitFor();
    await page.close();
  });

  it('a chair device is paired with a PIN chosen twice, asks for it, counts wrong attempts, and locks with "Sperren"', async () => {
    const { code } = await devices.createCode('Sitzungsleitung', { label: 'Tablet Vorsitz' });
    await devices.done();

    const { context, page } = await newScreen(browser, { width: 1440, height: 1000 });
    const pair = new PairPage(page);
    await pair.open(server.url, code);
    await pair.submitCode();
    await pair.choosePin(CHAIR_PIN, '5713921');
    await page.getByText('Die beiden PINs stimmen nicht überein.').waitFor();
    await screenshot(page, 'devices-pair-pin-mismatch');
    await pair.choosePin(CHAIR_PIN, CHAIR_PIN);
    await page.waitForURL('**/chair');

    // a page that was just loaded asks for the PIN: it is kept in memory only
    const pin = new PinScreen(page);
    await pin.waitShown();
    await screenshot(page, 'devices-chair-pin');
    await pin.enterOnKeypad(TEST_PIN);
    await pin.message.getByText('Falsche PIN. Noch 4 Versuche.', { exact: true }).waitFor();
    await screenshot(page, 'devices-chair-pin-wrong');
    await pin.enterOnKeyboard(TEST_PIN);
    await pin.message.getByText('Falsche PIN. Noch 3 Versuche.', { exact: true }).waitFor();

    await pin.enterOnKeypad(CHAIR_PIN);
    const console_ = page.getByRole('heading', { name: 'Tagesordnung', exact: true }).first();
    await console_.waitFor();
    await screenshot(page, 'devices-chair-unlocked');

    await page.getByRole('button', { name: 'Sperren', exact: true }).click();
    await pin.waitShown();
    expect(await console_.isVisible()).toBe(false);
    await pin.enterOnKeyboard(CHAIR_PIN);
    await console_.waitFor();

    // nothing of the PIN is kept where a reload or another page could read it
    const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
    expect(stored).not.toContain(CHAIR_PIN);
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.value).join(' ')).not.toContain(CHAIR_PIN);

    // a dropped connection comes back with the PIN kept in memory: no PIN screen, for chair and clerk
    const offline = page.getByText(/Die Verbindung zum Server ist unterbrochen/).first();
    await server.stop();
    await offline.waitFor({ timeout: 30_000 });
    await server.restart();
    await offline.waitFor({ state: 'hidden', timeout: 60_000 });
    expect(await pin.heading.isVisible()).toBe(false);
    await console_.waitFor();
    await clerk.page.getByText(/Die Verbindung zum Server ist unterbrochen/).first().waitFor({ state: 'hidden', timeout: 60_000 });
    await clerk.page.getByRole('heading', { name: 'Neues Gerät einrichten' }).waitFor();
    expect(await new PinScreen(clerk.page).heading.isVisible()).toBe(false);

    await page.reload();
    await pin.waitShown();
    await pin.enterOnKeyboard(CHAIR_PIN);
    await console_.waitFor();

    // the start page knows what this device is
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Dieses Gerät' }).waitFor();
    await page.getByRole('link', { name: 'Weiter zu: Sitzungsleitung' }).waitFor();
    await screenshot(page, 'devices-start-enrolled');

    // "Gerät abmelden", confirmed: the browser forgets its credential and is a stranger again
    await page.getByRole('button', { name: 'Gerät abmelden' }).click();
    const dialog = page.getByRole('dialog', { name: 'Gerät abmelden?' });
    await dialog.getByRole('button', { name: 'Ja, abmelden' }).click();
    await page.getByText(/Dieses Gerät ist noch nicht eingerichtet/).waitFor();
    expect(await page.getByRole('link', { name: 'Weiter zu: Sitzungsleitung' }).count()).toBe(0);
    // revoked on the server too: the clerk's list says so, with the reason, not a dead "aktiv" entry
    await devices.deviceRow('Tablet Vorsitz').getByText(/Grund: Vom Gerät selbst abgemeldet/).waitFor();
    await screenshot(clerk.page, 'devices-list-signed-out');
    await page.goto(`${server.url}/chair`);
    await page.getByRole('heading', { name: 'Dieses Gerät ist nicht eingerichtet' }).waitFor();
    await page.close();
  });

  it('locks the PIN entry after five wrong PINs and says until when', async () => {
    const { context, page } = await newScreen(browser, { width: 1280, height: 900 });
    await enrolled(context, server.enrol({ role: 'clerk' }, { label: 'Zweites Tablet' }).token);
    await page.goto(`${server.url}/clerk`);
    const pin = new PinScreen(page);
    await pin.waitShown();
    for (const left of [4, 3, 2]) {
      await pin.enterOnKeyboard('000000');
      await pin.message.getByText(`Falsche PIN. Noch ${left} Versuche.`, { exact: true }).waitFor();
    }
    await pin.enterOnKeyboard('000000');
    await pin.message.getByText('Falsche PIN. Noch 1 Versuch.', { exact: true }).waitFor();
    await pin.enterOnKeyboard('000000');
    await pin.message.getByText(/^Zu viele falsche PINs\. Die PIN-Eingabe ist gesperrt bis \d\d:\d\d Uhr\.$/).waitFor();
    await screenshot(page, 'devices-clerk-pin-locked');
    expect(await page.getByRole('tab', { name: 'Geräte' }).count()).toBe(0);
    await page.close();
  });

  it('an unlocked chair console that is revoked shows it at once', async () => {
    const { context, page } = await newScreen(browser, { width: 1280, height: 900 });
    await enrolled(context, server.enrol({ role: 'chair' }, { label: 'Vorsitz Ersatzgerät' }).token);
    await page.goto(`${server.url}/chair`);
    await unlockWhenAsked(page, page.getByRole('heading', { name: 'Tagesordnung', exact: true }).first());
    await devices.deviceRow('Vorsitz Ersatzgerät').getByText('verbunden', { exact: true }).waitFor();
    await devices.revoke('Vorsitz Ersatzgerät', 'Gerät verloren');
    await page.getByRole('heading', { name: 'Dieses Gerät wurde gesperrt' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Tagesordnung', exact: true }).count()).toBe(0);
    await screenshot(page, 'devices-chair-revoked');
    await page.close();
  });

  it('renders the printable pairing sheet for a seat range', async () => {
    const openCodes = async () => Number(/\((\d+)\)/.exec((await clerk.page.locator('#pending-title').innerText()) ?? '')?.[1]);
    const before = await openCodes();
    const sheet = await devices.pairingSheet(2, 5);
    await expect.poll(() => sheet.getByTestId('pairing-code').count()).toBe(4);
    expect(await sheet.locator('svg.qr').count()).toBe(4);
    for (const n of [2, 3, 4, 5]) await sheet.getByText(`Platz ${n}`, { exact: true }).waitFor();
    await screenshot(clerk.page, 'devices-pairing-sheet');
    await clerk.page.emulateMedia({ media: 'print' });
    expect(await clerk.page.getByRole('tab', { name: 'Geräte' }).isVisible()).toBe(false);
    expect(await sheet.getByRole('button', { name: 'Drucken' }).isVisible()).toBe(false);
    expect(await sheet.getByTestId('pairing-code').first().isVisible()).toBe(true);
    await screenshot(clerk.page, 'devices-pairing-sheet-print');
    await clerk.page.emulateMedia({ media: 'screen' });
    await sheet.getByRole('button', { name: 'Schließen' }).click();
    // the four new codes wait as open codes
    await clerk.page.getByRole('heading', { name: `Offene Kopplungscodes (${before + 4})` }).waitFor();
  });
});
