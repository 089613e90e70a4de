import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, exportSession, isExportFormat, readSessionRecord } from './index';
import { runsAsProgram } from '../entry';

const USAGE = `Ratssaal: Niederschrift und Daten exportieren / export minutes and data

  npm run export -- --format <${EXPORT_FORMATS.join('|')}> --out <file> [--session <id>] [--data <folder or db file>]
                    [--tz Europe/Berlin] [--oparl-base https://ris.example/oparl]

  --data     data folder (or its ratssaal.db); default: RATSSAAL_DATA or ./data
  --session  refuse unless the log records this session (its id from the register)
  --out      output file; "-" writes to standard output`;

/** Returns the exit code; prints errors in German and English. */
export async function runExportCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        session: { type: 'string' },
        data: { type: 'string' },
        tz: { type: 'string' },
        'oparl-base': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = values.format ?? '';
  if (!isExportFormat(format) || !values.out) {
    console.error(`Format und Ausgabedatei fehlen oder sind ungültig / missing or invalid --format or --out\n\n${USAGE}`);
    return 2;
  }
  const data = resolve(values.data ?? env.RATSSAAL_DATA ?? 'data');
  try {
    const record = readSessionRecord(data);
    const file = await exportSession(record, format, {
      ...(values.session === undefined ? {} : { sessionId: values.session }),
      ...(values.tz === undefined ? {} : { timeZone: values.tz }),
      ...(values['oparl-base'] === undefined ? {} : { oparlBaseUrl: values['oparl-base'] }),
    });
    if (values.out === '-') {
      // a pipe is written asynchronously: wait, or exiting would cut the file short
      await new Promise<void>((resolve, reject) => process.stdout.write(file.body, (err) => (err ? reject(err) : resolve())));
    } else {
      writeFileSync(values.out, file.body);
      console.error(`Export geschrieben / export written: ${values.out} (${format}, ${file.body.length} bytes)`);
    }
    return 0;
  } catch (err) {
    console.error(`Export fehlgeschlagen / export failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (runsAsProgram(import.meta.url, 'export')) {
  runExportCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
