import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { ServerProcess, tempDir } from '../helpers/server-process';
import { diskOf, throttleGroup, type Throttle } from '../helpers/slow-disk';
import { expectNoAxeViolations as expectAccessible } from './accessibility';
import { launchChromium, newScreen, screenshot } from './browser';
import { ClerkScreen } from './clerk-pages';
import { ChairConsole, SeatScreen } from './pages';

/**
 * The disk under the running server becomes slow (its writes throttled through a block-I/O
 * cgroup, root) while a member votes: the seat still shows every ballot as recorded, only later;
 * the chair's and the clerk's consoles show the amber warning with the figures, and it goes when the disk keeps up.
 */
describe('the chair sees when the server\'s disk has become slow', () => {
  let server: ServerProcess;
  let browser: Browser;
  let group: Throttle | undefined;
  let disk: string;

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('this test needs root: it puts the server into a block-I/O cgroup (run npm test as root)');
    const dataDir = join(tempDir('e2e-slow-disk'), 'data');
    server = await ServerProcess.start({ dataDir, env: { RATSSAAL_COMMIT_THREAD: '0' } });
    disk = diskOf(dataDir);
    group = throttleGroup(`ratssaal-e2e-${process.pid}`);
    group.enter(server.pid!);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    if (group) {
      group.set(disk, null);
      group.remove(server?.pid);
    }
    await browser?.close();
    await server?.stop();
  });

  it('warns with the figures while ballots are slow to be recorded, and clears', async () => {
    const chair = new ChairConsole((await newScreen(browser, { width: 1440, height: 1000 })).page);
    const seat = new SeatScreen((await newScreen(browser, { width: 1280, height: 800 })).page, 21);
    const clerk = new ClerkScreen((await newScreen(browser, { width: 1440, height: 900 })).page);
    await chair.open(server.url);
    await clerk.open(server.url);
    await seat.open(server.url);
    await seat.placeCard('Markus Overbeck');
    await seat.waitLoggedIn('Markus Overbeck');
    await chair.selectItem('5');
    await chair.openVote('Offene Abstimmung');
    await seat.waitVoteOpen();
    const warning = chair.page.getByTestId('storage-slow');
    expect(await warning.count()).toBe(0);

    group!.set(disk, 4);
    const choices = ['Ja', 'Nein', 'Enthaltung'] as const;
    for (let i = 0; i < 10; i += 1) {
      const choice = choices[i % 3]!;
      await seat.vote(choice);
      await seat.waitRecorded(choice);
    }
    await warning.waitFor({ timeout: 15_000 });
    const text = (await warning.textContent()) ?? '';
    expect(text).toMatch(/^Speicher langsam seit \d\d:\d\d(:\d\d)?: Stimmen und Eingaben werden erst nach etwa [\d.]+ ms bestätigt \(längste [\d.]+ ms\)\. Es geht nichts verloren\./);
    expect(await warning.getAttribute('role')).toBe('status');
    await chair.waitCast(1, 1);
    await screenshot(chair.page, 'chair-storage-slow');
    const clerkWarning = clerk.page.getByTestId('storage-slow');
    await clerkWarning.waitFor({ timeout: 15_000 });
    expect(await clerkWarning.textContent()).toMatch(/^Speicher langsam seit/);
    await expectAccessible(chair.page, 'the chair console, the storage slow');
    await expectAccessible(clerk.page, 'the clerk console, the storage slow');

    group!.set(disk, null);
    for (let i = 0; i < 6; i += 1) {
      const choice = choices[i % 3]!;
      await seat.vote(choice);
      await seat.waitRecorded(choice);
    }
    await warning.waitFor({ state: 'detached', timeout: 15_000 });
    await clerkWarning.waitFor({ state: 'detached', timeout: 15_000 });
    await chair.waitCast(1, 1);
  }, 120_000);
});
