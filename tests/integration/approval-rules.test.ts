/**
 * Approval rules through the real engines: the rules API (read, history, an admin's save with
 * its compare-and-set: a stale or simultaneous save gets 409, hostile input 400 with nothing
 * written), the agents' locked write path auto-approving what the rules let run (and nothing
 * else), and decisions that need the rule's approver and record the rule version in force.
 * Alerts are written the way every agent writes them (jobs/agents/apply.ts), from hand-made
 * findings whose values are worked against the default rules (reorder: X = 500, Y = 5,000).
 */
import { decisionCounts } from '@/lib/clickhouse/queries/alerts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { AlertCard } from '@/components/alerts/AlertCard'
import { ApprovalRules as ApprovalRulesSection } from '@/components/governance/ApprovalRules'
import { applyEvaluations, type Evaluation } from '@/jobs/agents/apply'
import { alertKey } from '@/lib/alerts/hygiene'
import { alertWithId, currentAlertsByKey } from '@/lib/clickhouse/queries/alerts'
import type { AgentFinding, AlertType } from '@/lib/alerts/types'
import type { AlertDetail } from '@/lib/alerts/api-schemas'
import type { RuleSetBody } from '@/lib/actions/rules-api'
import { DEFAULT_RULES, type ApprovalRules } from '@/lib/actions/rules'
import { sessionCookie } from '../helpers/socket'
import { createTestRuntime, INGEST_SECRET, READ_SECRET, type TestRuntime } from '../helpers/runtime'
import { alertStoreDeps } from '../helpers/agents'
import { handleDecideAlert, handleGetAlert, handleGetRules, handleRuleVersions, handleSaveRules } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('approval-rules.test.ts')

const ACTIONS_SECRET = 'test-actions-secret'
let t: TestRuntime

beforeAll(async () => {
  t = await createTestRuntime({ workers: false, env: { API_KEYS: `pos:${INGEST_SECRET}:ingest,dash:${READ_SECRET}:read,erp:${ACTIONS_SECRET}:actions+read` } })
}, 60_000)

afterAll(async () => {
  await t?.cleanup()
})

async function session(userId: string): Promise<Record<string, string>> {
  // A real server-side session (lib/auth/session.ts), as signing in makes.
  return { cookie: await sessionCookie(t.rt, userId) }
}
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })
const getRules = (headers: Record<string, string> = bearer(READ_SECRET)) => handleGetRules(t.rt, new Request('http://t/api/v1/approval-rules', { headers }))
const versions = (headers: Record<string, string> = bearer(READ_SECRET)) => handleRuleVersions(t.rt, new Request('http://t/api/v1/approval-rules/versions', { headers }))
const save = (headers: Record<string, string>, body: unknown, raw?: string) =>
  handleSaveRules(t.rt, new Request('http://t/api/v1/approval-rules', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw ?? JSON.stringify(body) }))
const decide = (id: string, headers: Record<string, string>, body: unknown) =>
  handleDecideAlert(t.rt, new Request(`http://t/api/v1/alerts/${id}/decision`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }), id)
async function detail(id: string): Promise<AlertDetail> {
  const res = await handleGetAlert(t.rt, new Request(`http://t/api/v1/alerts/${id}`, { headers: bearer(READ_SECRET) }), id)
  expect(res.status).toBe(200)
  return res.json()
}
const currentVersion = async () => ((await (await getRules()).json()) as RuleSetBody).version

/** An agent raising one card through the agents' own write path; returns the alert as stored. */
async function raise(sku: string, over: { type?: AlertType; severity?: AgentFinding['severity']; confidence?: number; quantity?: number; cost?: number } = {}) {
  const type = over.type ?? 'stockout_risk'
  const scope = { sku, location: 'S1', channel: '', supplier: '' }
  const quantity = over.quantity ?? 120
  const finding: AgentFinding = {
    type,
    scope,
    signal: 0.9,
    severity: over.severity ?? 'high',
    value_at_risk: 800,
    why: 'Stockout probability 90 % within the lead time.',
    recommendation: { action: 'reorder', quantity, cost: over.cost ?? 240, value: 900, summary: `Order ${quantity} units` },
    confidence: over.confidence ?? 0.8,
    agent: 'stockout-risk',
    model_version: 'test-1',
  }
  const evaluation: Evaluation = { type, scope, signal: 0.9, finding, rule: { open: 0.5, clear: 0.3, open_after: 1, clear_after: 1 } }
  const result = await applyEvaluations(alertStoreDeps(t), [evaluation])
  expect(result.skipped).toEqual([])
  const stored = (await currentAlertsByKey(t.rt.clickhouse.interactive, [alertKey(type, scope)])).get(alertKey(type, scope))!
  return { alert: stored, result }
}

const withReorder = (auto_below: number, planner_up_to: number): ApprovalRules => ({ ...DEFAULT_RULES, thresholds: { ...DEFAULT_RULES.thresholds, reorder: { auto_below, planner_up_to } } })

describe('approval rules', () => {
  it('serves version 1, the defaults, to a read key or a session, and refuses others', async () => {
    const res = await getRules()
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ version: 1, rules: DEFAULT_RULES, changed_by: 'system' })
    expect((await getRules(await session('u-exec'))).status).toBe(200)
    expect((await getRules({})).status).toBe(401)
    expect((await getRules(bearer(INGEST_SECRET))).status).toBe(403)
    const v = await versions()
    expect(v.status).toBe(200)
    expect((await v.json()).versions.map((x: RuleSetBody) => x.version)).toEqual([1])
    expect((await versions({})).status).toBe(401)
    expect((await versions(bearer(INGEST_SECRET))).status).toBe(403)
  })

  it('auto-approves a small routine reorder as the rule, in the agents write, and records the version', async () => {
    const { alert, result } = await raise('SMALL')
    expect(result).toMatchObject({ written: 1, opened: 1, auto_approved: 1 })
    expect(alert.status).toBe('approved')
    const d = await detail(alert.id)
    expect(d.history.map((h) => [h.from, h.to, h.actor.kind, h.actor.id, h.rule_version])).toEqual([
      ['none', 'open', 'agent', 'agent:stockout-risk', null],
      ['open', 'approved', 'system', 'rule:v1', 1],
    ])
    expect(d.history[1].reason).toBe('approved by rule v1: reorder with order value 240 below 500')
    // Decided: a person cannot decide it again.
    expect((await decide(alert.id, bearer(ACTIONS_SECRET), { decision: 'reject', reason: 'other' })).status).toBe(409)
    // Nobody's decision: the acceptance and override rates leave it out (no row for the rule, none for the agent).
    const counts = await decisionCounts(t.rt.clickhouse.interactive, { by: 'planner', since: '2000-01-01 00:00:00', location: alert.scope.location, allowed: [] })
    expect(counts.filter((c) => c.key.startsWith('rule') || c.key.includes('approval rule'))).toEqual([])
    expect(counts.reduce((n, c) => n + c.approved + c.modified + c.rejected, 0)).toBe(0)
  })

  it('leaves a critical alert, a replenishment exception and a low-confidence one to a person', async () => {
    for (const [sku, over] of [
      ['CRIT', { severity: 'critical' as const }],
      ['EXC', { type: 'replenishment_exception' as const, confidence: 0.4 }],
      ['LOWCONF', { confidence: 0.2 }],
    ] as const) {
      const { alert, result } = await raise(sku, over)
      expect(result.auto_approved, sku).toBe(0)
      expect(alert.status, sku).toBe('open')
      expect((await detail(alert.id)).history.map((h) => h.to), sku).toEqual(['open'])
    }
  })

  it("sends a large reorder to an operations manager: a planner's and a key's approval get 403, an ops manager's passes", async () => {
    const { alert } = await raise('BIG', { quantity: 1_240, cost: 12_400 })
    expect(alert.status).toBe('open')
    const planner = await decide(alert.id, await session('u-planner'), { decision: 'approve' })
    expect(planner.status).toBe(403)
    expect((await planner.json()).error).toBe('needs an operations manager: order value 12,400 above 5,000 (approval rules v1); a planner may not approve it: an operations manager must')
    expect((await decide(alert.id, bearer(ACTIONS_SECRET), { decision: 'approve' })).status).toBe(403)
    // The card says who must approve, and at a quantity typed on it, what that would need.
    const card = await detail(alert.id)
    const noop = () => {}
    const cardHtml = (quantity: string) =>
      renderToStaticMarkup(
        createElement(AlertCard, {
          alert: card, selected: true, checked: false, canDecide: true, busy: false, quantity,
          rules: { version: 1, rules: DEFAULT_RULES }, register: noop, onSelect: noop, onAction: noop, onCheck: noop, onQuantity: noop,
        }),
      )
    expect(cardHtml('')).toContain('Needs an operations manager: order value 12,400 above 5,000 (rules v1)')
    expect(cardHtml('400')).toContain('Needs a planner: order value 4,000 from 500 to 5,000 (rules v1)')
    // Nothing was written by the refusals.
    expect((await detail(alert.id)).history.map((h) => h.to)).toEqual(['open'])
    // A planner may still acknowledge it (only letting it run needs the approver); that decision records the version too.
    const ack = await decide(alert.id, await session('u-planner'), { decision: 'acknowledge' })
    expect(ack.status).toBe(200)
    expect(((await ack.json()) as AlertDetail).history.at(-1)).toMatchObject({ to: 'acknowledged', rule_version: 1 })
    const ops = await decide(alert.id, await session('u-ops'), { decision: 'approve', reason: 'checked with the buyer' })
    expect(ops.status).toBe(200)
    const d = (await ops.json()) as AlertDetail
    expect(d.status).toBe('approved')
    expect(d.history.at(-1)).toMatchObject({ to: 'approved', actor: { kind: 'person', id: 'u-ops' }, rule_version: 1 })
  })

  it('judges a modification by the value decided: a planner cannot raise 120 units (1,200) to 600 (6,000)', async () => {
    const { alert } = await raise('MOD', { quantity: 120, cost: 1_200 })
    expect(alert.status).toBe('open') // 1,200 is from X to Y: a planner's
    const up = await decide(alert.id, await session('u-planner'), { decision: 'modify', quantity: 600, reason: 'quantity too low' })
    expect(up.status).toBe(403)
    expect((await up.json()).error).toContain('order value 6,000 above 5,000')
    const down = await decide(alert.id, await session('u-planner'), { decision: 'modify', quantity: 100, reason: 'quantity too high' })
    expect(down.status).toBe(200)
    expect(((await down.json()) as AlertDetail).history.at(-1)).toMatchObject({ to: 'modified', quantity_after: 100, rule_version: 1 })
  })

  it('lets only an admin signed in save rules, refuses hostile input naming the field, and writes nothing then', async () => {
    const good = { expected_version: 1, rules: withReorder(400, 1_000), reason: 'tighter reorder limits for the quarter end' }
    expect((await save({}, good)).status).toBe(401)
    expect((await save(bearer(READ_SECRET), good)).status).toBe(403)
    expect((await save(bearer(ACTIONS_SECRET), good)).status).toBe(403)
    const planner = await save(await session('u-planner'), good)
    expect(planner.status).toBe(403)
    expect((await planner.json()).error).toContain('an admin does')
    const admin = await session('u-admin')
    const bad: [unknown, string][] = [
      [{ ...good, rules: withReorder(2_000, 1_000) }, 'rules.thresholds.reorder.auto_below'],
      [{ ...good, rules: withReorder(-1, 1_000) }, 'rules.thresholds.reorder.auto_below'],
      [{ ...good, rules: { ...DEFAULT_RULES, confidence_floor: 2 } }, 'rules.confidence_floor'],
      [{ ...good, reason: '   ' }, 'reason'],
      [{ ...good, reason: 'limits\u0000' }, 'reason'],
      [{ ...good, rules: { ...DEFAULT_RULES, thresholds: { ...DEFAULT_RULES.thresholds, reorder: { auto_below: '500', planner_up_to: 5_000 } } } }, 'rules.thresholds.reorder.auto_below'],
      [{ ...good, expected_version: 0 }, 'expected_version'],
      [{ ...good, extra: 1 }, ''],
    ]
    for (const [body, field] of bad) {
      const res = await save(admin, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect((await res.json()).errors.map((e: { path: string }) => e.path), JSON.stringify(body)).toContain(field)
    }
    const infinite = await save(admin, null, JSON.stringify(good).replace('"planner_up_to":1000', '"planner_up_to":1e999'))
    expect(infinite.status).toBe(400)
    expect((await save(admin, null, '{"expected_version":')).status).toBe(400)
    expect((await save({ ...admin, 'content-type': 'text/plain' }, good)).status).toBe(415)
    expect((await save(admin, null, JSON.stringify({ ...good, reason: 'x'.repeat(20_000) }))).status).toBe(413)
    expect(await currentVersion()).toBe(1)
    expect((await (await versions()).json()).versions).toHaveLength(1)
  })

  it('renders the governance section with a labelled input per threshold and the history', async () => {
    const current = (await (await getRules()).json()) as RuleSetBody
    const history = ((await (await versions()).json()) as { versions: RuleSetBody[] }).versions
    const html = renderToStaticMarkup(createElement(ApprovalRulesSection, { initial: current, initialVersions: history, canEdit: true }))
    const inputs = [...html.matchAll(/<input[^>]*>/g)].map((m) => m[0])
    expect(inputs).toHaveLength(11) // X and Y for five action types, and the floor
    for (const i of inputs) expect(i).toMatch(/aria-label="[^"]+"/)
    expect(html).toContain('aria-label="Reorder: runs by itself below (X)"')
    expect(html).toContain('value="5000"')
    expect(html).toMatch(/<textarea[^>]*id="[^"]+-reason"[^>]*required/)
    expect(html).toContain(`Save as version ${current.version + 1}`)
    expect(html.match(/<tr class="border-t/g)?.length).toBe(5 + history.length)
  })

  it('saves gap-free versions: of two saves on the same version one wins, the other and a stale one get 409', async () => {
    const admin = await session('u-admin')
    const a = { expected_version: 1, rules: withReorder(400, 1_000), reason: 'quarter end' }
    const b = { expected_version: 1, rules: withReorder(100, 900), reason: 'someone else' }
    const [ra, rb] = await Promise.all([save(admin, a), save(admin, b)])
    expect([ra.status, rb.status].sort()).toEqual([200, 409])
    const won = (await (ra.status === 200 ? ra : rb).json()) as RuleSetBody
    const lost = await (ra.status === 409 ? ra : rb).json()
    expect(won).toMatchObject({ version: 2, changed_by: 'u-admin', changed_by_name: 'Ada Admin' })
    expect(lost.current_version).toBe(2)
    const stale = await save(admin, { ...a, reason: 'from an old tab' })
    expect(stale.status).toBe(409)
    expect((await stale.json()).error).toContain('version 2')
    const listed = ((await (await versions()).json()).versions as RuleSetBody[]).map((v) => [v.version, v.changed_by])
    expect(listed).toEqual([[2, 'u-admin'], [1, 'system']])
    // The winner is in force (the save forgot this process's cache).
    expect(((await (await getRules()).json()) as RuleSetBody).rules).toEqual(won.rules)
  })

  it('makes the next decision carry the new version, and applies its limits at once', async () => {
    const admin = await session('u-admin')
    const before = await currentVersion()
    const { alert } = await raise('AFTER', { quantity: 120, cost: 1_200 })
    expect(alert.status).toBe('open')
    // Y for reorders drops to 1,000: the open 1,200 order is now an operations manager's.
    const saved = await save(admin, { expected_version: before, rules: withReorder(500, 1_000), reason: 'large orders need ops' })
    expect(saved.status).toBe(200)
    const next = before + 1
    expect(((await saved.json()) as RuleSetBody).version).toBe(next)
    const planner = await decide(alert.id, await session('u-planner'), { decision: 'approve' })
    expect(planner.status).toBe(403)
    expect((await planner.json()).error).toContain(`order value 1,200 above 1,000 (approval rules v${next})`)
    const ops = await decide(alert.id, await session('u-ops'), { decision: 'approve' })
    expect(ops.status).toBe(200)
    expect(((await ops.json()) as AlertDetail).history.at(-1)).toMatchObject({ to: 'approved', rule_version: next })
    // And the agents' write path uses it too: a small order is approved as rule v<next>.
    const small = await raise('SMALL2')
    expect(small.alert.status).toBe('approved')
    expect((await detail(small.alert.id)).history.at(-1)).toMatchObject({ actor: { id: `rule:v${next}` }, rule_version: next })
    expect((await alertWithId(t.rt.clickhouse.interactive, small.alert.id))?.status).toBe('approved')
  })
})
