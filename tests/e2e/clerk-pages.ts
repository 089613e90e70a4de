import type { Locator, Page } from 'playwright-core';
import { enrolBrowser } from './browser';
import { unlockWhenAsked } from './device-pages';

/** The clerk console's tabs, in the order of its navigation: the group "Sitzung", then "Register". */
export const CLERK_TAB_NAMES = [
  'Anwesenheit & Stimmen',
  'Ergebnisse & Korrekturen',
  'Erklärungen & Vermerke',
  'Niederschrift & Export',
  'Mitglieder & Karten',
  'Fraktionen & Einstellungen',
  'CSV-Import',
  'Geräte',
] as const;
export type ClerkTabName = (typeof CLERK_TAB_NAMES)[number];

/** The clerk's screens (Schriftführung), by role and German label. */
export class ClerkScreen {
  constructor(readonly page: Page) {}

  async open(base: string): Promise<void> {
    await enrolBrowser(this.page, base, 'clerk');
    await this.page.goto(`${base}/clerk`);
    await unlockWhenAsked(this.page, this.page.getByRole('heading', { name: /^Mitglieder \(\d+\)$/ }));
  }

  async tab(name: ClerkTabName): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
    await this.page.getByRole('tab', { name, selected: true }).waitFor();
  }

  get tablist(): Locator {
    return this.page.getByRole('tablist', { name: 'Schriftführung' });
  }

  /** The selected tab's label (without the "Abstimmung läuft" tag). */
  async selectedTab(): Promise<string> {
    return (await this.tablist.getByRole('tab', { selected: true }).locator('.clerk-nav__label').innerText()).trim();
  }

  /** The label of the tab that has the keyboard's focus, or null when the focus is elsewhere. */
  async focusedTab(): Promise<string | null> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      return el?.getAttribute('role') === 'tab' ? (el.querySelector('.clerk-nav__label')?.textContent ?? null) : null;
    });
  }

  async setLegalMembers(n: number, reason: string): Promise<void> {
    await this.tab('Fraktionen & Einstellungen');
    await this.page.getByLabel('Mitgliederzahl N').fill(String(n));
    await this.page.getByLabel('Grund (optional)').fill(reason);
    await this.page.getByRole('button', { name: 'Übernehmen' }).click();
    await this.page.getByText(`Derzeit ${n};`).waitFor();
  }

  async checkCsv(factions: string, members: string): Promise<void> {
    await this.tab('CSV-Import');
    await this.page.getByRole('textbox', { name: 'Fraktionen (CSV)' }).fill(factions);
    await this.page.getByRole('textbox', { name: 'Mitglieder (CSV)' }).fill(members);
    await this.checkImport();
  }

  /** Chooses both files as in the file picker (a file's name and content), then has them checked. */
  async checkCsvFiles(files: Record<'Fraktionen (CSV)' | 'Mitglieder (CSV)', { name: string; content: string }>): Promise<void> {
    await this.tab('CSV-Import');
    for (const [label, { name, content }] of Object.entries(files)) {
      await this.page.getByLabel(`${label}: Datei wählen`, { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
      // the page reads the file into the text field beside it
      const field = await this.page.getByRole('textbox', { name: label, exact: true }).elementHandle();
      await this.page.waitForFunction(([el, text]) => (el as HTMLTextAreaElement).value === text, [field, content] as const);
    }
    await this.checkImport();
  }

  private async checkImport(): Promise<void> {
    await this.page.getByRole('button', { name: 'Prüfen' }).click();
    await this.page.getByRole('region', { name: 'Vorschau' }).waitFor();
  }

  async registerCardFor(name: string): Promise<void> {
    await this.tab('Mitglieder & Karten');
    await this.page.getByRole('button', { name: `Karte registrieren für ${name}` }).click();
    await this.page.getByText(`Karte registrieren für ${name}: Bitte jetzt die neue Karte`).waitFor();
  }

  async revokeCard(uid: string, reason: string): Promise<void> {
    await this.tab('Mitglieder & Karten');
    await this.page.getByRole('button', { name: `Karte ${uid} sperren` }).click();
    await this.page.getByLabel('Grund').fill(reason);
    await this.page.getByRole('dialog').getByRole('button', { name: 'Karte sperren' }).click();
    await this.page.getByRole('row', { name: new RegExp(uid) }).getByText('Karte gesperrt').waitFor();
  }

  async checkIn(name: string): Promise<void> {
    await this.tab('Anwesenheit & Stimmen');
    await this.page.getByRole('button', { name: `${name} anmelden` }).click();
    await this.page.getByRole('row', { name: new RegExp(name) }).getByText(/anwesend, Platz .* \(von Hand\)/).waitFor();
  }

  async manualBallot(name: string, choice: 'Ja' | 'Nein' | 'Enthaltung', reason: string): Promise<void> {
    await this.tab('Anwesenheit & Stimmen');
    await this.page.getByLabel('Grund (für die Niederschrift)').fill(reason);
    await this.page.getByRole('group', { name: `Stimme für ${name}` }).getByRole('button', { name: choice, exact: true }).click();
    await this.page.getByRole('row', { name: new RegExp(name) }).getByText('abgestimmt (von Hand erfasst)').first().waitFor();
  }

  async correct(title: string, tally: { yes: number; no: number; abstain: number }, reason: string): Promise<void> {
    await this.tab('Ergebnisse & Korrekturen');
    await this.page.getByRole('button', { name: `Ergebnis korrigieren: ${title}` }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('Ja', { exact: true }).fill(String(tally.yes));
    await dialog.getByLabel('Nein', { exact: true }).fill(String(tally.no));
    await dialog.getByLabel('Enthaltungen', { exact: true }).fill(String(tally.abstain));
    await dialog.getByLabel('Grund').fill(reason);
    await dialog.getByRole('button', { name: 'Korrektur erfassen' }).click();
    await this.page.getByText('Korrektur 1').waitFor();
  }
}
