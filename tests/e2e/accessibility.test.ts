import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectNoAxeViolations as expectAccessible } from './accessibility';
import { Register } from '../../server/protocol/register';
import { REPO_ROOT, ServerProcess, tempDir } from '../helpers/server-process';
import { enrolBrowser, launchChromium, newScreen, screenshot } from './browser';
import { CLERK_TAB_NAMES, ClerkScreen } from './clerk-pages';
import { PinScreen, unlockWhenAsked } from './device-pages';
import { ChairConsole, ChairSpeakers, PublicDisplay, SeatScreen, SeatSpeaker } from './pages';

/**
 * axe-core on the rendered screens, in the states that matter: the rules of WCAG 2.0 and 2.1,
 * levels A and AA (labels, names, ARIA, landmarks, contrast). Only violations count; what axe
 * cannot decide ("incomplete", e.g. text over a gradient) is not a failure.
 */

const demo = Register.parse(JSON.parse(readFileSync(join(REPO_ROOT, 'seeds/demo-council.json'), 'utf8')));
const nameOf = (memberId: string) => {
  const m = demo.members.find((x) => x.id === memberId);
  if (!m) throw new Error(`no member ${memberId}`);
  return [m.title, m.firstName, m.lastName].filter(Boolean).join(' ');
};

describe('accessibility (axe-core, WCAG 2.1 A/AA) of the rendered screens', () => {
  let server: ServerProcess;
  let browser: Browser;
  let chair: ChairConsole;
  let seat: SeatScreen;
  let display: PublicDisplay;
  const member = nameOf('m-002');

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-a11y'), 'data') });
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
    await expectAccessible(chair.page, 'the chair console');
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
