/**
 * axe-core in the page: the rules of WCAG 2.0 and 2.1, levels A and AA. Used by the accessibility
 * test for every screen, and by other browser tests for the states they reach.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The engine, read once: evaluated in the page by the DevTools protocol, so the server's CSP does not apply. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** What the report needs of axe's result. */
interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/** One line per element that fails a rule: rule id, impact, target selector, the element, axe's summary. */
function describeViolations(violations: Violation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map(
      (n) => `${v.id} (${v.impact ?? 'n/a'}) at ${n.target.join(' >> ')} ${oneLine(n.html, 120)}: ${oneLine(n.failureSummary ?? v.help, 400)}`,
    ),
  );
}

/**
 * Runs axe on the page as it is now; every violation is a (soft) failure, so that one run lists
 * all of them, screen by screen. Finite animations are first run to their end (a fading element
 * would be measured half transparent); the page keeps its CSP.
 */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const injected = await page.evaluate(() => typeof (window as { axe?: unknown }).axe !== 'undefined');
  if (!injected) await page.evaluate(AXE_SOURCE);
  const options: RunOptions = { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] };
  const violations = await page.evaluate(async (o): Promise<Violation[]> => {
    for (const a of document.getAnimations()) {
      if (a.effect?.getComputedTiming().iterations !== Infinity) a.finish();
    }
    const { axe } = window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } };
    const r = await axe.run(document, o);
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })),
    }));
  }, options);
  expect.soft(describeViolations(violations), `axe (${WCAG_TAGS.join(', ')}) on ${screen}`).toEqual([]);
}

