import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allocationProfiler, allocationsByFunction, type ProfileNode } from '../../server/diagnostics/alloc-profile';
import type { StoredEvent } from '../../server/store/event-store';

const node = (functionName: string, url: string, lineNumber: number, selfSize: number, children: ProfileNode[] = []): ProfileNode => ({
  callFrame: { functionName, url, lineNumber },
  selfSize,
  children,
});

describe('allocations by function', () => {
  const tree = node('(root)', '', -1, 0, [
    node('diffInto', 'file:///srv/dist/server/main.mjs', 6795, 4000, [node('diffInto', 'file:///srv/dist/server/main.mjs', 6795, 6000)]),
    node('', 'file:///srv/node_modules/ws/lib/sender.js', 9, 3000),
    node('keys', '', -1, 500),
    node('idle', 'file:///srv/dist/server/main.mjs', 1, 0),
  ]);

  it.each([
    ['sums a function over every stack it appears in, largest first', 15, [
      { where: 'diffInto server/main.mjs:6796', bytes: 10_000 },
      { where: '(anonymous) lib/sender.js:10', bytes: 3000 },
      { where: 'keys', bytes: 500 },
    ]],
    ['keeps only the top entries', 1, [{ where: 'diffInto server/main.mjs:6796', bytes: 10_000 }]],
  ] as const)('%s', (_name, top, expected) => {
    expect(allocationsByFunction(tree, top)).toEqual(expected);
  });
});

describe('allocation profiler (RATSSAAL_ALLOC_PROFILE)', () => {
  let dir = '';
  afterEach(() => {
    vi.restoreAllMocks();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const stored = (event: object): StoredEvent => ({ seq: 1, at: '', actor: { kind: 'system' }, event, prevHash: '', hash: '' }) as unknown as StoredEvent;

  it('is off without the variable', () => {
    expect(allocationProfiler({})).toBeNull();
  });

  it('writes a profile of what was allocated between the opening and the close of a vote', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ratssaal-alloc-'));
    const logged: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void logged.push(line));
    const listener = allocationProfiler({ RATSSAAL_ALLOC_PROFILE: dir });
    expect(listener).not.toBeNull();
    listener?.([stored({ type: 'VoteOpened', voteId: 'v-1' })]);
    // something to sample: well over the 4 KB sampling interval, kept until the close
    const kept: unknown[] = [];
    for (let i = 0; i < 20_000; i++) kept.push({ i, text: `row ${i}` });
    // another vote's close does not end this profile
    listener?.([stored({ type: 'VoteClosed', voteId: 'v-0' })]);
    listener?.([stored({ type: 'VoteClosed', voteId: 'v-1' })]);
    const file = join(dir, 'alloc-v-1.heapprofile');
    await vi.waitFor(() => expect(existsSync(file)).toBe(true), { timeout: 5000 });
    const profile = JSON.parse(readFileSync(file, 'utf8')) as { head: { children: unknown[] } };
    expect(profile.head.children.length).toBeGreaterThan(0);
    expect(kept).toHaveLength(20_000);
    expect(logged[0]).toMatch(/^allocation profile: vote v-1, \d+\.\d\d MB in \d+\.\d s, /);
    expect(logged.length).toBeGreaterThan(1);
  });

  it('ends the profile of a cancelled vote too, and profiles the next vote', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ratssaal-alloc-'));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const listener = allocationProfiler({ RATSSAAL_ALLOC_PROFILE: dir });
    listener?.([stored({ type: 'VoteOpened', voteId: 'v-1' })]);
    listener?.([stored({ type: 'VoteCancelled', voteId: 'v-1', reason: 'Fehler' })]);
    listener?.([stored({ type: 'VoteOpened', voteId: 'v-2' })]);
    listener?.([stored({ type: 'VoteClosed', voteId: 'v-2' })]);
    await vi.waitFor(() => expect([existsSync(join(dir, 'alloc-v-1.heapprofile')), existsSync(join(dir, 'alloc-v-2.heapprofile'))]).toEqual([true, true]), { timeout: 5000 });
  });
});
