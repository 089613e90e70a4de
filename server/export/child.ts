import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExportFormat } from './formats';

// from the sources: the command line through the same TypeScript loader as the server; in the
// production build (scripts/build-server.ts): its bundle beside the server's
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const CLI = fileURLToPath(new URL(FROM_SOURCE ? './cli.ts' : './export-cli.mjs', import.meta.url));

/**
 * Renders an export in a child process (the export command line, reading the database file
 * read-only): a PDF of a long session takes seconds, and the server's one writer must not wait
 * for it in the middle of a vote.
 */
export function exportInChildProcess(
  dbPath: string,
  format: ExportFormat,
  o: { timeZone?: string; oparlBaseUrl?: string } = {},
): Promise<Buffer> {
  const args = [...(FROM_SOURCE ? process.execArgv : []), CLI, '--data', dbPath, '--format', format, '--out', '-'];
  if (o.timeZone) args.push('--tz', o.timeZone);
  if (o.oparlBaseUrl) args.push('--oparl-base', o.oparlBaseUrl);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new ChildExportError(err.trim().split('\n').at(-1) ?? `export exited with ${String(code)}`));
    });
  });
}

export class ChildExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChildExportError';
  }
}
