import type { Browser, Page } from 'playwright-core';
import { enrolBrowser, newScreen } from './browser';
import { nameOf } from './demo';
import { unlockWhenAsked } from './device-pages';

/** Page objects: what a person sees and does on each screen, by role and German label. */

export class SeatScreen {
  constructor(
    readonly page: Page,
    readonly seatId: number,
  ) {}

  async open(base: string): Promise<void> {
    await enrolBrowser(this.page, base, 'seat', this.seatId);
    await this.page.goto(`${base}/seat/${this.seatId}`);
    await this.page.getByText('Bitte Karte auflegen').first().waitFor();
  }

  /** Uses the demo card panel (simulated card reader) to place a member's card. */
  async placeCard(memberName: string): Promise<void> {
    const select = this.page.getByLabel('Karte wählen');
    const option = select.locator('option', { hasText: memberName });
    await select.selectOption({ label: (await option.first().textContent())?.trim() ?? memberName });
    await this.page.getByRole('button', { name: 'Karte auflegen', exact: true }).click();
  }

  async waitLoggedIn(memberName: string): Promise<void> {
    await this.page.getByText(`Angemeldet: ${memberName}`).waitFor();
  }

  async vote(choice: 'Ja' | 'Nein' | 'Enthaltung'): Promise<void> {
    await this.page.getByRole('button', { name: choice, exact: true }).click();
  }

  async waitRecorded(choice: 'Ja' | 'Nein' | 'Enthaltung'): Promise<void> {
    await this.page.getByText(`Ihre Stimme: ${choice} — gespeichert`).waitFor();
  }

  async waitVoteOpen(): Promise<void> {
    await this.page.getByRole('button', { name: 'Ja', exact: true }).waitFor();
  }

  async waitResult(text: RegExp): Promise<void> {
    await this.page.getByText(text).first().waitFor();
  }

  /** The banner the seat shows while it has no connection (a ballot cannot be sent). */
  get offlineBanner() {
    return this.page.getByText(/Verbindung getrennt/).first();
  }
}

/**
 * Seats firstSeat, firstSeat + 1, … each in a browser context of its own, where these members of
 * the demo council (in this order) have logged in with their cards.
 */
export async function seatsWithMembers(browser: Browser, base: string, memberIds: readonly string[], firstSeat: number): Promise<SeatScreen[]> {
  const seats: SeatScreen[] = [];
  for (const [i, id] of memberIds.entries()) {
    const seat = new SeatScreen((await newScreen(browser, { width: 1280, height: 800 })).page, firstSeat + i);
    await seat.open(base);
    await seat.placeCard(nameOf(id));
    await seat.waitLoggedIn(nameOf(id));
    seats.push(seat);
  }
  return seats;
}

export class ChairConsole {
  constructor(readonly page: Page) {}

  async open(base: string): Promise<void> {
    await enrolBrowser(this.page, base, 'chair');
    await this.page.goto(`${base}/chair`);
    await unlockWhenAsked(this.page, this.page.getByRole('heading', { name: 'Tagesordnung', exact: true }).first());
  }

  async selectItem(number: string): Promise<void> {
    await this.page.getByRole('button', { name: new RegExp(`^TOP ${number}\\b`) }).click();
  }

  async openVote(kind: 'Offene Abstimmung' | 'Namentliche Abstimmung' | 'Geheime Abstimmung'): Promise<void> {
    await this.page.getByRole('radio', { name: kind }).check();
    await this.page.getByRole('button', { name: 'Abstimmung öffnen' }).click();
    await this.page.getByRole('button', { name: 'Abstimmung schließen' }).waitFor();
  }

  /** The warning the console shows while it has no connection (its data may be stale). */
  get offlineBanner() {
    return this.page.getByText(/Die Verbindung zum Server ist unterbrochen/).first();
  }

  async waitCast(cast: number, eligible: number): Promise<void> {
    await this.page.getByText(`Abgegeben: ${cast} von ${eligible}`).waitFor();
  }

  async closeVote(): Promise<void> {
    await this.page.getByRole('button', { name: 'Abstimmung schließen' }).click();
    await this.page.getByRole('button', { name: 'Ja, jetzt schließen' }).click();
  }

  async waitResult(text: RegExp): Promise<void> {
    await this.page.getByText(text).first().waitFor();
  }
}

export class PublicDisplay {
  constructor(readonly page: Page) {}

  async open(base: string): Promise<void> {
    await enrolBrowser(this.page, base, 'display');
    await this.page.goto(`${base}/display`);
  }

  async waitText(text: string | RegExp): Promise<void> {
    await this.page.getByText(text).first().waitFor();
  }
}

/** The seat's speaker request panel. */
export class SeatSpeaker {
  constructor(readonly seat: SeatScreen) {}

  async request(kind: 'Wortmeldung' | 'Zur Geschäftsordnung'): Promise<void> {
    await this.seat.page.getByRole('button', { name: kind, exact: true }).click();
  }

  async waitText(text: string | RegExp): Promise<void> {
    await this.seat.page.getByText(text).first().waitFor();
  }

  /** The talk button, where the microphones are not switched by the chair; waits for the mic's new state. */
  async talk(state: 'Mikrofon an' | 'Mikrofon wartet auf Freigabe'): Promise<void> {
    await this.seat.page.getByRole('button', { name: 'Sprechen', exact: true }).click();
    await this.seat.page.getByTestId('mic-state').filter({ hasText: state }).waitFor();
  }

  async stopTalking(): Promise<void> {
    await this.seat.page.getByRole('button', { name: 'Mikrofon ausschalten', exact: true }).click();
    await this.seat.page.getByTestId('mic-state').filter({ hasText: 'Mikrofon aus' }).waitFor();
  }
}

/** The chair console's speaker list and session controls. */
export class ChairSpeakers {
  constructor(readonly page: Page) {}

  async openSession(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sitzung eröffnen' }).click();
    await this.page.getByText(/Eröffnet um \d\d:\d\d Uhr/).waitFor();
  }

  async callNext(): Promise<void> {
    await this.page.getByRole('button', { name: 'Nächste Wortmeldung aufrufen' }).click();
  }

  async endSpeech(): Promise<void> {
    await this.page.getByRole('button', { name: 'Wort entziehen / Rede beenden' }).click();
  }

  async waitSpeaker(name: string): Promise<void> {
    await this.page.getByTestId('floor-speaker').filter({ hasText: name }).waitFor();
  }

  async interrupt(reason: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Sitzung unterbrechen' }).click();
    await this.page.getByLabel('Grund der Unterbrechung').fill(reason);
    await this.page.getByRole('dialog').getByRole('button', { name: 'Sitzung unterbrechen' }).click();
    await this.page.getByText(/Unterbrochen seit/).waitFor();
  }
}

/** The livestream overlay: lower third and result card on a transparent page. */
export class Overlay {
  constructor(readonly page: Page) {}

  async open(base: string): Promise<void> {
    await enrolBrowser(this.page, base, 'display');
    await this.page.goto(`${base}/display/overlay`);
  }

  async waitSpeaker(name: string): Promise<void> {
    await this.page.getByTestId('overlay-speaker').filter({ hasText: name }).waitFor();
  }

  async waitResult(text: RegExp): Promise<void> {
    await this.page.getByTestId('overlay-result').filter({ hasText: text }).waitFor();
  }

  async waitNotice(text: RegExp): Promise<void> {
    await this.page.getByTestId('overlay-notice').filter({ hasText: text }).waitFor();
  }
}
