import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../helpers/read-exports';
import { ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';
import { ClerkScreen } from './clerk-pages';

describe('declarations for the record and notes in the clerk console (Chromium)', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-notes'), 'data') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('records a declaration and a note, withdraws the note with a reason, and the minutes print both', async () => {
    const { context, page } = await newScreen(browser, { width: 1440, height: 1000 });
    try {
      const clerk = new ClerkScreen(page);
      await clerk.open(server.url);
      await clerk.tab('Erklärungen & Vermerke');

      // a member's declaration on item 4
      const item = page.getByLabel('Tagesordnungspunkt');
      await item.selectOption((await item.locator('option', { hasText: 'TOP 4 –' }).getAttribute('value')) ?? '');
      await page.getByLabel('Mitglied', { exact: true }).selectOption({ label: 'Heinrich Albers' });
      await page.getByLabel('Wortlaut').fill('Ich stimme dem Haushalt nur zu, wenn die Schulsanierung Vorrang behält.');
      await page.getByRole('button', { name: 'In die Niederschrift aufnehmen' }).click();
      await page.getByRole('status').filter({ hasText: 'Aufgenommen.' }).waitFor();
      await page.getByText('Erklärung zu Protokoll von Heinrich Albers').waitFor();

      // the clerk's own note on the session, then withdrawn
      await page.getByRole('radio', { name: 'Vermerk der Schriftführung' }).check();
      await page.getByLabel('Tagesordnungspunkt').selectOption({ label: 'Zur Sitzung allgemein' });
      await page.getByLabel('Wortlaut').fill('Versehentlich doppelt erfasst.');
      await page.getByRole('button', { name: 'In die Niederschrift aufnehmen' }).click();
      await page.getByRole('heading', { name: 'Aufgenommen (2)' }).waitFor();
      await page.getByRole('listitem').filter({ hasText: 'Versehentlich doppelt erfasst.' }).getByRole('button', { name: 'Zurücknehmen' }).click();
      await page.getByRole('dialog').getByLabel('Grund').fill('doppelt');
      await screenshot(page, 'clerk-record-note-withdraw');
      await page.getByRole('dialog').getByRole('button', { name: 'Zurücknehmen' }).click();
      await page.getByText(/Zurückgenommen \(\d\d:\d\d.*\)\. Grund: doppelt/).waitFor();
      await screenshot(page, 'clerk-record-notes');

      // the minutes print the declaration under its item and the withdrawn note at the end
      await clerk.tab('Niederschrift & Export');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Niederschrift (PDF)' }) }).getByRole('button', { name: 'Herunterladen' }).click(),
      ]);
      const flat = (await pdfText(readFileSync(await download.path()))).text.replace(/\s+/g, ' ');
      expect(flat).toMatch(/Erklärung zu Protokoll von Heinrich Albers \([^)]+\), \d\d:\d\d Uhr: „Ich stimme dem Haushalt nur zu, wenn die Schulsanierung Vorrang behält\.“/);
      expect(flat).toContain('Erklärungen und Vermerke zur Sitzung');
      expect(flat).toMatch(/Vermerk der Schriftführung, \d\d:\d\d Uhr: „Versehentlich doppelt erfasst\.“ – Zurückgenommen um \d\d:\d\d Uhr\. Grund: doppelt\./);
    } finally {
      await context.close();
    }
  });
});
