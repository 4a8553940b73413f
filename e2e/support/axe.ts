/**
 * One axe run on the page as it is, with the WCAG 2.2 A/AA rule tags, and a report a reader can
 * fix from: each violation's rule, impact, what it means and the elements it found.
 */
import AxeBuilder from '@axe-core/playwright'
import { appendFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import type { Result } from 'axe-core'

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
export const BLOCKING_IMPACTS = ['serious', 'critical']

export interface AxeOutcome {
  blocking: Result[]
  byImpact: Record<string, number>
}

export async function runAxe(page: Page): Promise<AxeOutcome> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
  const byImpact: Record<string, number> = {}
  for (const v of violations) byImpact[v.impact ?? 'unknown'] = (byImpact[v.impact ?? 'unknown'] ?? 0) + v.nodes.length
  return { blocking: violations.filter((v) => BLOCKING_IMPACTS.includes(v.impact ?? '')), byImpact }
}

/** The violations as lines: rule id, impact, help and link, then each element's selector and summary. */
export function describeViolations(violations: Result[], maxNodes = 8): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.slice(0, maxNodes).map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n\s*/g, ' ')}`)
      const more = v.nodes.length > maxNodes ? [`    … and ${v.nodes.length - maxNodes} more`] : []
      return [`  ${v.id} (${v.impact}, ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}): ${v.help} ${v.helpUrl}`, ...nodes, ...more].join('\n')
    })
    .join('\n')
}

/** With A11Y_REPORT=<file>, one JSON line per check (elements in violation by impact), for figures. */
export function recordOutcome(check: string, outcome: AxeOutcome): void {
  const file = process.env.A11Y_REPORT
  if (file) appendFileSync(file, `${JSON.stringify({ check, ...outcome.byImpact })}\n`)
}
