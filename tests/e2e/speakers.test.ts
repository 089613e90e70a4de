import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/server-process';
import { ARTIFACTS, launchChromium, newScreen, screenshot } from './browser';
import { nameOf } from './demo';
import { ChairConsole, ChairSpeakers, Overlay, PublicDisplay, SeatScreen, SeatSpeaker } from './pages';

/** The overlay as OBS gets it: a PNG with a transparent background. */
async function overlayShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), omitBackground: true });
}

describe('speaker list end to end in Chromium: seats ask, the chair gives the floor, display and overlay follow', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-speakers'), 'data') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs the list of speakers and a vote while display and overlay update', async () => {
    const chairPage = (await newScreen(browser, { width: 1600, height: 1000 })).page;
    const chair = new ChairConsole(chairPage);
    const speakers = new ChairSpeakers(chairPage);
    const display = new PublicDisplay((await newScreen(browser, { width: 1920, height: 1080 })).page);
    const overlay = new Overlay((await newScreen(browser, { width: 1920, height: 1080 })).page);
    const members = ['m-002', 'm-017'];
    const seats = await Promise.all(members.map(async (_, i) => new SeatScreen((await newScreen(browser, { width: 1280, height: 800 })).page, 20 + i)));
    await chair.open(server.url);
    await display.open(server.url);
    await overlay.open(server.url);
    for (const [i, seat] of seats.entries()) {
      await seat.open(server.url);
      await seat.placeCard(nameOf(members[i]!));
      await seat.waitLoggedIn(nameOf(members[i]!));
    }
    const [first, second] = seats.map((s) => new SeatSpeaker(s)) as [SeatSpeaker, SeatSpeaker];

    await speakers.openSession();
    await chair.selectItem('5');
    await display.waitText(/Bebauungsplan Nr\. 58/);

    await first.request('Wortmeldung');
    await first.waitText('Sie sind Nr. 1 auf der Redeliste.');
    await second.request('Zur Geschäftsordnung');
    await second.waitText('Ihr GO-Antrag ist Nr. 1.');
    // the point of order went ahead: the first seat moved to no. 2
    await first.waitText('Sie sind Nr. 2 auf der Redeliste.');
    await display.waitText(/Als Nächstes/);
    const queueText = await display.page.locator('.d-next__list').innerText();
    expect(queueText.indexOf(nameOf('m-017'))).toBeLessThan(queueText.indexOf(nameOf('m-002')));
    await screenshot(display.page, 'display-speakers-queue');
    await screenshot(first.seat.page, 'seat-floor-requested');

    await speakers.callNext();
    await speakers.waitSpeaker(nameOf('m-017'));
    await second.waitText('Sie haben das Wort');
    await display.page.getByTestId('display-speaker').filter({ hasText: nameOf('m-017') }).waitFor();
    await overlay.waitSpeaker(nameOf('m-017'));
    // a countdown from the server's 5 minutes, on the seat of the speaker
    const timer = await second.seat.page.getByLabel('Redezeit').innerText();
    expect(timer).toMatch(/^[45]:\d\d$/);
    await screenshot(chairPage, 'chair-speaker-list');
    await screenshot(display.page, 'display-speaker');
    await screenshot(second.seat.page, 'seat-speaking');
    await overlayShot(overlay.page, 'overlay-lower-third');
    const background = await overlay.page.evaluate(() => [
      getComputedStyle(document.documentElement).backgroundColor,
      getComputedStyle(document.body).backgroundColor,
    ]);
    expect(background).toEqual(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);

    await speakers.callNext();
    await overlay.waitSpeaker(nameOf('m-002'));
    await first.waitText('Sie haben das Wort');
    await speakers.endSpeech();
    await overlay.page.getByTestId('overlay-speaker').waitFor({ state: 'detached' });
    await chairPage.getByText('Redestatistik der Sitzung').click();
    await chairPage.locator('.stats__table').first().waitFor();
    await screenshot(chairPage, 'chair-speaking-statistics');

    await chair.openVote('Offene Abstimmung');
    await Promise.all(seats.map((s) => s.waitVoteOpen()));
    await overlay.page.getByTestId('overlay-vote').waitFor();
    for (const seat of seats) {
      await seat.vote('Ja');
      await seat.waitRecorded('Ja');
    }
    await chair.waitCast(2, 2);
    await chair.closeVote();
    await overlay.waitResult(/Angenommen/);
    await overlayShot(overlay.page, 'overlay-result-card');

    await chair.selectItem('N 1');
    await display.waitText(/Nichtöffentlicher Teil/);
    await overlay.waitNotice(/Nichtöffentlicher Teil/);
    expect(await overlay.page.locator('body').innerText()).not.toMatch(/Grundstück/);

    await chair.selectItem('6');
    await speakers.interrupt('Technische Störung der Mikrofonanlage');
    await display.waitText(/Die Sitzung ist unterbrochen/);
    await display.waitText(/Technische Störung der Mikrofonanlage/);
    await overlay.waitNotice(/Die Sitzung ist unterbrochen/);
    await screenshot(display.page, 'display-interrupted');
  });
});
