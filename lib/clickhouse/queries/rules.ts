/**
 * Approval rules in ClickHouse (migration 022): the current version (the highest), every version
 * newest first, and the append. Writers take the compare-and-set in Redis first
 * (lib/actions/rules-store.ts); a retried append of the same version replaces itself.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import type { ClickHouse } from '../client'
import { defineQuery } from '../query'
import type { ApprovalRules, RuleSetVersion } from '@/lib/actions/rules'

const ruleRow = z.object({
  version: z.coerce.number(),
  rules: z.string(),
  changed_by: z.string(),
  changed_by_name: z.string(),
  changed_at: z.string().transform((s) => `${s.replace(' ', 'T')}Z`),
  reason: z.string(),
})
const COLUMNS = 'version, rules, changed_by, changed_by_name, toString(changed_at) AS changed_at, reason'

export interface StoredRuleSet extends RuleSetVersion {
  changed_by_name: string
}

const storedOf = (r: z.infer<typeof ruleRow>): StoredRuleSet => ({
  version: r.version,
  rules: JSON.parse(r.rules) as ApprovalRules,
  changed_by: r.changed_by,
  changed_by_name: r.changed_by_name,
  changed_at: r.changed_at,
  reason: r.reason,
})

const latestRuleSet = defineQuery({
  name: 'rules.latest',
  sql: `SELECT ${COLUMNS} FROM approval_rules ORDER BY version DESC LIMIT 1`,
  params: z.object({}),
  row: ruleRow,
})

/** The highest stored version, or undefined while none was saved (the defaults apply). */
export async function latestStoredRules(ch: ClickHouseClient): Promise<StoredRuleSet | undefined> {
  const [row] = await latestRuleSet(ch, {})
  return row ? storedOf(row) : undefined
}

const ruleVersions = defineQuery({
  name: 'rules.versions',
  sql: `SELECT ${COLUMNS} FROM approval_rules ORDER BY version DESC LIMIT 1 BY version LIMIT {limit:UInt32}`,
  params: z.object({ limit: z.number().int().min(1).max(10_000) }),
  row: ruleRow,
})

/** Stored versions, newest first. */
export async function storedRuleVersions(ch: ClickHouseClient, limit = 200): Promise<StoredRuleSet[]> {
  return (await ruleVersions(ch, { limit })).map(storedOf)
}

export async function appendRuleVersions(clickhouse: ClickHouse, versions: StoredRuleSet[]): Promise<void> {
  await clickhouse.insertRows(
    'interactive',
    'approval_rules',
    versions.map((v) => ({ version: v.version, rules: JSON.stringify(v.rules), changed_by: v.changed_by, changed_by_name: v.changed_by_name, changed_at: v.changed_at, reason: v.reason })),
    { date_time_input_format: 'best_effort' },
  )
}
