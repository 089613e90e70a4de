import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';
import { demo, nameOf } from './demo';
import { ChairConsole, SeatScreen } from './pages';

const advisory = demo.members.find((m) => m.votingRight === 'advisory');

describe('seats explain why they cannot vote, and come back by themselves after a server restart', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-restart'), 'data') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('named vote: advisory and empty seats say why; the voter still sees "gespeichert" after the restart', async () => {
    expect(advisory).toBeDefined();
    const chair = new ChairConsole((await newScreen(browser, { width: 1440, height: 1000 })).page);
    const voter = new SeatScreen((await newScreen(browser, { width: 1280, height: 800 })).page, 21);
    const adviser = new SeatScreen((await newScreen(browser, { width: 1280, height: 800 })).page, 20);
    const empty = new SeatScreen((await newScreen(browser, { width: 1280, height: 800 })).page, 22);
    await chair.open(server.url);
    for (const seat of [voter, adviser, empty]) await seat.open(server.url);
    await voter.placeCard(nameOf('m-004'));
    await voter.waitLoggedIn(nameOf('m-004'));
    await adviser.placeCard(nameOf(advisory!.id));
    await adviser.waitLoggedIn(nameOf(advisory!.id));

    await chair.selectItem('5');
    await chair.openVote('Namentliche Abstimmung');
    await voter.waitVoteOpen();
    await adviser.page.getByText('Beratende Stimme – Sie können nicht abstimmen.').waitFor();
    await empty.page.getByText('Bitte Karte auflegen, um sich anzumelden.').first().waitFor();
    expect(await adviser.page.getByRole('button', { name: 'Ja', exact: true }).count()).toBe(0);
    await screenshot(adviser.page, 'seat-advisory-cannot-vote');

    await voter.vote('Nein');
    await voter.waitRecorded('Nein');
    await chair.waitCast(1, 1);

    await server.stop();
    await voter.offlineBanner.waitFor({ timeout: 30_000 });
    await chair.offlineBanner.waitFor({ timeout: 30_000 });
    await screenshot(voter.page, 'seat-disconnected');
    await server.restart();

    // no reload: the pages reconnect by themselves (socket.io backs off up to a few seconds)
    // and show the recorded ballot from the server
    await voter.offlineBanner.waitFor({ state: 'hidden', timeout: 60_000 });
    await chair.offlineBanner.waitFor({ state: 'hidden', timeout: 60_000 });
    await voter.waitRecorded('Nein');
    await chair.waitCast(1, 1);
    await screenshot(voter.page, 'seat-after-restart');
    await chair.closeVote();
    await voter.waitResult(/Abgelehnt/);
    await screenshot(voter.page, 'seat-named-result');
  });
});
