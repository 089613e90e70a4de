import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, RecordingClient, REPO_ROOT, ServerProcess, tempDir, TEST_PIN } from '../helpers/server-process';
import { pdfText } from '../helpers/read-exports';
import { launchChromium, newScreen, screenshot } from './browser';
import { PinScreen } from './device-pages';
import { ClerkScreen } from './clerk-pages';
import { ChairConsole } from './pages';

const demo = JSON.parse(readFileSync(join(REPO_ROOT, 'seeds/demo-council.json'), 'utf8')) as {
  body: { name: string };
  session: { title: string; agenda: { id: string }[] };
};

describe('exports page in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-exports'), 'data') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens inside the chair console without a second PIN, downloads the minutes as PDF and returns', async () => {
    const { context, page } = await newScreen(browser, { width: 1440, height: 1000 });
    try {
      await new ChairConsole(page).open(server.url);
      await page.getByRole('link', { name: 'Niederschrift und Export' }).click();
      // on the console's unlocked connection: the address changes, no PIN is asked again
      await page.waitForURL('**/chair/exports');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Niederschrift und Export');
      // the view replaced the console: the keyboard's focus starts at its heading
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Niederschrift und Export');
      await page.getByText(demo.session.title).waitFor();
      const hash = await page.locator('.exports__hash').textContent();
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      await screenshot(page, 'exports-page');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Niederschrift (PDF)' }) }).getByRole('button', { name: 'Herunterladen' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/-niederschrift\.pdf$/);
      const { text } = await pdfText(readFileSync(await download.path()));
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain(`Gremium ${demo.body.name}`);
      expect(flat.replace(/ /g, '')).toContain(`SHA-256${hash ?? ''}`);

      // the browser's cookie alone, as a stolen and locked tablet has it, downloads nothing
      const bare = await context.request.get(`${server.url}/api/export/pdf`);
      expect(bare.status()).toBe(401);
      expect(((await bare.json()) as { code: string }).code).toBe('export-ticket-required');

      await page.getByRole('group', { name: 'Sprache' }).getByRole('button', { name: 'EN' }).click();
      await page.getByRole('heading', { level: 1, name: 'Minutes and export' }).waitFor();
      expect(await page.getByRole('button', { name: 'Download' }).count()).toBe(7);
      await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'DE' }).click();

      // back to the console, and the browser's own back button works the same way
      await page.getByRole('button', { name: '← Zur Sitzungsleitung' }).click();
      await page.waitForURL((url) => url.pathname === '/chair');
      await page.getByRole('heading', { name: 'Tagesordnung', exact: true }).first().waitFor();
      await page.getByRole('link', { name: 'Niederschrift und Export' }).click();
      await page.getByRole('heading', { level: 1, name: 'Niederschrift und Export' }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { name: 'Tagesordnung', exact: true }).first().waitFor();
      expect(new URL(page.url()).pathname).toBe('/chair');
    } finally {
      await context.close();
    }
  });

  it('opened on its own, the page asks for the PIN first, as the consoles do', async () => {
    const { context, page } = await newScreen(browser, { width: 1440, height: 1000 });
    try {
      await new ChairConsole(page).open(server.url);
      // a download ticket comes only over an unlocked connection: a page of its own asks again
      await page.goto(`${server.url}/chair/exports`);
      const pin = new PinScreen(page);
      await pin.waitShown();
      await pin.enterOnKeypad(TEST_PIN);
      await page.getByRole('heading', { level: 1, name: 'Niederschrift und Export' }).waitFor();
      expect(await page.getByRole('button', { name: 'Herunterladen' }).count()).toBe(7);
      await page.getByRole('link', { name: '← Zur Sitzungsleitung' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('is a tab of the clerk console, on its connection', async () => {
    const { context, page } = await newScreen(browser, { width: 1440, height: 1000 });
    try {
      const clerk = new ClerkScreen(page);
      await clerk.open(server.url);
      await clerk.tab('Niederschrift & Export');
      const panel = page.getByRole('tabpanel');
      await panel.getByRole('heading', { level: 2, name: 'Niederschrift und Export' }).waitFor();
      await panel.getByText(demo.session.title).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'Wahlen (CSV)' }) }).getByRole('button', { name: 'Herunterladen' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/-wahlen\.csv$/);
      expect(readFileSync(await download.path(), 'utf8')).toMatch(/^\uFEFFTOP;Tagesordnungspunkt;Öffentlich;Wahl;/);
      await screenshot(page, 'clerk-exports-tab');
    } finally {
      await context.close();
    }
  });

  it('while a vote is open, the exports inside the chair console say so', async () => {
    const { context, page } = await newScreen(browser, { width: 1440, height: 1000 });
    const chair = new RecordingClient('chair', server);
    try {
      await chair.connected();
      const itemId = demo.session.agenda[0]?.id ?? 'top-01';
      ok(await chair.send('openVote', { itemId, title: 'Antrag', kind: 'open', majority: { kind: 'simple' } }));
      await new ChairConsole(page).open(server.url);
      await page.getByRole('link', { name: 'Niederschrift und Export' }).click();
      await page.getByRole('status').filter({ hasText: 'Eine Abstimmung läuft.' }).waitFor();
      await screenshot(page, 'exports-page-vote-open');
      await page.getByRole('button', { name: '← Zur Sitzungsleitung' }).click();
      await page.getByRole('button', { name: 'Abstimmung schließen' }).waitFor();
    } finally {
      chair.close();
      await context.close();
    }
  });
});
