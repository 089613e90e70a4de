import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';

describe('start page: choose the screen, set up the device', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-start'), 'data') });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the CA fingerprint the server printed, and the certificate to download', async () => {
    const { page } = await newScreen(browser, { width: 1280, height: 1000 });
    await page.goto(`${server.url}/`);
    const printed = /CA SHA-256: ([0-9A-F:]+)/.exec(server.log)?.[1];
    expect(printed).toBeDefined();
    await page.getByRole('heading', { name: 'Gerät einrichten' }).waitFor();
    await page.getByText(printed!, { exact: true }).waitFor();
    const href = await page.getByRole('link', { name: 'Zertifikat herunterladen' }).getAttribute('href');
    const pem = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(pem).toBe(server.ca);
    await screenshot(page, 'start-device-setup');
  });
});
