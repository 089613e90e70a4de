import type { Page } from 'playwright-core';

/** Page objects of the procedure screens: requests and elections, by role and German label. */

export class SeatProcedure {
  constructor(readonly page: Page) {}

  async request(kind: 'Namentliche' | 'Geheime'): Promise<void> {
    await this.page.getByRole('button', { name: `${kind} Abstimmung beantragen` }).click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Bestätigen' }).click();
  }

  async waitText(text: string | RegExp): Promise<void> {
    await this.page.getByText(text).first().waitFor();
  }

  async object(): Promise<void> {
    await this.page.getByRole('button', { name: 'Widerspruch gegen offene Wahl' }).click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Bestätigen' }).click();
  }

  async elect(option: string): Promise<void> {
    await this.page.getByRole('group', { name: 'Ihre Stimme' }).getByRole('button', { name: option, exact: true }).click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Bestätigen' }).click();
  }

  async waitBallotOptions(): Promise<void> {
    await this.page.getByRole('group', { name: 'Ihre Stimme' }).waitFor();
  }
}

/**
 * The seats vote in turn, the first seat for the first option and so on; each waits until its seat
 * confirms the ballot as recorded (by default in an open or a secret election alike).
 */
export async function electInTurn(
  seats: readonly SeatProcedure[],
  options: readonly string[],
  recorded: string | RegExp = /^Ihre Stimme(: .+ — | wurde geheim )gespeichert/,
): Promise<void> {
  for (const [i, option] of options.entries()) {
    const seat = seats[i];
    if (!seat) throw new Error(`no seat for option ${option}`);
    await seat.elect(option);
    await seat.waitText(recorded);
  }
}

export class ChairProcedure {
  constructor(readonly page: Page) {}

  async waitText(text: string | RegExp): Promise<void> {
    await this.page.getByText(text).first().waitFor();
  }

  async prepareElection(title: string, candidates: readonly string[]): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Wahl vorbereiten' });
    await form.getByLabel('Wahl (Amt oder Gremium)').fill(title);
    await form.getByLabel('Vorschläge (eine Zeile je Name oder Liste)').fill(candidates.join('\n'));
    await form.getByRole('button', { name: 'Wahl vorbereiten' }).click();
    await this.page.getByRole('article', { name: title }).waitFor();
  }

  election(title: string) {
    return this.page.getByRole('article', { name: title });
  }

  async press(title: string, button: string): Promise<void> {
    await this.election(title).getByRole('button', { name: button }).click();
  }
}
