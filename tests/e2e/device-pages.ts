import type { Locator, Page } from 'playwright-core';
import { TEST_PIN } from '../helpers/server-process';

/** Page objects of device enrolment: the PIN screen, the pairing page, the clerk's devices tab. */

/** The PIN screen of chair and clerk devices. */
export class PinScreen {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'PIN eingeben', exact: true });
  }

  get message(): Locator {
    return this.page.locator('.pin-screen__message');
  }

  async waitShown(): Promise<void> {
    await this.heading.waitFor();
  }

  /** Types the PIN on the on-screen keypad, as on a touchscreen, and unlocks. */
  async enterOnKeypad(pin: string): Promise<void> {
    const pad = this.page.getByRole('group', { name: 'Ziffernfeld' });
    for (const digit of pin) await pad.getByRole('button', { name: digit, exact: true }).click();
    await this.page.getByRole('button', { name: 'Entsperren' }).click();
  }

  /** Types the PIN on the keyboard and presses Enter. */
  async enterOnKeyboard(pin: string): Promise<void> {
    const field = this.page.getByLabel('PIN', { exact: true });
    await field.focus();
    await this.page.keyboard.type(pin);
    await this.page.keyboard.press('Enter');
  }
}

/**
 * Opens a chair or clerk screen: when the device asks for its PIN (the server's test devices all
 * have TEST_PIN), types it; then waits for the screen itself.
 */
export async function unlockWhenAsked(page: Page, ready: Locator, pin: string = TEST_PIN): Promise<void> {
  const pinScreen = new PinScreen(page);
  await ready.or(pinScreen.heading).first().waitFor();
  if (await pinScreen.heading.isVisible()) {
    await pinScreen.enterOnKeypad(pin);
  }
  await ready.waitFor();
}

/** /pair: the code (prefilled from ?code=), for chair and clerk codes the PIN twice. */
export class PairPage {
  constructor(readonly page: Page) {}

  async open(base: string, code?: string): Promise<void> {
    await this.page.goto(code === undefined ? `${base}/pair` : `${base}/pair?code=${encodeURIComponent(code)}`);
    await this.page.getByRole('heading', { name: 'Gerät koppeln' }).waitFor();
  }

  get codeField(): Locator {
    return this.page.getByLabel('Kopplungscode', { exact: true });
  }

  async submitCode(): Promise<void> {
    await this.page.getByRole('button', { name: 'Koppeln', exact: true }).click();
  }

  async choosePin(first: string, second: string): Promise<void> {
    await this.page.getByRole('heading', { name: 'PIN festlegen' }).waitFor();
    await this.page.getByLabel('Neue PIN', { exact: true }).fill(first);
    await this.page.getByLabel('PIN wiederholen', { exact: true }).fill(second);
    await this.page.getByRole('button', { name: 'PIN festlegen und koppeln' }).click();
  }
}

export type NewDeviceRole = 'Platz' | 'Sitzungsleitung' | 'Schriftführung' | 'Öffentliche Anzeige' | 'Kartenleser-Einheit';

/** The clerk's "Geräte" tab. */
export class DevicesTab {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Geräte' }).click();
    await this.page.getByRole('heading', { name: 'Neues Gerät einrichten' }).waitFor();
  }

  /** Creates a pairing code; answers the code and the address the QR code holds. */
  async createCode(role: NewDeviceRole, o: { seat?: string; label?: string } = {}): Promise<{ code: string; url: string }> {
    await this.page.getByRole('radio', { name: role, exact: true }).check();
    const form = this.page.getByRole('region', { name: 'Neues Gerät einrichten' });
    if (o.seat !== undefined) await form.getByLabel('Platz wählen', { exact: true }).selectOption({ label: `Platz ${o.seat}` });
    if (o.label !== undefined) await form.getByLabel('Bezeichnung', { exact: true }).fill(o.label);
    await form.getByRole('button', { name: 'Kopplungscode erzeugen' }).click();
    const card = this.page.getByRole('article', { name: /^Kopplungscode für / });
    await card.waitFor();
    const code = (await card.getByTestId('pairing-code').textContent())?.trim() ?? '';
    const url = (await card.locator('.issued__url-text').textContent())?.trim() ?? '';
    return { code, url };
  }

  async done(): Promise<void> {
    await this.page.getByRole('button', { name: 'Fertig' }).click();
  }

  deviceRow(label: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: label, exact: true }) });
  }

  async revoke(label: string, reason: string): Promise<void> {
    await this.page.getByRole('button', { name: `Gerät sperren: ${label}`, exact: true }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('Grund').fill(reason);
    await dialog.getByRole('button', { name: 'Gerät sperren' }).click();
    await this.deviceRow(label).getByText('Gesperrt', { exact: true }).waitFor();
  }

  /** Opens the printable sheet for a seat range. */
  async pairingSheet(from: number, to: number): Promise<Locator> {
    const form = this.page.getByRole('region', { name: 'Kopplungsblatt für Plätze' });
    await form.getByLabel('Plätze von', { exact: true }).fill(String(from));
    await form.getByLabel('bis', { exact: true }).fill(String(to));
    await form.getByRole('button', { name: 'Kopplungsblatt erzeugen' }).click();
    const sheet = this.page.getByRole('dialog', { name: `Kopplungsblatt: Plätze ${from}–${to}` });
    await sheet.waitFor();
    return sheet;
  }
}
