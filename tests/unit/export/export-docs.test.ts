import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS_DIR, renderExportSchema } from '../../../scripts/export-docs';

describe('docs/export.schema.json', () => {
  it('matches the zod schema of the JSON export (run `npm run export:docs` after changing server/export/schema.ts or json.ts)', () => {
    expect(readFileSync(join(DOCS_DIR, 'export.schema.json'), 'utf8')).toBe(renderExportSchema());
  });
});
