/**
 * The production build of the server: bundles the TypeScript sources into plain JavaScript
 * that node runs without a TypeScript loader (dist/server by default). Running through tsx costs
 * a loader thread with a V8 heap of its own in the server and in its log writer thread (about
 * 50 MB of the server's memory at 1,000 seats, docs/performance.md); the bundle starts faster
 * too. Packages stay in node_modules (imported, not copied); the SQL migrations are copied
 * beside the bundle, where the store looks for them.
 *
 *   npm run build:server [-- --out <folder>]    (npm run build does it after the UIs)
 *   node --enable-source-maps dist/server/main.mjs
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runsAsProgram, type ProgramName } from '../server/entry';

const ROOT = resolve(import.meta.dirname, '..');

/** Each bundle and what it starts; file names are the ones the sources look for beside them. */
const BUNDLES: readonly { source: string; file: string; program: ProgramName | null }[] = [
  { source: 'server/main.ts', file: 'main.mjs', program: 'server' },
  // started by ThreadedEventStore as './writer-thread.js' next to the bundle that runs it
  { source: 'server/store/writer-thread.ts', file: 'writer-thread.js', program: null },
  // started by exportInChildProcess as './export-cli.mjs'
  { source: 'server/export/cli.ts', file: 'export-cli.mjs', program: 'export' },
];

/** Folders read at run time relative to the module that reads them. */
const COPIED: readonly { from: string; to: string }[] = [
  { from: 'server/store/migrations', to: 'migrations' },
  { from: 'server/security/device-migrations', to: 'device-migrations' },
];

/** Builds the server into `outDir` (inside the project, so that node_modules is found). */
export async function buildServer(outDir = join(ROOT, 'dist', 'server')): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const b of BUNDLES) {
    await build({
      entryPoints: [join(ROOT, b.source)],
      outfile: join(outDir, b.file),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20.19',
      packages: 'external',
      sourcemap: true,
      // "" for a bundle that is no program (the writer thread): runsAsProgram is then false for all
      define: { __RATSSAAL_ENTRY__: JSON.stringify(b.program ?? '') },
      logLevel: 'warning',
    });
  }
  for (const c of COPIED) cpSync(join(ROOT, c.from), join(outDir, c.to), { recursive: true });
  return outDir;
}

if (runsAsProgram(import.meta.url, 'build')) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = await buildServer(values.out ? resolve(values.out) : undefined);
  console.log(`server built into ${out}`);
}
