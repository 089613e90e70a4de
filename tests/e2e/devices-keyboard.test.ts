/**
 * The pairing page and the PIN screen with a keyboard only: where the focus starts, the tab
 * order, Enter submits, and a visible focus ring on every control the focus reaches.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';

const PIN = '24681357';

/** The focused element: its accessible-ish name, and whether a focus ring is drawn. */
function focused(page: Page): Promise<{ tag: string; name: string; ring: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'BODY', name: '', ring: false };
    const labels = (el as HTMLInputElement).labels;
    const name = el.getAttribute('aria-label') ?? (labels && labels.length > 0 ? (labels[0]?.textContent ?? '') : (el.textContent ?? ''));
    const s = getComputedStyle(el);
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow !== 'none' && s.boxShadow !== '');
    return { tag: el.tagName, name: name.trim(), ring };
  });
}

/** Presses Tab until the focus is on `name` (at most `max` times); the names passed on the way. */
async function tabTo(page: Page, name: string, max = 20): Promise<string[]> {
  const passed: string[] = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    expect(f.tag === 'BODY' || f.ring, `focus ring on ${f.tag} "${f.name}"`).toBe(true);
    passed.push(f.name);
    if (f.name === name) return passed;
  }
  throw new Error(`"${name}" not reached by Tab; passed ${passed.join(' → ')}`);
}

describe('pairing and PIN by keyboard only, in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-keyboard'), 'data') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('pairs a chair device, chooses its PIN and unlocks the console without a mouse', async () => {
    const { code } = server.devices().issueCode({ role: 'chair' }, 'Tablet Vorsitz', { by: 'test' });
    const { context, page } = await newScreen(browser, { width: 1280, height: 900 });
    try {
      await page.goto(`${server.url}/pair`);
      await page.getByRole('heading', { name: 'Gerät koppeln' }).waitFor();
      // the page's task has the focus at once
      await expect.poll(async () => (await focused(page)).name).toBe('Kopplungscode');
      expect((await focused(page)).ring).toBe(true);
      await page.keyboard.type(code.replace('-', '').toLowerCase());
      // the field comes before its button; Shift+Tab goes back
      expect(await tabTo(page, 'Koppeln', 1)).toEqual(['Koppeln']);
      await page.keyboard.press('Shift+Tab');
      expect((await focused(page)).name).toBe('Kopplungscode');
      await screenshot(page, 'keyboard-pair-code');
      await page.keyboard.press('Enter');

      // the PIN step: the focus moves into the first field; Tab to the second; Enter submits
      await page.getByRole('heading', { name: 'PIN festlegen' }).waitFor();
      await expect.poll(async () => (await focused(page)).name).toBe('Neue PIN');
      await page.keyboard.type(PIN);
      expect(await tabTo(page, 'PIN wiederholen', 1)).toEqual(['PIN wiederholen']);
      await page.keyboard.type('1111111');
      await page.keyboard.press('Enter');
      await page.getByText('Die beiden PINs stimmen nicht überein.').waitFor();
      expect((await focused(page)).name).toBe('PIN wiederholen');
      // "Anderen Code eingeben" by keyboard: back in the code field; Enter asks for the PIN again
      await tabTo(page, 'Anderen Code eingeben', 3);
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await focused(page)).name).toBe('Kopplungscode');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'PIN festlegen' }).waitFor();
      await expect.poll(async () => (await focused(page)).name).toBe('Neue PIN');
      await page.keyboard.type(PIN);
      await page.keyboard.press('Tab');
      await page.keyboard.type(PIN);
      expect(await tabTo(page, 'PIN festlegen und koppeln', 1)).toEqual(['PIN festlegen und koppeln']);
      await screenshot(page, 'keyboard-pair-pin');
      await page.keyboard.press('Enter');

      // the chair console asks for the PIN: the field has the focus, the keypad follows in order
      await page.waitForURL('**/chair');
      await page.getByRole('heading', { name: 'PIN eingeben' }).waitFor();
      await expect.poll(async () => (await focused(page)).name).toBe('PIN');
      expect((await focused(page)).ring).toBe(true);
      const order = await tabTo(page, 'Entsperren');
      expect(order).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 'Entsperren']);
      await page.keyboard.press('Shift+Tab');
      expect((await focused(page)).name).toBe('0');
      await screenshot(page, 'keyboard-pin-keypad');
      // a key of the keypad pressed with Enter types its digit and hands the focus back to the field
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await focused(page)).name).toBe('PIN');
      expect(await page.getByLabel('PIN', { exact: true }).inputValue()).toBe('0');
      await page.keyboard.type('0000000');
      await page.keyboard.press('Enter');
      await page.getByText('Falsche PIN. Noch 4 Versuche.', { exact: true }).waitFor();
      // after the answer the field has the focus again: type and Enter once more
      await expect.poll(async () => (await focused(page)).name).toBe('PIN');
      await page.keyboard.type(PIN);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Tagesordnung', exact: true }).first().waitFor();
    } finally {
      await context.close();
    }
  });
});
