import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Checks every e2e test runs on the page states it reaches:
 * - `audit`: axe-core (from node_modules, evaluated in the page: nothing is downloaded) fails on any
 *   violation of impact serious or critical, naming the rule and the elements;
 * - `noInternalWords`: the visible text of a Chinese page holds no internal token (enum values, actor roles,
 *   field names, logins);
 * - `screenshot`: a small PNG under docs/screenshots/ for docs/console.md, only when DOCS_SCREENSHOTS=1
 *   (`npm run screenshots`): a plain test run leaves the working tree as it found it.
 */

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeScript: string | undefined;
const axeSource = () => {
  axeScript ??= readFileSync(axePath, 'utf8');
  return axeScript;
};

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

/** Serious and critical axe violations of the page as it is now (empty when there are none). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol rather than a script tag: the pages' CSP (script-src 'self')
  // rightly refuses inline scripts, and the audit must not weaken it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    interface Result {
      violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown }[] }[];
    }
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<Result> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => String(node.target)),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Fails with the rule ids and elements when the page has a serious or critical violation. */
export async function audit(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0)
    throw new Error(
      `axe (${state}): ${violations
        .map(
          (violation) =>
            `${violation.id} [${violation.impact}] ${violation.help}: ${violation.targets.join(', ')}`,
        )
        .join('; ')}`,
    );
}

/**
 * Words that must never show on a Chinese page. Whole words only: an English word inside a sentence the page
 * offers in English (the language switch) is not on a Chinese page, and tracking codes (HY-…) are fine.
 */
export const internalWords =
  /\b(public|system|dissatisfied|basically_satisfied|satisfied|undefined|null|NaN|unitId|caseId|categoryCode|jurisdictionCode|manual assignment|rule R\d+|handler-[a-z0-9-]+|liaison-[a-z0-9-]+|supervisor|admin|acknowledged|assigned|triage|reopened|surveyAnswered|delivered|console|webhook|statutory|username|displayName|studioId|nameZh|nameEn|contactEmail|triageUnitId|ruleId|policyId|templateId|categoryCodes|jurisdictionCodes|extensionCap|true|false)\b/g;

/** The internal tokens visible on the page (inputs' values and hidden parts excluded). */
export async function internalTokens(page: Page, root = 'body'): Promise<string[]> {
  // Identifiers an admin manages as such (a login in the accounts table, marked `data-identifier`) are left out
  // for the reading, then shown again.
  const hide = (hidden: boolean) =>
    page.evaluate((on) => {
      for (const element of document.querySelectorAll<HTMLElement>('[data-identifier]'))
        element.style.visibility = on ? 'hidden' : '';
    }, hidden);
  await hide(true);
  let text: string;
  try {
    // biome-ignore lint/performance/useDomNodeTextContent: the visible text is the point (hidden parts are not shown)
    text = await page.locator(root).innerText();
  } finally {
    await hide(false);
  }
  return [...new Set(text.match(internalWords) ?? [])];
}

export async function noInternalWords(page: Page, state: string, root = 'body'): Promise<void> {
  const found = await internalTokens(page, root);
  if (found.length > 0) throw new Error(`internal words on a Chinese page (${state}): ${found.join(', ')}`);
}

/** Both checks on one page state. */
export async function checkPage(page: Page, state: string): Promise<void> {
  await audit(page, state);
  await noInternalWords(page, state);
}

const screenshots = resolve(import.meta.dirname, '../../docs/screenshots');

/** A PNG for the docs, of the viewport only (kept small). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.DOCS_SCREENSHOTS !== '1') return;
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: resolve(screenshots, `${name}.png`), animations: 'disabled' });
}
