import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS_DIR, renderProtocolDocs } from '../../scripts/protocol-docs';

describe('docs/protocol.*', () => {
  it('match the zod schemas (run `npm run protocol:docs` after changing server/protocol)', () => {
    const { markdown, schema } = renderProtocolDocs();
    expect(readFileSync(join(DOCS_DIR, 'protocol.md'), 'utf8')).toBe(markdown);
    expect(readFileSync(join(DOCS_DIR, 'protocol.schema.json'), 'utf8')).toBe(schema);
  });
});
