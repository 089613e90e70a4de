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
 *
 * An open modal <dialog> is drawn in the browser's top layer, above every ancestor's overflow
 * clip, but axe does not know the top layer: a dialog whose DOM parent clips it (e.g. one opened
 * from the chair's scrolling right column) counts for axe as clipped away, and its text is not
 * checked for contrast at all. Such a dialog is checked a second time on its own, with the clip
 * of its ancestors lifted for that run only (what the dialog shows does not change; the page
 * behind it was checked as it is in the first run).
 */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const injected = await page.evaluate(() => typeof (window as { axe?: unknown }).axe !== 'undefined');
  if (!injected) await page.evaluate(AXE_SOURCE);
  const options: RunOptions = { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] };
  const violations = await page.evaluate(async (o): Promise<Violation[]> => {
    for (const a of document.getAnimations()) {
      if (a.effect?.getComputedTiming().iterations !== Infinity) a.finish();
    }
    const { axe } = window as unknown as { axe: { run(context: Element | Document, options: RunOptions): Promise<AxeResults> } };
    const results = [await axe.run(document, o)];
    const modal = document.querySelector('dialog:modal');
    const clipping: HTMLElement[] = [];
    for (let el = modal?.parentElement ?? null; el && el !== document.body; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') clipping.push(el);
    }
    if (modal && clipping.length > 0) {
      const saved = clipping.map((el) => ({ el, style: el.getAttribute('style'), top: el.scrollTop, left: el.scrollLeft }));
      for (const el of clipping) el.style.setProperty('overflow', 'visible', 'important');
      try {
        results.push(await axe.run(modal, o));
      } finally {
        for (const { el, style, top, left } of saved) {
          if (style === null) el.removeAttribute('style');
          else el.setAttribute('style', style);
          el.scrollTo({ top, left });
        }
      }
    }
    // one entry per rule, each element once (the dialog's run repeats what the first run saw)
    const byRule = new Map<string, Violation>();
    for (const v of results.flatMap((r) => r.violations)) {
      const entry = byRule.get(v.id) ?? { id: v.id, impact: v.impact, help: v.help, nodes: [] };
      for (const n of v.nodes) {
        const target = n.target.map(String);
        if (!entry.nodes.some((m) => m.target.join(' ') === target.join(' '))) entry.nodes.push({ target, html: n.html, failureSummary: n.failureSummary });
      }
      byRule.set(v.id, entry);
    }
    return [...byRule.values()];
  }, options);
  expect.soft(describeViolations(violations), `axe (${WCAG_TAGS.join(', ')}) on ${screen}`).toEqual([]);
}

