import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReaderMap } from '../../drivers/card-readers/reader-map-file';
import { ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';
import { ChairConsole } from './pages';

describe('the chair maps card readers to seats', () => {
  let server: ServerProcess;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = join(tempDir('e2e-reader-map'), 'data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'readers.json'), formatReaderMap([['USB Reader 00 00', 3]]));
    server = await ServerProcess.start({ dataDir, env: { RATSSAAL_READERS: 'simulated' } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('edits the map in the console: a wrong seat is refused with the reason, a right one is saved', async () => {
    const chair = new ChairConsole((await newScreen(browser, { width: 1440, height: 1100 })).page);
    await chair.open(server.url);
    const page = chair.page;
    await page.getByRole('button', { name: 'Zuordnung bearbeiten' }).click();
    const seat = page.getByLabel('Platznummer: USB Reader 00 00');
    await seat.fill('999');
    await page.getByRole('button', { name: 'Zuordnung speichern' }).click();
    // the problem in the console's language (German), not in English inside the German message
    await page.getByText(/Platz 999 gibt es im Register nicht/).first().waitFor();
    await screenshot(page, 'chair-reader-map-refused');
    await seat.fill('5');
    await page.getByRole('button', { name: 'Zuordnung speichern' }).click();
    await page.getByText('Gespeichert: 1 Kartenleser zugeordnet.').waitFor();
    expect(JSON.parse(readFileSync(join(dataDir, 'readers.json'), 'utf8'))).toEqual({
      format: 'ratssaal-readers/1',
      readers: [{ reader: 'USB Reader 00 00', seat: 5 }],
    });
    await page.locator('.devices__table').getByRole('cell', { name: '5', exact: true }).waitFor();
    await screenshot(page, 'chair-reader-map-saved');
  });
});
