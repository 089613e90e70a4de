import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StorageAlarm } from './StorageAlarm';

const render = (props: Parameters<typeof StorageAlarm>[0]) => renderToStaticMarkup(createElement(StorageAlarm, props));
const slow = { since: '2026-12-03T09:15:00Z', medianMs: 1240, maxMs: 2810 };

describe('StorageAlarm', () => {
  it('shows nothing while the disk keeps up', () => {
    expect(render({ alarm: null, slow: null })).toBe('');
    expect(render({ alarm: undefined })).toBe('');
  });

  it('warns, politely, with the figures, while the disk is slow', () => {
    const html = render({ alarm: null, slow });
    expect(html).toContain('role="status"');
    expect(html).toContain('banner--warning');
    expect(html).toMatch(/Speicher langsam seit \d\d:\d\d/);
    expect(html).toContain('etwa 1.240 ms');
    expect(html).toContain('längste 2.810 ms');
    expect(html).toContain('Es geht nichts verloren');
  });

  it('the failure alarm wins over the warning', () => {
    const html = render({ alarm: { since: '2026-12-03T09:20:00Z', detail: 'disk full' }, slow });
    expect(html).toContain('role="alert"');
    expect(html).toContain('NICHT gespeichert');
    expect(html).not.toContain('langsam');
  });
});
