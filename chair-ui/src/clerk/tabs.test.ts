import { describe, expect, it } from 'vitest';
import { CLERK_TABS, tabAfterKey, tabFromHash } from './tabs';

describe('the clerk console tabs', () => {
  it('are eight, the session group first', () => {
    expect(CLERK_TABS).toEqual(['entries', 'results', 'notes', 'exports', 'members', 'register', 'import', 'devices']);
  });

  it.each([
    ['#notes', 'notes'],
    ['notes', 'notes'],
    ['#devices', 'devices'],
    ['', 'members'],
    ['#', 'members'],
    ['#elsewhere', 'members'],
    ['#%E0', 'members'],
    ['#toString', 'members'],
  ])('the address fragment %j opens %s', (hash, tab) => {
    expect(tabFromHash(hash)).toBe(tab);
  });

  it('move with the arrow keys across both groups, wrapping; Home and End', () => {
    expect(tabAfterKey('exports', 'ArrowDown')).toBe('members');
    expect(tabAfterKey('exports', 'ArrowRight')).toBe('members');
    expect(tabAfterKey('members', 'ArrowUp')).toBe('exports');
    expect(tabAfterKey('members', 'ArrowLeft')).toBe('exports');
    expect(tabAfterKey('devices', 'ArrowDown')).toBe('entries');
    expect(tabAfterKey('entries', 'ArrowUp')).toBe('devices');
    expect(tabAfterKey('import', 'Home')).toBe('entries');
    expect(tabAfterKey('results', 'End')).toBe('devices');
    expect(tabAfterKey('results', 'Enter')).toBeNull();
    expect(tabAfterKey('results', 'a')).toBeNull();
  });
});
