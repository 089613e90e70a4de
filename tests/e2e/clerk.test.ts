import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Register } from '../../server/protocol/register';
import { ok, RecordingClient, REPO_ROOT, ServerProcess, tempDir } from '../helpers/server-process';
import { launchChromium, newScreen, screenshot } from './browser';
import { ClerkScreen } from './clerk-pages';

const demo = Register.parse(JSON.parse(readFileSync(join(REPO_ROOT, 'seeds/demo-council.json'), 'utf8')));
const FACTIONS = 'Kurzname;Name;Farbe\nWGO;Wählergruppe Ost;#5a3e8c';
const BAD_MEMBERS = 'Vorname;Nachname;Fraktion;Stimmrecht\nLotte;Brandt;WGO;voll\nOle;Kamp;XYZ;vielleicht';
const MEMBERS = 'Vorname;Nachname;Fraktion;Stimmrecht\nLotte;Brandt;WGO;voll\nOle;Kamp;WGO;voll';
const NEW_CARD = '04C0FFEE123456';

describe('clerk screens in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  const clients: { close(): void }[] = [];

  beforeAll(async () => {
    server = await ServerProcess.start({ dataDir: join(tempDir('e2e-clerk'), 'data') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await browser?.close();
    await server?.stop();
  });

  it('register, CSV import, card registration and revocation, manual entries and a correction', async () => {
    const clerk = new ClerkScreen((await newScreen(browser, { width: 1440, height: 1000 })).page);
    await clerk.open(server.url);
    await screenshot(clerk.page, 'clerk-members');

    await clerk.setLegalMembers(47, 'Zwei Nachrückende');
    await screenshot(clerk.page, 'clerk-register');

    await clerk.checkCsv(FACTIONS, BAD_MEMBERS);
    await clerk.page.getByText('Unbekannte Fraktion XYZ.').waitFor();
    expect(await clerk.page.getByRole('button', { name: 'Importieren' }).isDisabled()).toBe(true);
    await screenshot(clerk.page, 'clerk-import-errors');
    await clerk.checkCsv(FACTIONS, MEMBERS);
    await clerk.page.getByText('Bereit: 1 Fraktionen, 2 Mitglieder.').waitFor();
    await clerk.page.getByRole('button', { name: 'Importieren' }).click();
    await clerk.page.getByText('Importiert: 1 Fraktionen, 2 Mitglieder, 0 Karten.').waitFor();

    // the card is tapped on a seat's (simulated) reader, as a member at that seat would
    const freeSeat = demo.seats.at(-1)?.id ?? 1;
    const seat = new RecordingClient('seat', server, { seatId: freeSeat });
    clients.push(seat);
    await seat.connected();
    await clerk.registerCardFor('Lotte Brandt');
    await screenshot(clerk.page, 'clerk-card-mode');
    ok(await seat.send('demoTap', { uid: NEW_CARD }));
    await clerk.page.getByText(`Karte ${NEW_CARD} ist jetzt Lotte Brandt zugeordnet.`).waitFor();
    ok(await seat.send('demoRemove', {}));
    await clerk.revokeCard(NEW_CARD, 'Karte verloren');
    await screenshot(clerk.page, 'clerk-card-revoked');

    await clerk.checkIn('Ole Kamp');
    const chair = new RecordingClient('chair', server);
    clients.push(chair);
    await chair.connected();
    const item = demo.session.agenda[0]?.id ?? 'top-01';
    const { voteId } = ok(await chair.send('openVote', { itemId: item, title: 'Antrag der WGO', kind: 'named', majority: { kind: 'simple' } }));
    await clerk.page.getByRole('tab', { name: /Anwesenheit & Stimmen.*Abstimmung läuft/ }).waitFor();
    await clerk.manualBallot('Ole Kamp', 'Ja', 'Tablet an Platz ausgefallen');
    await screenshot(clerk.page, 'clerk-manual-ballot');
    const { result } = ok(await chair.send('closeVote', { voteId }));
    expect(result.tally).toEqual({ yes: 1, no: 0, abstain: 0 });
    expect(result.named?.map((n) => n.member.name)).toEqual(['Ole Kamp']);

    await clerk.correct('Antrag der WGO', { yes: 0, no: 1, abstain: 0 }, 'Stimme falsch erfasst');
    await clerk.page.getByText('Erfasstes Ergebnis').first().waitFor();
    const text = await clerk.page.locator('main').innerText();
    expect(text).toMatch(/Erfasstes Ergebnis .*1 Ja, 0 Nein, 0 Enthaltungen – angenommen/);
    expect(text).toMatch(/Korrektur 1 .*0 Ja, 1 Nein, 0 Enthaltungen – abgelehnt\. Grund: Stimme falsch erfasst/);
    await screenshot(clerk.page, 'clerk-correction');
  });
});
