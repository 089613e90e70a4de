import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';
import { nameOf } from './demo';
import { ChairConsole, PublicDisplay, seatsWithMembers, type SeatScreen } from './pages';
import { ChairProcedure, electInTurn, SeatProcedure } from './procedure-pages';

describe('requests and elections in Chromium: chair and three seats', () => {
  let server: ServerProcess;
  let browser: Browser;
  let chair: ChairConsole;
  let chairProc: ChairProcedure;
  let display: PublicDisplay;
  const seats: SeatScreen[] = [];
  const procs: SeatProcedure[] = [];
  // two members of the largest faction and the only one present of another
  const members = ['m-002', 'm-003', 'm-017'];

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2eproc'), 'data') });
    browser = await launchChromium();
    chair = new ChairConsole((await newScreen(browser, { width: 1440, height: 1000 })).page);
    chairProc = new ChairProcedure(chair.page);
    await chair.open(server.url);
    display = new PublicDisplay((await newScreen(browser, { width: 1920, height: 1080 })).page);
    await display.open(server.url);
    seats.push(...(await seatsWithMembers(browser, server.url, members, 20)));
    procs.push(...seats.map((s) => new SeatProcedure(s.page)));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a seat requests a named vote with confirmation; the chair sees the supporter and that the vote must be named', async () => {
    await chair.selectItem('5');
    await procs[2]!.request('Namentliche');
    // the only present member of the faction asks: "one faction" is met
    await procs[2]!.waitText(/1 Unterstützende · Quorum erreicht/);
    await procs[0]!.request('Geheime');
    // one fifth of 45 is 9: one supporter is not enough
    await procs[0]!.waitText(/1 Unterstützende · Quorum nicht erreicht/);
    await chairProc.waitText('Auf Antrag muss die Abstimmung namentlich erfolgen.');
    await chairProc.waitText(new RegExp(nameOf('m-017')));
    await screenshot(seats[2]!.page, 'seat-request-named');
    await screenshot(chair.page, 'chair-requests');

    await chair.page.getByRole('radio', { name: 'Offene Abstimmung' }).check();
    await chair.page.getByRole('button', { name: 'Abstimmung öffnen' }).click();
    await chairProc.waitText('Auf Antrag muss diese Abstimmung namentlich erfolgen.');
    await chair.openVote('Namentliche Abstimmung');
    await Promise.all(seats.map((s) => s.waitVoteOpen()));
    await screenshot(seats[0]!.page, 'seat-named-vote-after-request');
    await chair.page.getByRole('button', { name: 'Abbrechen und wiederholen' }).click();
    await chair.page.getByLabel('Grund der Wiederholung (für die Niederschrift)').fill('Testlauf: Störung der Übertragung');
    await chair.page.getByRole('dialog').getByRole('button', { name: 'Abbrechen und wiederholen' }).click();
    await chairProc.waitText('Wiederholung – Grund: Testlauf: Störung der Übertragung');
    await screenshot(chair.page, 'chair-vote-repeated');
    await chair.closeVote();
    await chair.waitResult(/Abgelehnt|Angenommen/);
  });

  it('an election: objection makes it secret, a tie leads to a runoff and a lot drawn in the system', async () => {
    const title = 'Wahl der Schriftführung';
    const [a, b] = [nameOf('m-002'), nameOf('m-017')];
    await chairProc.prepareElection(title, [a, b]);
    await procs[0]!.waitText('Die Wahl wird vorbereitet.');
    await screenshot(seats[0]!.page, 'seat-election-prepared');
    await procs[1]!.object();
    await procs[1]!.waitText('Sie haben widersprochen: Die Wahl ist geheim.');
    await chairProc.election(title).getByText('geheim (1 Einspruch)').waitFor();

    await chairProc.press(title, 'Wahlgang öffnen');
    await Promise.all(procs.map((s) => s.waitBallotOptions()));
    await screenshot(seats[0]!.page, 'seat-election-ballot');
    await electInTurn(procs, [a, b, 'Enthaltung'], 'Ihre Stimme wurde geheim gespeichert.');
    await chairProc.election(title).getByText(/abgegeben 3 von 3/).waitFor();
    await chairProc.press(title, 'Wahlgang schließen');
    await chairProc.election(title).getByText(`Stichwahl zwischen: ${a}, ${b}`).waitFor();
    await screenshot(chair.page, 'chair-election-runoff-due');

    await chairProc.press(title, 'Stichwahl öffnen');
    await Promise.all(procs.map((s) => s.waitBallotOptions()));
    await electInTurn(procs, [a, b, 'Enthaltung'], 'Ihre Stimme wurde geheim gespeichert.');
    await chairProc.election(title).getByText(/Wahlgang 2 – Stichwahl/).waitFor();
    await chairProc.election(title).getByText(/abgegeben 3 von 3/).last().waitFor();
    await chairProc.press(title, 'Wahlgang schließen');
    await chairProc.election(title).getByText(/Los unter:/).waitFor();
    await chairProc.press(title, 'Los im System ziehen');
    await chairProc.election(title).getByText(/Gewählt: /).waitFor();
    const text = await chairProc.election(title).innerText();
    expect(text).toMatch(/Los \(System, Zufallswert [0-9a-f]{64}\)/);
    await screenshot(chair.page, 'chair-election-lot');
    await procs[0]!.waitText(/Gewählt: /);
    await screenshot(seats[0]!.page, 'seat-election-result');
    await display.waitText(/Gewählt: /);
    await screenshot(display.page, 'display-election-result');
  });
});
