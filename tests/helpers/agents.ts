/**
 * What the agents' integration tests share: the alert store's dependencies from a test runtime,
 * landing events through the ingest API (202, then drained), and taking the every-15-minutes sweep
 * schedule away so that the sweeps a test counts are its own.
 */
import { expect } from 'vitest'
import type { ExecuteDeps } from '@/lib/actions/execute'
import { AGENTS_SWEEP_SCHEDULE } from '@/lib/queues'
import { DEFAULT_RULES } from '@/lib/actions/rules'
import { currentRules, saveRules } from '@/lib/actions/rules-store'
import { EXECUTABLE_ACTIONS } from '@/lib/actions/types'
import { handleIngest } from './api'
import { drainIngest, ingestRequest, waitFor, type TestRuntime } from './runtime'

export const alertStoreDeps = (t: TestRuntime): ExecuteDeps => ({ redis: t.rt.redis, prefix: t.rt.redisPrefix, clickhouse: t.rt.clickhouse, emitter: t.rt.emitter, deliver: t.rt.queues.deliver, attempts: t.rt.config.WEBHOOK_ATTEMPTS })

/** Post events through the ingest API, expect 202, and wait until they have landed. */
export async function ingestLanded(t: TestRuntime, events: Record<string, unknown>[]): Promise<void> {
  expect((await handleIngest(t.rt, ingestRequest(events))).status).toBe(202)
  await drainIngest(t.rt)
}

/** Remove the scheduled sweep once the worker has registered it: no sweep but the test's own. */
export async function stopScheduledSweeps(t: TestRuntime): Promise<void> {
  await waitFor(async () => (await t.rt.queues.agents.getJobSchedulers()).some((j) => j.key === AGENTS_SWEEP_SCHEDULE.id))
  await t.rt.queues.agents.removeJobScheduler(AGENTS_SWEEP_SCHEDULE.id)
}

/**
 * Save approval rules under which nothing runs by itself (X = 0 for every action type), for the
 * tests of the agents' own lifecycle (open, update, clear): their cards must wait for a person, as
 * they did before approval rules. The rules themselves are tested in approval-rules.test.ts.
 */
export async function everyCardToAPerson(t: TestRuntime): Promise<void> {
  const deps = { redis: t.rt.redis, prefix: t.rt.redisPrefix, clickhouse: t.rt.clickhouse }
  const current = await currentRules(deps)
  const thresholds = Object.fromEntries(EXECUTABLE_ACTIONS.map((a) => [a, { auto_below: 0, planner_up_to: DEFAULT_RULES.thresholds[a].planner_up_to }])) as typeof DEFAULT_RULES.thresholds
  const out = await saveRules(deps, { expected_version: current.version, rules: { ...DEFAULT_RULES, thresholds }, reason: 'test: every card waits for a person' }, { id: 'test', name: 'Test' })
  expect(out.ok).toBe(true)
}

/** Location events of one DC, DC1 (region west), and the two stores it feeds, S1 and S2, as of `at`. */
export const dcWithTwoStores = (at: string): Record<string, unknown>[] => [
  { type: 'location', event_id: 'loc-DC1', ts: at, location: 'DC1', kind: 'dc', region: 'west' },
  { type: 'location', event_id: 'loc-S1', ts: at, location: 'S1', kind: 'store', region: 'west', parent: 'DC1' },
  { type: 'location', event_id: 'loc-S2', ts: at, location: 'S2', kind: 'store', region: 'west', parent: 'DC1' },
]
