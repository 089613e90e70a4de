import { readLog, type LogCheck } from '../store/log-reader';
import { runsAsProgram } from '../entry';

/**
 * The audit: re-checks the hash chain of an event log. Anyone can run it on a copy of the data
 * folder; the final hash it prints is the one printed in the minutes.
 */
export function verifyLog(dataDirOrFile: string): LogCheck {
  return readLog(dataDirOrFile).check;
}

export function verifyReport(check: LogCheck): { ok: boolean; text: string } {
  if (check.mismatch === null) {
    return { ok: true, text: `OK: ${check.verified} Ereignisse / events, letzte Prüfsumme / final hash ${check.finalHash}` };
  }
  return {
    ok: false,
    text:
      `FEHLER / FAILED: Ereignis / event ${check.mismatch.seq} stimmt nicht / does not match: ${check.mismatch.reason}\n` +
      `  ${check.verified} Ereignisse davor sind in Ordnung / events before it verify; letzte gültige Prüfsumme / last valid hash ${check.finalHash}`,
  };
}

/** npm run verify -- <data folder or db file>: exit code 0 when the chain holds, 1 when not. */
export function runVerifyCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const target = argv[0] ?? env.RATSSAAL_DATA ?? 'data';
  try {
    const report = verifyReport(verifyLog(target));
    (report.ok ? console.log : console.error)(report.text);
    return report.ok ? 0 : 1;
  } catch (err) {
    console.error(`Prüfung nicht möglich / cannot verify ${target}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (runsAsProgram(import.meta.url, 'verify')) {
  process.exit(runVerifyCli(process.argv.slice(2)));
}
