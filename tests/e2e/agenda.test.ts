import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';
import { ChairConsole, PublicDisplay } from './pages';

describe('agenda editing in Chromium: import with a preview, then edit', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-agenda'), 'data') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses a file with a bad row as a whole, imports the corrected file, edits and moves an item', async () => {
    const page = (await newScreen(browser, { width: 1600, height: 1000 })).page;
    const chair = new ChairConsole(page);
    const display = new PublicDisplay((await newScreen(browser, { width: 1920, height: 1080 })).page);
    await chair.open(server.url);
    await display.open(server.url);
    await page.getByRole('button', { name: 'Tagesordnung bearbeiten' }).click();

    const content = page.getByLabel('Inhalt der Datei');
    await content.fill('Nummer;Titel;Öffentlich;Drucksache\n1;Eröffnung;ja;\n2;;ja;DS 2026/010\nN 1;Personalangelegenheit;nein;\n');
    await page.getByText('2 von 3 Zeilen in Ordnung').waitFor();
    await page.getByText('Der Titel fehlt.').waitFor();
    expect(await page.getByRole('button', { name: 'Importieren', exact: true }).isDisabled()).toBe(true);
    await screenshot(page, 'chair-agenda-import-errors');

    await content.fill('Nummer;Titel;Öffentlich;Drucksache\n1;Eröffnung;ja;\n2;Neubau Feuerwache;ja;DS 2026/010\nN 1;Personalangelegenheit;nein;\n');
    await page.getByText('3 von 3 Zeilen in Ordnung').waitFor();
    await page.getByRole('button', { name: 'Importieren', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Importieren' }).click();
    await page.getByText('3 Punkte importiert.').waitFor();
    const agenda = page.locator('.agenda__list');
    await agenda.getByText('Neubau Feuerwache').waitFor();
    expect(await agenda.locator('.agenda__number').allInnerTexts()).toEqual(['TOP 1', 'TOP 2', 'TOP N 1']);

    const row = page.getByRole('form', { name: 'TOP 2' });
    await row.getByLabel('Titel').fill('Neubau der Feuerwache Nord');
    await row.getByRole('button', { name: 'Speichern' }).click();
    await agenda.getByText('Neubau der Feuerwache Nord').waitFor();
    await page.getByRole('button', { name: 'Nach oben: TOP 2' }).click();
    await page.waitForFunction(() => document.querySelector('.agenda__list .agenda__number')?.textContent === 'TOP 2');
    await screenshot(page, 'chair-agenda-edited');

    await page.getByRole('button', { name: 'Fertig' }).click();
    await chair.selectItem('2');
    await display.waitText(/Neubau der Feuerwache Nord/);
    await chair.selectItem('N 1');
    await display.waitText(/Nichtöffentlicher Teil/);
    expect(await display.page.locator('body').innerText()).not.toMatch(/Personalangelegenheit/);
  });
});
