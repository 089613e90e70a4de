import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectNoAxeViolations as expectAccessible } from './accessibility';
import { DEVICE_COOKIE } from '../../server/protocol/devices';
import { ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';
import { demo, nameOf } from './demo';
import { ClerkScreen } from './clerk-pages';
import { DevicesTab } from './device-pages';
import { ChairConsole, ChairSpeakers, Overlay, PublicDisplay, SeatSpeaker, seatsWithMembers, type SeatScreen } from './pages';
import { ChairProcedure, SeatProcedure } from './procedure-pages';

/**
 * axe-core (WCAG 2.0/2.1, A and AA) on what accessibility.test.ts does not reach: the chair's
 * dialogs and its agenda editor, the list of speakers with entries and a speaker on every screen
 * (the livestream overlay too), a named and a secret vote with a member excluded for bias, requests
 * for a vote kind, an election, the clerk's modals and forms, lack of quorum, the session
 * interrupted and closed. Every check first waits until its state is on the screen; a dialog is
 * checked while it is open.
 */

/** The open modal dialog of that name, once it is shown. */
async function dialogShown(page: Page, name: string | RegExp): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name });
  await dialog.waitFor();
  return dialog;
}

/** Leaves a dialog by its "Zurück" (or another) button and waits until it is gone. */
async function leave(dialog: Locator, button = 'Zurück'): Promise<void> {
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('accessibility (axe-core, WCAG 2.1 A/AA) of dialogs, vote kinds, elections and the clerk\'s forms', () => {
  let server: ServerProcess;
  let browser: Browser;
  let chair: ChairConsole;
  let display: PublicDisplay;
  let overlay: Overlay;
  let clerk: ClerkScreen;
  const seats: SeatScreen[] = [];
  // two members of the largest faction and one of the second
  const members = ['m-002', 'm-003', 'm-017'];

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-a11y-dialogs'), 'data') });
    browser = await launchChromium();
    chair = new ChairConsole((await newScreen(browser, { width: 1440, height: 1000 })).page);
    await chair.open(server.url);
    display = new PublicDisplay((await newScreen(browser, { width: 1920, height: 1080 })).page);
    await display.open(server.url);
    overlay = new Overlay((await newScreen(browser, { width: 1920, height: 1080 })).page);
    await overlay.open(server.url);
    seats.push(...(await seatsWithMembers(browser, server.url, members, 30)));
    clerk = new ClerkScreen((await newScreen(browser, { width: 1440, height: 1000 })).page);
    await clerk.open(server.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('chair: the dialogs to interrupt and to close the session, the agenda editor with an import preview, its confirmation and a refusal', async () => {
    const page = chair.page;
    await new ChairSpeakers(page).openSession();

    await page.getByRole('button', { name: 'Sitzung unterbrechen' }).click();
    const interrupt = await dialogShown(page, 'Sitzung unterbrechen?');
    await interrupt.getByLabel('Grund der Unterbrechung').waitFor();
    await expectAccessible(page, 'the chair console, dialog "Sitzung unterbrechen?"');
    await leave(interrupt);

    await page.getByRole('button', { name: 'Sitzung schließen' }).click();
    const close = await dialogShown(page, 'Sitzung schließen?');
    await expectAccessible(page, 'the chair console, dialog "Sitzung schließen?"');
    await leave(close);

    await page.getByRole('button', { name: 'Tagesordnung bearbeiten' }).click();
    const content = page.getByLabel('Inhalt der Datei');
    await content.waitFor();
    await page.getByRole('form', { name: 'TOP 4' }).waitFor();
    await expectAccessible(page, 'the agenda editor');
    await content.fill('Nummer;Titel;Öffentlich;Drucksache\n1;Eröffnung;ja;\n2;;ja;DS 2026/010\nN 1;Personalangelegenheit;nein;\n');
    await page.getByText('Der Titel fehlt.').waitFor();
    await expectAccessible(page, 'the agenda editor, an import preview with an error');
    await content.fill('Nummer;Titel;Öffentlich;Drucksache\n1;Eröffnung;ja;\n2;Neubau Feuerwache;ja;DS 2026/010\n');
    await page.getByText('2 von 2 Zeilen in Ordnung').waitFor();
    await page.getByRole('button', { name: 'Importieren', exact: true }).click();
    const replace = await dialogShown(page, 'Tagesordnung ersetzen?');
    await expectAccessible(page, 'the agenda editor, dialog "Tagesordnung ersetzen?"');
    await screenshot(page, 'a11y-chair-agenda-import-confirm');
    await leave(replace);
    await content.fill('');
    // a number that is taken: the server's refusal beside the form
    const add = page.getByRole('form', { name: 'Neuer Tagesordnungspunkt' });
    await add.getByLabel('Nummer').fill('4');
    await add.getByLabel('Titel').fill('Doppelt vergeben');
    await add.getByRole('button', { name: 'Punkt hinzufügen' }).click();
    await add.getByRole('alert').getByText('Die Nummer „4“ ist in der Tagesordnung schon vergeben.').waitFor();
    await expectAccessible(page, 'the agenda editor, an item refused');
    await page.getByRole('button', { name: 'Fertig', exact: true }).click();
    await page.getByLabel('Inhalt der Datei').waitFor({ state: 'detached' });
  });

  it('the list of speakers with entries, a speaker with the floor (chair, seat, display, overlay), a member recorded as biased', async () => {
    const speakers = new ChairSpeakers(chair.page);
    await chair.selectItem('4');
    const [first, second, third] = seats.map((s) => new SeatSpeaker(s)) as [SeatSpeaker, SeatSpeaker, SeatSpeaker];
    await first.request('Wortmeldung');
    await first.waitText('Sie sind Nr. 1 auf der Redeliste.');
    await second.request('Wortmeldung');
    await second.waitText('Sie sind Nr. 2 auf der Redeliste.');
    await third.request('Zur Geschäftsordnung');
    await third.waitText('Ihr GO-Antrag ist Nr. 1.');
    const queue = chair.page.getByRole('list', { name: 'Wortmeldungen' });
    await queue.getByRole('listitem').nth(2).waitFor();
    await display.waitText(/Als Nächstes/);
    await expectAccessible(chair.page, 'the chair console, three requests to speak');
    await expectAccessible(display.page, 'the display, requests to speak');
    await expectAccessible(third.seat.page, 'the seat, a point of order on the list');

    await speakers.callNext();
    await speakers.waitSpeaker(nameOf('m-017'));
    await third.waitText('Sie haben das Wort');
    await overlay.waitSpeaker(nameOf('m-017'));
    await display.page.getByTestId('display-speaker').filter({ hasText: nameOf('m-017') }).waitFor();
    await expectAccessible(chair.page, 'the chair console, a speaker with the floor and two waiting');
    await expectAccessible(third.seat.page, 'the seat, speaking');
    await first.waitText(/Sie sind Nr\. 1 auf der Redeliste/);
    await expectAccessible(first.seat.page, 'the seat, another member speaking');
    await expectAccessible(display.page, 'the display, a speaker with the floor');
    await expectAccessible(overlay.page, 'the overlay, lower third');
    await screenshot(chair.page, 'a11y-chair-speakers');

    await speakers.endSpeech();
    await overlay.page.getByTestId('overlay-speaker').waitFor({ state: 'detached' });
    await chair.page.getByText('Redestatistik der Sitzung').click();
    await chair.page.locator('.stats__table').first().waitFor();
    await expectAccessible(chair.page, 'the chair console, speaking statistics');

    // the member at the second seat is biased on this item: the vote below excludes that seat
    await chair.page.getByRole('button', { name: `${nameOf('m-003')} bei TOP 4 als befangen vermerken` }).click();
    const bias = await dialogShown(chair.page, 'Befangenheit vermerken');
    await expectAccessible(chair.page, 'the chair console, dialog "Befangenheit vermerken"');
    await bias.getByLabel('Grund (freiwillig)').fill('Mitglied des Aufsichtsrats');
    await bias.getByRole('button', { name: 'Als befangen vermerken' }).click();
    await bias.waitFor({ state: 'hidden' });
    await chair.page.getByText('Grund: Mitglied des Aufsichtsrats').waitFor();
    await expectAccessible(chair.page, 'the chair console, a member recorded as biased');
  });

  it('a named vote: the form, the ballot, a seat excluded for bias, who has not voted, ballots by hand, the dialog to close it, the named result everywhere', async () => {
    const page = chair.page;
    await page.getByRole('radio', { name: 'Namentliche Abstimmung' }).check();
    await page.getByRole('radio', { name: 'Namentliche Abstimmung', checked: true }).waitFor();
    await expectAccessible(page, 'the chair console, the vote form with a named vote chosen');
    await page.getByRole('button', { name: 'Abstimmung öffnen' }).click();
    await page.getByRole('button', { name: 'Abstimmung schließen' }).waitFor();
    await Promise.all([seats[0]!, seats[2]!].map((s) => s.waitVoteOpen()));
    await display.waitText(/Abstimmung läuft/);
    await expectAccessible(seats[0]!.page, 'the seat, named vote open');
    await expectAccessible(page, 'the chair console, named vote running, nobody has voted');
    await expectAccessible(display.page, 'the display, named vote running');
    await overlay.page.getByTestId('overlay-vote').waitFor();
    await expectAccessible(overlay.page, 'the overlay, vote running');
    await clerk.tab('Anwesenheit & Stimmen');
    await clerk.page.getByRole('group', { name: `Stimme für ${nameOf('m-017')}` }).waitFor();
    await expectAccessible(clerk.page, 'the clerk console, ballots by hand while a named vote runs');

    await seats[1]!.page.getByText('Keine Stimmabgabe an diesem Platz').waitFor();
    await expectAccessible(seats[1]!.page, 'the seat, excluded from the vote for bias');

    for (const [i, choice] of [[0, 'Ja'], [2, 'Nein']] as const) {
      await seats[i]!.vote(choice);
      await seats[i]!.waitRecorded(choice);
    }
    await expectAccessible(seats[2]!.page, 'the seat, named vote recorded');
    await chair.waitCast(2, 2);

    await page.getByRole('button', { name: 'Abstimmung schließen' }).click();
    const close = await dialogShown(page, 'Abstimmung jetzt schließen?');
    await expectAccessible(page, 'the chair console, dialog "Abstimmung jetzt schließen?"');
    await close.getByRole('button', { name: 'Ja, jetzt schließen' }).click();
    await chair.waitResult(/Abgelehnt|Angenommen/);
    await Promise.all(seats.map((s) => s.waitResult(/Abgelehnt|Angenommen/)));
    await display.page.locator('.d-named').waitFor();
    await overlay.page.getByTestId('overlay-result').waitFor();
    await expectAccessible(page, 'the chair console, named result');
    await expectAccessible(seats[0]!.page, 'the seat, named result');
    await expectAccessible(display.page, 'the display, named result');
    await expectAccessible(overlay.page, 'the overlay, result card');
    await screenshot(display.page, 'a11y-display-named-result');
    // the vote in the session's history, opened
    await page.locator('.history__entry > summary').first().click();
    await page.locator('.history__entry[open] .result').waitFor();
    await expectAccessible(page, 'the chair console, an entry of the vote history opened');
    await page.getByRole('button', { name: `Befangenheit aufheben für ${nameOf('m-003')} bei TOP 4` }).click();
    await page.getByText('Grund: Mitglied des Aufsichtsrats').waitFor({ state: 'detached' });
  });

  it('a secret vote: the seat\'s confirmation, interrupted, the cancel and repeat dialogs, the clerk\'s entries, the secret result', async () => {
    const page = chair.page;
    await page.getByRole('button', { name: 'Weitere Abstimmung zu diesem Punkt öffnen' }).click();
    await chair.openVote('Geheime Abstimmung');
    await Promise.all(seats.map((s) => s.waitVoteOpen()));
    const seat = seats[0]!;
    await seat.page.getByText('Geheime Abstimmung: Die abgegebene Stimme ist endgültig.').waitFor();
    await expectAccessible(seat.page, 'the seat, secret vote open');
    await seat.vote('Ja');
    const confirm = await dialogShown(seat.page, 'Stimme „Ja“ endgültig abgeben?');
    await expectAccessible(seat.page, 'the seat, dialog "Stimme „Ja“ endgültig abgeben?"');
    await screenshot(seat.page, 'a11y-seat-secret-confirm');
    await confirm.getByRole('button', { name: 'Endgültig abgeben' }).click();
    // the seat itself still shows the choice it has just cast
    await seat.waitRecorded('Ja');
    await expectAccessible(seat.page, 'the seat, secret vote recorded');
    await chair.waitCast(1, 3);
    await expectAccessible(page, 'the chair console, secret vote running');

    // interrupted: the seats say so
    await page.getByRole('button', { name: 'Unterbrechen', exact: true }).click();
    const interrupt = await dialogShown(page, 'Unterbrechen');
    await interrupt.getByLabel('Grund der Unterbrechung').fill('Rückfrage zum Antrag');
    await expectAccessible(page, 'the chair console, dialog to interrupt the vote');
    await interrupt.getByRole('button', { name: 'Unterbrechen' }).click();
    await interrupt.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Fortsetzen', exact: true }).waitFor();
    await seats[1]!.page.getByText(/Rückfrage zum Antrag/).waitFor();
    await expectAccessible(seats[1]!.page, 'the seat, secret vote interrupted');
    await expectAccessible(page, 'the chair console, vote interrupted');
    await page.getByRole('button', { name: 'Fortsetzen', exact: true }).click();
    await page.getByRole('button', { name: 'Unterbrechen', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Abstimmung abbrechen' }).click();
    const cancel = await dialogShown(page, 'Abstimmung abbrechen?');
    await expectAccessible(page, 'the chair console, dialog "Abstimmung abbrechen?"');
    // the required reason left empty: the error is shown in the dialog
    await cancel.getByRole('button', { name: 'Abstimmung abbrechen' }).click();
    await cancel.getByText('Bitte einen Grund angeben.').waitFor();
    await expectAccessible(page, 'the chair console, dialog "Abstimmung abbrechen?" without a reason');
    await leave(cancel);
    await page.getByRole('button', { name: 'Abbrechen und wiederholen' }).click();
    const repeat = await dialogShown(page, 'Abbrechen und wiederholen');
    await expectAccessible(page, 'the chair console, dialog "Abbrechen und wiederholen"');
    await leave(repeat);

    // the clerk's entries while a secret vote runs: no ballots by hand
    await clerk.tab('Anwesenheit & Stimmen');
    await clerk.page.getByText(/Geheime Abstimmung: Stimmen können nicht von Hand erfasst werden/).waitFor();
    await expectAccessible(clerk.page, 'the clerk console, entries while a secret vote runs');

    for (const [i, choice] of (['Nein', 'Ja'] as const).entries()) {
      const s = seats[i + 1]!;
      await s.vote(choice);
      await (await dialogShown(s.page, `Stimme „${choice}“ endgültig abgeben?`)).getByRole('button', { name: 'Endgültig abgeben' }).click();
      await s.waitRecorded(choice);
    }
    await chair.waitCast(3, 3);
    await chair.closeVote();
    await chair.waitResult(/Angenommen/);
    await Promise.all(seats.map((s) => s.waitResult(/Angenommen/)));
    await display.waitText(/angenommen/i);
    await expectAccessible(page, 'the chair console, secret result');
    await expectAccessible(seat.page, 'the seat, secret result');
    await expectAccessible(display.page, 'the display, secret result');
  });

  it('requests for a named vote: the seat\'s confirmation and state, the chair\'s list of requests', async () => {
    await chair.selectItem('5');
    const proc = new SeatProcedure(seats[2]!.page);
    await seats[2]!.page.getByRole('button', { name: 'Namentliche Abstimmung beantragen' }).click();
    const confirm = await dialogShown(seats[2]!.page, 'Namentliche Abstimmung beantragen?');
    await expectAccessible(seats[2]!.page, 'the seat, dialog "Namentliche Abstimmung beantragen?"');
    await confirm.getByRole('button', { name: 'Bestätigen' }).click();
    await proc.waitText(/1 Unterstützende · Quorum erreicht/);
    await expectAccessible(seats[2]!.page, 'the seat, a named vote requested');
    const chairProc = new ChairProcedure(chair.page);
    await chairProc.waitText('Auf Antrag muss die Abstimmung namentlich erfolgen.');
    await expectAccessible(chair.page, 'the chair console, a request for a named vote');
  });

  it('an election: the objection dialog, the ballot and its confirmation on the seat; prepared, running and elected on the chair; the display', async () => {
    const title = 'Wahl der Schriftführung';
    const [a, b] = [nameOf('m-002'), nameOf('m-017')];
    const chairProc = new ChairProcedure(chair.page);
    const procs = seats.map((s) => new SeatProcedure(s.page));
    await chair.selectItem('6');
    await chairProc.prepareElection(title, [a, b]);
    await procs[0]!.waitText('Die Wahl wird vorbereitet.');
    await expectAccessible(seats[0]!.page, 'the seat, an election prepared');
    await expectAccessible(chair.page, 'the chair console, an election prepared');

    await seats[1]!.page.getByRole('button', { name: 'Widerspruch gegen offene Wahl' }).click();
    const object = await dialogShown(seats[1]!.page, 'Der offenen Wahl widersprechen?');
    await expectAccessible(seats[1]!.page, 'the seat, dialog "Der offenen Wahl widersprechen?"');
    await object.getByRole('button', { name: 'Bestätigen' }).click();
    await procs[1]!.waitText('Sie haben widersprochen: Die Wahl ist geheim.');
    await expectAccessible(seats[1]!.page, 'the seat, objected to an open election');

    await chairProc.press(title, 'Wahlgang öffnen');
    await Promise.all(procs.map((p) => p.waitBallotOptions()));
    await display.waitText(/Wahl der Schriftführung/);
    await expectAccessible(seats[0]!.page, 'the seat, election ballot');
    await expectAccessible(display.page, 'the display, election running');
    await seats[0]!.page.getByRole('group', { name: 'Ihre Stimme' }).getByRole('button', { name: a, exact: true }).click();
    const confirm = await dialogShown(seats[0]!.page, new RegExp(a));
    await expectAccessible(seats[0]!.page, 'the seat, dialog to confirm an election ballot');
    await confirm.getByRole('button', { name: 'Bestätigen' }).click();
    await procs[0]!.waitText('Ihre Stimme wurde geheim gespeichert.');
    await expectAccessible(seats[0]!.page, 'the seat, election ballot recorded');
    for (const [i, option] of [a, b].entries()) {
      await procs[i + 1]!.elect(option);
      await procs[i + 1]!.waitText('Ihre Stimme wurde geheim gespeichert.');
    }
    await chairProc.election(title).getByText(/abgegeben 3 von 3/).waitFor();
    await expectAccessible(chair.page, 'the chair console, election round open');

    await chairProc.press(title, 'Wahlgang schließen');
    await chairProc.election(title).getByText(/Gewählt: /).waitFor();
    await procs[0]!.waitText(/Gewählt: /);
    await display.waitText(/Gewählt: /);
    await expectAccessible(chair.page, 'the chair console, election result');
    await expectAccessible(seats[0]!.page, 'the seat, election result');
    await expectAccessible(display.page, 'the display, election result');
    await screenshot(seats[0]!.page, 'a11y-seat-election-result');
  });

  it('clerk: the member form, revoking a card, correcting a result, a record note and its withdrawal', async () => {
    const page = clerk.page;
    await clerk.tab('Mitglieder & Karten');
    await page.getByRole('button', { name: 'Mitglied anlegen' }).click();
    const add = await dialogShown(page, 'Mitglied anlegen');
    await add.getByLabel('Kennung').waitFor();
    await expectAccessible(page, 'the clerk console, dialog "Mitglied anlegen"');
    await screenshot(page, 'a11y-clerk-member-form');
    await leave(add, 'Abbrechen');
    await page.getByRole('button', { name: `${nameOf('m-040')} bearbeiten` }).click();
    const edit = await dialogShown(page, 'Mitglied bearbeiten');
    await expectAccessible(page, 'the clerk console, dialog "Mitglied bearbeiten"');
    await leave(edit, 'Abbrechen');

    const card = demo.cards.find((c) => c.memberId === 'm-040');
    if (!card) throw new Error('no card of m-040');
    await page.getByRole('button', { name: `Karte ${card.uid} sperren` }).click();
    const revoke = await dialogShown(page, 'Karte sperren');
    await expectAccessible(page, 'the clerk console, dialog "Karte sperren"');
    await leave(revoke, 'Abbrechen');

    await clerk.tab('Ergebnisse & Korrekturen');
    await page.getByRole('button', { name: /^Ergebnis korrigieren: / }).first().click();
    const correct = await dialogShown(page, 'Ergebnis korrigieren');
    await expectAccessible(page, 'the clerk console, dialog "Ergebnis korrigieren"');
    await leave(correct, 'Abbrechen');

    await clerk.tab('Erklärungen & Vermerke');
    await page.getByLabel('Mitglied', { exact: true }).selectOption({ label: nameOf('m-002') });
    await page.getByLabel('Wortlaut').fill('Ich stimme dem Haushalt nur mit Vorbehalt zu.');
    await page.getByRole('button', { name: 'In die Niederschrift aufnehmen' }).click();
    await page.getByRole('status').filter({ hasText: 'Aufgenommen.' }).waitFor();
    await expectAccessible(page, 'the clerk console, a declaration recorded');
    await page.getByRole('listitem').filter({ hasText: 'mit Vorbehalt' }).getByRole('button', { name: 'Zurücknehmen' }).click();
    const withdraw = await dialogShown(page, 'Eintrag zurücknehmen');
    await expectAccessible(page, 'the clerk console, dialog "Eintrag zurücknehmen"');
    await withdraw.getByLabel('Grund').fill('Versehentlich erfasst');
    await withdraw.getByRole('button', { name: 'Zurücknehmen' }).click();
    await page.getByText(/Zurückgenommen \(\d\d:\d\d.*\)\. Grund: Versehentlich erfasst/).waitFor();
    await expectAccessible(page, 'the clerk console, a withdrawn note');
  });

  it('clerk: a pairing code, the dialog to revoke a device and the revoked seat, the pairing sheet', async () => {
    const page = clerk.page;
    const devices = new DevicesTab(page);
    await devices.open();
    await devices.createCode('Platz', { seat: '40', label: 'Tablet Platz 40' });
    await page.getByRole('img', { name: /^QR-Code zum Koppeln/ }).waitFor();
    await expectAccessible(page, 'the clerk console, a new pairing code');
    await devices.done();
    await page.getByRole('button', { name: 'Code für Tablet Platz 40 zurückziehen' }).waitFor();
    await expectAccessible(page, 'the clerk console, an open pairing code');

    // a seat device of its own, connected, then revoked by the clerk
    const { context, page: tablet } = await newScreen(browser, { width: 1280, height: 800 });
    const { token } = server.enrol({ role: 'seat', seatId: 41 }, { label: 'Tablet Platz 41' });
    await context.addCookies([{ name: DEVICE_COOKIE, value: token, url: server.url, httpOnly: true, secure: true, sameSite: 'Strict' }]);
    await tablet.goto(`${server.url}/seat/41`);
    await tablet.getByText('Bitte Karte auflegen').first().waitFor();
    await devices.deviceRow('Tablet Platz 41').getByText('verbunden', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Gerät sperren: Tablet Platz 41', exact: true }).click();
    const revoke = await dialogShown(page, 'Gerät „Tablet Platz 41“ sperren?');
    await expectAccessible(page, 'the clerk console, dialog "Gerät sperren"');
    await revoke.getByLabel('Grund').fill('Tablet ausgetauscht');
    await revoke.getByRole('button', { name: 'Gerät sperren' }).click();
    await devices.deviceRow('Tablet Platz 41').getByText('Gesperrt', { exact: true }).waitFor();
    await tablet.getByRole('heading', { name: 'Dieses Gerät wurde gesperrt' }).waitFor();
    await expectAccessible(tablet, 'the seat, its device revoked');
    await expectAccessible(page, 'the clerk console, a revoked device');
    await context.close();

    const sheet = await devices.pairingSheet(2, 4);
    await sheet.getByTestId('pairing-code').nth(2).waitFor();
    await expectAccessible(page, 'the clerk console, the pairing sheet');
    await sheet.getByRole('button', { name: 'Schließen' }).click();
    await sheet.waitFor({ state: 'detached' });
  });

  it('lack of quorum recorded; the session interrupted and closed: chair, seat, display and overlay; the seat in English', async () => {
    const page = chair.page;
    await page.getByRole('button', { name: 'Beschlussunfähigkeit feststellen' }).click();
    const lack = await dialogShown(page, 'Beschlussunfähigkeit feststellen?');
    await expectAccessible(page, 'the chair console, dialog "Beschlussunfähigkeit feststellen?"');
    await lack.getByRole('button', { name: 'Ja, feststellen' }).click();
    await page.getByText('Abstimmungen sind gesperrt, bis die Beschlussfähigkeit wieder festgestellt ist.').waitFor();
    await expectAccessible(page, 'the chair console, lack of quorum recorded');

    await new ChairSpeakers(page).interrupt('Technische Störung');
    await display.waitText(/Die Sitzung ist unterbrochen/);
    await overlay.waitNotice(/Die Sitzung ist unterbrochen/);
    await expectAccessible(page, 'the chair console, session interrupted');
    await expectAccessible(display.page, 'the display, session interrupted');
    await expectAccessible(overlay.page, 'the overlay, session interrupted');
    await page.getByRole('button', { name: 'Sitzung fortsetzen' }).click();
    await page.getByText(/Eröffnet um \d\d:\d\d Uhr/).waitFor();
    await page.getByRole('button', { name: 'Sitzung schließen' }).click();
    await (await dialogShown(page, 'Sitzung schließen?')).getByRole('button', { name: 'Sitzung schließen' }).click();
    await page.getByText(/^Geschlossen um \d\d:\d\d Uhr$/).waitFor();
    await display.waitText(/Die Sitzung ist geschlossen/);
    await expectAccessible(page, 'the chair console, session closed');
    await expectAccessible(display.page, 'the display, session closed');
    await expectAccessible(seats[0]!.page, 'the seat, session closed');

    const seat = seats[0]!.page;
    await seat.getByRole('button', { name: 'EN', exact: true }).click();
    await seat.getByText(`Logged in: ${nameOf('m-002')}`, { exact: false }).waitFor();
    await expectAccessible(seat, 'the seat in English');
    await seat.getByRole('button', { name: 'DE', exact: true }).click();
    await seats[0]!.waitLoggedIn(nameOf('m-002'));
  });
});
