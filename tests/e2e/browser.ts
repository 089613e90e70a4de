import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEVICE_COOKIE, type DeviceRole } from '../../server/protocol/devices';
import { REPO_ROOT, ServerProcess } from '../helpers/server-process';

export const CHROMIUM = process.env.RATSSAAL_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(REPO_ROOT, 'test-results', 'screenshots');

/** Debian's chromium, headless, with nothing that reaches outside this machine. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newScreen(browser: Browser, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to (load|execute|apply|connect|frame)/.test(msg.text())) {
      policyViolations.push(`${page.url()}: ${msg.text()}`);
    }
  });
  return { context, page };
}

/** What the browser refused under the server's security headers: must stay empty. */
export const policyViolations: string[] = [];

/** The whole page, or with { viewport: true } only what the screen shows (its layout as seen). */
export async function screenshot(page: Page, name: string, o: { viewport?: boolean } = {}): Promise<void> {
  // every E2E test takes screenshots: a cheap place to insist the pages run under the CSP
  if (policyViolations.length > 0) throw new Error(`the browser blocked content:\n${policyViolations.join('\n')}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: !o.viewport });
}

/**
 * Makes the page's browser an enrolled device of this role (as if it had been paired): the
 * device cookie, httpOnly and Secure, for the test server at base. Chair and clerk devices then
 * ask for their PIN (TEST_PIN).
 */
export async function enrolBrowser(page: Page, base: string, role: DeviceRole, seatId?: number): Promise<void> {
  const server = ServerProcess.at(base);
  if (!server) throw new Error(`no test server at ${base}`);
  const token = server.credentialFor(role, seatId);
  if (!token) throw new Error(`no ${role} device for seat ${seatId ?? '?'}`);
  await page.context().addCookies([{ name: DEVICE_COOKIE, value: token, url: base, httpOnly: true, secure: true, sameSite: 'Strict' }]);
}
