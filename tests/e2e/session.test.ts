import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';
import { nameOf } from './demo';
import { ChairConsole, PublicDisplay, SeatScreen } from './pages';

describe('one vote end to end in Chromium: chair, three seats, display', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e'), 'data') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('chair opens a vote, three seats vote, the result appears on seats, chair and display', async () => {
    const chair = new ChairConsole((await newScreen(browser, { width: 1440, height: 1000 })).page);
    const display = new PublicDisplay((await newScreen(browser, { width: 1920, height: 1080 })).page);
    const members = ['m-002', 'm-003', 'm-017'];
    const seats = await Promise.all(
      members.map(async (_, i) => new SeatScreen((await newScreen(browser, { width: 1280, height: 800 })).page, 10 + i)),
    );
    await chair.open(server.url);
    await display.open(server.url);
    for (const [i, seat] of seats.entries()) {
      await seat.open(server.url);
      await seat.placeCard(nameOf(members[i]!));
      await seat.waitLoggedIn(nameOf(members[i]!));
    }
    await screenshot(seats[0]!.page, 'seat-logged-in');

    await chair.selectItem('4');
    await chair.openVote('Offene Abstimmung');
    await display.waitText(/Abstimmung läuft/);
    await Promise.all(seats.map((s) => s.waitVoteOpen()));
    await screenshot(seats[0]!.page, 'seat-vote-open');

    const choices = ['Ja', 'Ja', 'Nein'] as const;
    for (const [i, seat] of seats.entries()) {
      await seat.vote(choices[i]!);
      await seat.waitRecorded(choices[i]!);
    }
    await screenshot(seats[2]!.page, 'seat-vote-recorded');
    await chair.waitCast(3, 3);
    await screenshot(chair.page, 'chair-vote-running');
    await screenshot(display.page, 'display-vote-running');

    await chair.closeVote();
    await chair.waitResult(/Angenommen/);
    await display.waitText(/angenommen/i);
    await Promise.all(seats.map((s) => s.waitResult(/Angenommen/)));
    await screenshot(chair.page, 'chair-result');
    await screenshot(display.page, 'display-result');
    await screenshot(seats[0]!.page, 'seat-result');

    const displayText = await display.page.locator('body').innerText();
    expect(displayText).toMatch(/2/);
    expect(displayText).not.toMatch(new RegExp(nameOf(members[2]!)));
  });
});
