/**
 * The DOCX draft opens in a real word processor: LibreOffice (headless) converts it to PDF, and
 * the text of that PDF holds the minutes. A consumer that is not our own parser.
 * Needs the Debian package libreoffice-writer-nogui (scripts/test.sh installs it as root).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSession, readSessionRecord } from '../../server/export';
import { pdfText } from '../helpers/read-exports';
import { recordScriptedSession, type ScriptedSession } from '../helpers/scripted-session';

function libreOffice(): string {
  for (const bin of ['libreoffice', 'soffice']) {
    if (spawnSync(bin, ['--version'], { encoding: 'utf8' }).status === 0) return bin;
  }
  throw new Error('LibreOffice is not installed, so the DOCX export cannot be checked: apt-get install -y libreoffice-writer-nogui');
}

describe('DOCX in LibreOffice', () => {
  let session: ScriptedSession;
  beforeAll(async () => {
    session = await recordScriptedSession();
  });
  afterAll(() => rmSync(session.dir, { recursive: true, force: true }));

  it('converts to PDF with the content of the minutes', async () => {
    const bin = libreOffice();
    const record = readSessionRecord(session.dir);
    const file = await exportSession(record, 'docx');
    const docx = join(session.dir, 'niederschrift.docx');
    writeFileSync(docx, file.body);
    const out = join(session.dir, 'lo-out');
    const profile = join(session.dir, 'lo-profile');
    mkdirSync(out);
    // an own profile folder: parallel runs (and a user's open LibreOffice) do not get in the way
    const r = spawnSync(bin, [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--convert-to', 'pdf', '--outdir', out, docx], {
      encoding: 'utf8',
      timeout: 110_000,
    });
    const pdf = join(out, 'niederschrift.pdf');
    expect(existsSync(pdf), `LibreOffice did not convert the DOCX (exit ${String(r.status)}): ${r.stderr}`).toBe(true);
    const { pages, text } = await pdfText(readFileSync(pdf));
    const flat = text.replace(/\s+/g, ' ');
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(flat).toContain('Niederschrift');
    expect(flat).toContain('Donnerstag, 12. März 2026');
    expect(flat).toContain('Änderungsantrag der Grünen Liste');
    expect(flat).toContain('Wegen Befangenheit ausgeschlossen: Dieter Ebert (BB)');
    expect(flat).toContain('Stimmen Ja 4 · Nein 1 · Enthaltung 0');
    // a 64-digit hash may wrap at the end of a table cell
    expect(flat.replace(/ /g, '')).toContain(`SHA-256${record.events.at(-1)?.hash ?? 'missing hash'}`);
    expect(flat).toContain('Schriftführung');
    expect(flat).toMatch(/Seite 1 von \d/);
  });
});
