/**
 * Where the approval rules are kept (migration 022, lib/clickhouse/queries/rules.ts): append-only
 * versions in ClickHouse, the current one the highest; version 1 is the defaults in code
 * (DEFAULT_RULE_SET) until an admin saves another.
 *
 * Saving is a compare-and-set on the version the admin was looking at: take a short key in Redis
 * named by that version (SET NX with an expiry, so a writer killed mid-save blocks nobody for
 * long), read the highest stored version under it, and append expected + 1 only when that is
 * still `expected`. Two admins saving on the same version: one appends, the other is told the
 * version moved (409). Versions are therefore gap-free, and the record is ClickHouse's rows.
 *
 * The current rules are cached in the process for CACHE_MS (every decision and every agent write
 * reads them); a save in this process forgets its cache at once, other processes see it within
 * CACHE_MS.
 */
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { ClickHouse } from '@/lib/clickhouse/client'
import { appendRuleVersions, latestStoredRules, storedRuleVersions, type StoredRuleSet } from '@/lib/clickhouse/queries/rules'
import { rulesCasKey } from '@/lib/redis-keys'
import { recordAudit } from '@/lib/audit/store'
import { DEFAULT_RULE_SET, type ApprovalRules } from './rules'

export interface RulesDeps {
  redis: Redis
  prefix: string
  clickhouse: ClickHouse
}

export const CACHE_MS = 5_000
const CAS_MS = 10_000
const WAIT_MS = 3_000
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`

const DEFAULTS: StoredRuleSet = { ...DEFAULT_RULE_SET, changed_by_name: 'StockPulse defaults' }
const cache = new WeakMap<ClickHouse, { at: number; value: StoredRuleSet }>()

async function readCurrent(clickhouse: ClickHouse): Promise<StoredRuleSet> {
  return (await latestStoredRules(clickhouse.interactive)) ?? DEFAULTS
}

/** The rules in force (cached briefly in the process). */
export async function currentRules(deps: Pick<RulesDeps, 'clickhouse'>): Promise<StoredRuleSet> {
  const hit = cache.get(deps.clickhouse)
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value
  const value = await readCurrent(deps.clickhouse)
  cache.set(deps.clickhouse, { at: Date.now(), value })
  return value
}

/** Every version, newest first; version 1 (the defaults) while nothing was saved. */
export async function ruleHistory(deps: Pick<RulesDeps, 'clickhouse'>, limit = 200): Promise<StoredRuleSet[]> {
  const stored = await storedRuleVersions(deps.clickhouse.interactive, limit)
  return stored.length ? stored : [DEFAULTS]
}

export type SaveResult = { ok: true; saved: StoredRuleSet; previous: StoredRuleSet } | { ok: false; current: StoredRuleSet }

/**
 * Append `rules` as version expected + 1, when `expected` is still the current version; otherwise
 * the current one, unchanged. A save that finds another save on the same version under way waits
 * for it (up to WAIT_MS), then finds the version moved and is refused.
 * Audited as 'rule.change' with the rule sets before and after.
 */
export async function saveRules(
  deps: RulesDeps,
  input: { expected_version: number; rules: ApprovalRules; reason: string },
  by: { id: string; name: string },
  now = new Date().toISOString(),
): Promise<SaveResult> {
  const key = rulesCasKey(deps.prefix, input.expected_version)
  const token = randomUUID()
  // Another save on the same version holds it: wait for it to finish (it either moved the version,
  // and this one is stale, or failed, and this one may go), up to WAIT_MS.
  const deadline = Date.now() + WAIT_MS
  while ((await deps.redis.set(key, token, 'PX', CAS_MS, 'NX')) !== 'OK') {
    if (Date.now() >= deadline) return { ok: false, current: await readCurrent(deps.clickhouse) }
    await new Promise((r) => setTimeout(r, 25))
  }
  try {
    const stored = await latestStoredRules(deps.clickhouse.interactive)
    const previous = stored ?? DEFAULTS
    if (previous.version !== input.expected_version) return { ok: false, current: previous }
    const saved: StoredRuleSet = { version: previous.version + 1, rules: input.rules, changed_by: by.id, changed_by_name: by.name, changed_at: now, reason: input.reason }
    // The first save writes the defaults it replaces as version 1 too: the history has no hole.
    await appendRuleVersions(deps.clickhouse, stored ? [saved] : [DEFAULTS, saved])
    cache.delete(deps.clickhouse)
    await recordAudit(deps, [
      {
        kind: 'rule.change',
        actor: { kind: 'person', id: by.id, name: by.name },
        subject_type: 'rule',
        subject_id: 'approval_rules',
        before: { version: previous.version, rules: previous.rules },
        after: { version: saved.version, rules: saved.rules },
        reason: input.reason,
        inputs: { expected_version: input.expected_version },
        model_version: '',
        at: now,
      },
    ])
    return { ok: true, saved, previous }
  } finally {
    await deps.redis.eval(RELEASE, 1, key, token)
  }
}
