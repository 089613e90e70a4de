/**
 * Writes docs/export.schema.json, the JSON Schema of the JSON export (format ratssaal-session/1,
 * whose `minutes` are the model every export renders), from the zod schemas in server/export.
 * Usage: npm run export:docs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { SESSION_EXPORT_FORMAT, SessionExport } from '../server/export/json';

export const DOCS_DIR = resolve(import.meta.dirname, '..', 'docs');

export function renderExportSchema(): string {
  const schema = z.toJSONSchema(SessionExport, { io: 'output', unrepresentable: 'any' });
  return `${JSON.stringify({ title: `Ratssaal session export (${SESSION_EXPORT_FORMAT})`, ...schema }, null, 2)}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  mkdirSync(DOCS_DIR, { recursive: true });
  writeFileSync(join(DOCS_DIR, 'export.schema.json'), renderExportSchema());
  console.log(`wrote ${join(DOCS_DIR, 'export.schema.json')}`);
}
