import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations as expectAccessible } from './accessibility';
import { fillDisk } from '../helpers/full-disk';
import { ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';
import { ClerkScreen } from './clerk-pages';
import { nameOf } from './demo';
import { ChairConsole, PublicDisplay, SeatSpeaker, seatsWithMembers, type SeatScreen } from './pages';
import { ChairProcedure, electInTurn, SeatProcedure } from './procedure-pages';

/**
 * axe-core (WCAG 2.0/2.1, A and AA) on states the other accessibility tests do not reach, each
 * reached the way it comes about in the room: microphones talking and waiting, a runoff and a
 * drawing of lots, a vote interrupted, the clerk's CSV import with errors, the connection lost and
 * back, and (root: the server's data folder on a tmpfs that fills up) the storage alarm with a
 * ballot the server could not record. The display's election stands on its background gradient, where axe leaves
 * contrast undecided (white on the gradient's lighter end is 14.2:1); its names and structure count.
 */

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('accessibility (axe-core, WCAG 2.1 A/AA) of microphones, runoff and lot, an interrupted vote, import errors, a lost connection', () => {
  let server: ServerProcess;
  let chair: ChairConsole;
  let display: PublicDisplay;
  let clerk: ClerkScreen;
  let seats: SeatScreen[];

  beforeAll(async () => {
    // members switch their own microphones, one at a time: a second one waits
    server = await ServerProcess.start({
      dataDir: join(tempDir('e2e-a11y-states'), 'data'),
      env: { RATSSAAL_MIC_MODE: 'fifo', RATSSAAL_MIC_MAX_OPEN: '1' },
    });
    const page = async (width: number, height: number) => (await newScreen(browser, { width, height })).page;
    chair = new ChairConsole(await page(1440, 1000));
    display = new PublicDisplay(await page(1920, 1080));
    clerk = new ClerkScreen(await page(1440, 1000));
    await Promise.all([chair.open(server.url), display.open(server.url), clerk.open(server.url)]);
    // two members of the largest faction and one of the second
    seats = await seatsWithMembers(browser, server.url, ['m-002', 'm-003', 'm-017'], 20);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('microphones: one member talking, one waiting for a free channel, the chair\'s own microphone on', async () => {
    const [talking, waiting] = seats.map((s) => new SeatSpeaker(s)) as [SeatSpeaker, SeatSpeaker];
    await chair.selectItem('4');
    await talking.talk('Mikrofon an');
    await waiting.talk('Mikrofon wartet auf Freigabe');
    const mics = chair.page.getByRole('region', { name: 'Mikrofone' });
    await mics.getByText(/^Wartend: /).waitFor();
    await mics.getByText(/^Offen: /).waitFor();
    await expectAccessible(chair.page, 'the chair console, a microphone open and one waiting');
    await expectAccessible(talking.seat.page, 'the seat, talking');
    await expectAccessible(waiting.seat.page, 'the seat, its microphone waiting');
    await mics.getByRole('button', { name: 'Vorsitz-Mikrofon aus' }).click();
    await mics.getByRole('button', { name: 'Vorsitz-Mikrofon an', pressed: true }).waitFor();
    await expectAccessible(chair.page, 'the chair console, the chair\'s microphone on');
    await screenshot(chair.page, 'a11y-chair-mics');
    await mics.getByRole('button', { name: 'Vorsitz-Mikrofon an' }).click();
    await mics.getByRole('button', { name: 'Vorsitz-Mikrofon aus', pressed: false }).waitFor();
    await talking.stopTalking();
    await waiting.stopTalking();
  });

  it('an election: runoff due and open, a tie for the lot, the lot drawn in the room and entered, on seat, chair and display', async () => {
    const title = 'Wahl der Schriftführung';
    const [a, b] = [nameOf('m-002'), nameOf('m-017')];
    const chairProc = new ChairProcedure(chair.page);
    const procs = seats.map((s) => new SeatProcedure(s.page));
    const [seat] = procs as [SeatProcedure];
    const election = chairProc.election(title);
    await chair.selectItem('6');
    await chairProc.prepareElection(title, [a, b]);
    await chairProc.press(title, 'Wahlgang öffnen');
    await Promise.all(procs.map((p) => p.waitBallotOptions()));
    // a, b and an abstention: nobody has more than half, a runoff follows
    await electInTurn(procs, [a, b, 'Enthaltung']);
    await election.getByText(/abgegeben 3 von 3/).waitFor();
    await chairProc.press(title, 'Wahlgang schließen');
    await election.getByText(`Stichwahl zwischen: ${a}, ${b}`).waitFor();
    await seat.waitText(`Stichwahl folgt: ${a}, ${b}`);
    await display.waitText(`Stichwahl zwischen: ${a}, ${b}`);
    await expectAccessible(chair.page, 'the chair console, a runoff due');
    await expectAccessible(seat.page, 'the seat, a runoff due');
    await expectAccessible(display.page, 'the display, a runoff due');

    await chairProc.press(title, 'Stichwahl öffnen');
    await Promise.all(procs.map((p) => p.waitBallotOptions()));
    await seat.waitText('Wahlgang 2 – Stichwahl');
    await display.waitText(/Wahlgang 2 – Stichwahl/);
    await expectAccessible(seat.page, 'the seat, the runoff ballot');
    await expectAccessible(display.page, 'the display, the runoff running');
    await electInTurn(procs, [a, b, 'Enthaltung']);
    await election.getByText(/abgegeben 3 von 3/).last().waitFor();
    await expectAccessible(chair.page, 'the chair console, the runoff open');

    // a tie in the runoff: the lot decides
    await chairProc.press(title, 'Wahlgang schließen');
    await election.getByText(/Los unter:/).waitFor();
    await seat.waitText('Stimmengleichheit – das Los entscheidet.');
    await expectAccessible(chair.page, 'the chair console, a lot due');
    await expectAccessible(seat.page, 'the seat, a lot due');
    await expectAccessible(display.page, 'the display, the runoff tied');
    await chairProc.press(title, 'Ergebnis eines Losentscheids im Saal eingeben');
    const drawn = election.getByRole('group', { name: 'Gezogen (1 auswählen)' });
    await drawn.waitFor();
    await expectAccessible(chair.page, 'the chair console, entering a lot drawn in the room');
    await screenshot(chair.page, 'a11y-chair-lot');
    await drawn.getByRole('checkbox', { name: b }).check();
    await drawn.getByRole('button', { name: 'Losentscheid übernehmen' }).click();
    await election.getByText(`Gewählt: ${b}`).waitFor();
    await seat.waitText(`Losentscheid: ${b}`);
    await display.waitText(`Gewählt: ${b}`);
    await expectAccessible(chair.page, 'the chair console, elected by lot');
    await expectAccessible(seat.page, 'the seat, elected by lot');
    await expectAccessible(display.page, 'the display, elected by lot');
    await screenshot(display.page, 'a11y-display-lot');
  });

  it('a vote interrupted: the seat\'s buttons wait and say why, and take the ballot once it goes on', async () => {
    const [seat] = seats as [SeatScreen];
    await chair.selectItem('5');
    await chair.openVote('Offene Abstimmung');
    await seat.waitVoteOpen();
    await chair.page.getByRole('button', { name: 'Unterbrechen', exact: true }).click();
    const interrupt = chair.page.getByRole('dialog', { name: 'Unterbrechen' });
    await interrupt.getByLabel('Grund der Unterbrechung').fill('Rückfrage zur Vorlage');
    await interrupt.getByRole('button', { name: 'Unterbrechen' }).click();
    await chair.page.getByRole('button', { name: 'Fortsetzen', exact: true }).waitFor();
    await seat.page.getByText(/Rückfrage zur Vorlage/).waitFor();
    // a ballot now would only be refused by the server: the buttons wait, as while the connection is lost
    const yes = seat.page.getByRole('button', { name: 'Ja', exact: true });
    expect(await yes.isDisabled()).toBe(true);
    // and the vote's own heading no longer says it is running
    expect(await seat.page.getByText('Abstimmung läuft').count()).toBe(0);
    await expectAccessible(seat.page, 'the seat, the vote interrupted');
    await screenshot(seat.page, 'a11y-seat-vote-interrupted');
    await chair.page.getByRole('button', { name: 'Fortsetzen', exact: true }).click();
    await chair.page.getByRole('button', { name: 'Unterbrechen', exact: true }).waitFor();
    await seat.page.getByRole('button', { name: 'Ja', exact: true, disabled: false }).waitFor();
    await seat.page.getByText('Abstimmung läuft').waitFor();
    await seat.vote('Ja');
    await seat.waitRecorded('Ja');
  });

  it('the clerk\'s CSV import: files with a wrong header and bad rows', async () => {
    await clerk.checkCsvFiles({
      'Fraktionen (CSV)': { name: 'fraktionen.csv', content: 'Kurzname;Name;Farbe;Logo\nWGO;Wählergruppe Ost;#5a3e8c;wgo.png\n' },
      'Mitglieder (CSV)': { name: 'mitglieder.csv', content: 'Vorname;Nachname;Fraktion;Stimmrecht\nErika;Mustermann;XYZ;voll\nMax;Mustermann;;vielleicht\n' },
    });
    const preview = clerk.page.getByRole('region', { name: 'Vorschau' });
    await preview.getByText('Fehler gefunden – es wird nichts importiert, bis alle behoben sind.').waitFor();
    await preview.getByText('Fraktionen (CSV): Kopfzeile: unbekannte Spalten Logo').waitFor();
    await preview.getByText(/Unbekannte Fraktion XYZ\./).waitFor();
    await expectAccessible(clerk.page, 'the clerk console, a CSV import with errors');
    await screenshot(clerk.page, 'a11y-clerk-import-errors');
  });

  it('the connection lost: seat, chair console, clerk and display while the server is down, and once it is back', async () => {
    const [seat] = seats as [SeatScreen];
    await server.stop();
    await seat.offlineBanner.waitFor({ timeout: 30_000 });
    await expectAccessible(seat.page, 'the seat, the connection lost during a vote');
    await screenshot(seat.page, 'a11y-seat-offline');
    await display.waitText('Verbindung unterbrochen – Anzeige nicht aktuell');
    await expectAccessible(display.page, 'the display, the connection lost');
    await clerk.page.getByText(/Die Verbindung zum Server ist unterbrochen/).waitFor();
    await expectAccessible(clerk.page, 'the clerk console, the connection lost');
    // the chair acts anyway: the console says the action was not sent
    await chair.offlineBanner.waitFor();
    await chair.page.getByRole('button', { name: 'Vorsitz-Mikrofon aus' }).click();
    await chair.page.getByRole('alert').getByText('Keine Verbindung zum Server – die Aktion wurde nicht gesendet.').waitFor();
    await expectAccessible(chair.page, 'the chair console, the connection lost');
    await screenshot(chair.page, 'a11y-chair-offline');

    await server.restart();
    // no reload: the pages reconnect by themselves
    await seat.offlineBanner.waitFor({ state: 'hidden', timeout: 60_000 });
    await chair.offlineBanner.waitFor({ state: 'hidden', timeout: 60_000 });
    await seat.waitRecorded('Ja');
    await expectAccessible(seat.page, 'the seat, connected again');
    await expectAccessible(chair.page, 'the chair console, connected again');
  });
});

describe('accessibility (axe-core, WCAG 2.1 A/AA) of the storage alarm: the disk under the log is full', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('this test needs root: it mounts a tmpfs in a private mount namespace (run npm test as root)');
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-a11y-full-disk'), 'data'), tmpfsDataSize: '8m' });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('the chair\'s and the clerk\'s alarm, the seat\'s ballot refused; gone once there is space again', async () => {
    const chair = new ChairConsole((await newScreen(browser, { width: 1440, height: 1000 })).page);
    const clerk = new ClerkScreen((await newScreen(browser, { width: 1440, height: 1000 })).page);
    const [seat] = (await seatsWithMembers(browser, server.url, ['m-004'], 21)) as [SeatScreen];
    await chair.open(server.url);
    await clerk.open(server.url);
    await chair.selectItem('5');
    await chair.openVote('Offene Abstimmung');
    await seat.waitVoteOpen();

    const freeSpace = fillDisk(server);
    await seat.vote('Ja');
    await seat.page.getByRole('alert').getByText(/NICHT gespeichert/).waitFor();
    const alarm = /^Speicherstörung seit \d\d:\d\d/;
    await chair.page.getByRole('alert').getByText(alarm).waitFor();
    await clerk.page.getByRole('alert').getByText(alarm).waitFor();
    await expectAccessible(seat.page, 'the seat, a ballot refused: the server cannot record it');
    await expectAccessible(chair.page, 'the chair console, the storage alarm');
    await expectAccessible(clerk.page, 'the clerk console, the storage alarm');
    await screenshot(chair.page, 'a11y-chair-storage-alarm');

    freeSpace();
    await seat.page.getByRole('button', { name: 'Erneut versuchen' }).click();
    await seat.waitRecorded('Ja');
    await chair.page.getByText(alarm).waitFor({ state: 'detached' });
    await clerk.page.getByText(alarm).waitFor({ state: 'detached' });
  }, 120_000);
});
