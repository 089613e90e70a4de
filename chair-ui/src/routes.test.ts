import { describe, expect, it } from 'vitest';
import { routeOf } from './routes';

describe('screens by address', () => {
  it.each([
    ['/', 'start'],
    ['/pair', 'pair'],
    ['/pair/', 'pair'],
    ['/chair', 'chair'],
    ['/chair/exports', 'exports'],
    ['/clerk', 'clerk'],
    ['/display', 'display'],
    ['/display/overlay', 'overlay'],
    ['/elsewhere', 'start'],
  ])('%s is the %s screen', (path, route) => {
    expect(routeOf(path)).toBe(route);
  });
});
