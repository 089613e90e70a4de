import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';
import { ClerkScreen } from './clerk-pages';

describe('the clerk keeps the seat plan', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-seat-plan'), 'data') });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('moves and renames a seat in the plan; the register records it', async () => {
    const clerk = new ClerkScreen((await newScreen(browser, { width: 1440, height: 1400 })).page);
    await clerk.open(server.url);
    await clerk.tab('Fraktionen & Einstellungen');
    const page = clerk.page;
    await page.getByRole('button', { name: 'Platz 12 bearbeiten' }).click();
    const form = page.getByRole('form', { name: 'Platz 12' });
    await form.getByLabel('Bezeichnung').fill('12a');
    await form.getByLabel('Von links (%)').fill('20');
    await form.getByLabel('Von oben (%)').fill('70');
    await form.getByRole('button', { name: 'Platz speichern' }).click();
    const moved = page.getByRole('button', { name: 'Platz 12a bearbeiten' });
    await moved.waitFor();
    expect(await moved.evaluate((el) => [el.style.left, el.style.top])).toEqual(['20%', '70%']);
    await screenshot(page, 'clerk-seat-plan');

    const watcher = new RecordingClient('clerk', server);
    try {
      const view = await watcher.waitFor((v) => v.seats.some((s) => s.id === 12));
      expect(view.seats.find((s) => s.id === 12)).toMatchObject({ label: '12a', x: 0.2, y: 0.7 });
    } finally {
      watcher.close();
    }
  });
});
