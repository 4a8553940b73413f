/**
 * The decision loop in Chromium, on a StockPulse of this test's own started as `npm start` starts
 * it, with the simulated retailer streaming: an admin sets the approval rules so that every action
 * needs a person; the stockout-risk agent recommends a transfer from a store's DC; a planner
 * approves it by keyboard in the inbox; the action is delivered, signed, to the simulated retailer,
 * which moves its stock and calls back; the card shows it confirmed; the audit trail holds each
 * step and its chain verifies. Then, with the server stopped, one audit row is altered on disk;
 * started again, the check names that row.
 */
import { expect, test, type Browser, type Page } from '@playwright/test'
import { spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deleteKeysWithPrefix } from '../lib/redis'
import { DEFAULT_RULES, type ApprovalRules } from '../lib/actions/rules'
import type { AlertBody } from '../lib/alerts/api-schemas'
import { selectByKeys } from './support/inbox'
import { startOwnServer, stopOwnServer } from './support/own-server'

const PORT = Number(process.env.E2E_PORT ?? 3217) + 2
const BASE = `http://127.0.0.1:${PORT}`
const SESSION_SECRET = 'e2e-decision-loop-session-secret-0123456789'

const start = (dataDir: string, prefix: string, simulator: boolean): ChildProcess =>
  startOwnServer({ port: PORT, dataDir, prefix, sessionSecret: SESSION_SECRET, env: { SIMULATOR: simulator ? 'on' : 'off', SIMULATOR_BACKFILL_DAYS: '60', SIMULATOR_SPEED: '60' } })
const stop = stopOwnServer

const up = () => expect(async () => expect((await fetch(`${BASE}/api/health`)).status).toBe(200)).toPass({ timeout: 240_000, intervals: [500] })

async function signIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: BASE })).newPage()
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('stockpulse')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(/\/board/)
  return page
}

test('a planner approves a transfer; it is delivered, the simulated stock moves, the trail holds each step and its check names an altered row', async ({ browser }) => {
  test.setTimeout(600_000)
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-loop-'))
  const prefix = `spe2eloop${Date.now().toString(36)}`
  let child = start(dataDir, prefix, true)
  try {
    await up()
    // Before the first sweep (the simulator is still landing its history): every action needs a person.
    const admin = await signIn(browser, 'admin@stockpulse.demo')
    const rules: ApprovalRules = structuredClone(DEFAULT_RULES)
    for (const t of Object.values(rules.thresholds)) t.auto_below = 0
    const saved = await admin.request.post('/api/v1/approval-rules', { headers: { origin: BASE }, data: { expected_version: 1, rules, reason: 'e2e: every action to a person' } })
    expect(saved.status(), await saved.text()).toBe(200)
    const health = await (await fetch(`${BASE}/api/health`)).json()
    expect(health.simulator, 'the rules were saved before the first sweep').not.toBe('live')

    // The stockout-risk agent recommends a transfer from a DC-fed store's DC.
    let transfer: AlertBody | undefined
    await expect(async () => {
      const answer = (await (await admin.request.get('/api/v1/alerts?status=open&type=stockout_risk&limit=500')).json()) as { alerts: AlertBody[] }
      transfer = answer.alerts.find((a) => a.recommendation.action === 'transfer' && a.recommendation.quantity > 0)
      expect(transfer).toBeTruthy()
    }).toPass({ timeout: 300_000, intervals: [2_000] })
    const card = transfer!

    // A planner approves it by keyboard.
    const planner = await signIn(browser, 'planner@stockpulse.demo')
    await planner.goto(`/alerts?status=all&type=stockout_risk&location=${encodeURIComponent(card.scope.location)}`)
    const el = await selectByKeys(planner, card.id)
    await expect(el.getByTestId('alert-approver')).toContainText(/Needs a planner/)
    await planner.keyboard.press('a')
    await expect(el.getByTestId('alert-status')).toHaveAttribute('data-status', /approved|executed/)

    // Delivered to the simulated retailer, applied, confirmed by its callback: the card says so as it changes.
    await expect(el.getByTestId('alert-action')).toHaveAttribute('data-action-status', 'confirmed', { timeout: 90_000 })
    const actions = (await (await planner.request.get(`/api/v1/actions?alert_id=${encodeURIComponent(card.id)}`)).json()) as { actions: { action_id: string; kind: string; status: string; detail: string; from_location?: string; approved_by: { kind: string } }[] }
    expect(actions.actions).toHaveLength(1)
    const action = actions.actions[0]
    expect(action).toMatchObject({ kind: 'transfer', status: 'confirmed', from_location: card.recommendation.from_location, approved_by: { kind: 'person' } })
    // The simulated stock moved: the retailer's note names the transfer it made.
    expect(action.detail).toMatch(new RegExp(`^transfer \\S+: \\d+ units ${card.recommendation.from_location} -> ${card.scope.location}`))

    // The audit trail holds each step; an admin sees them on /governance and the chain verifies there.
    type Entry = { seq: number; kind: string; subject_id: string }
    const entries = async (subject: string) => ((await (await admin.request.get(`/api/v1/audit?subject_id=${encodeURIComponent(subject)}`)).json()) as { entries: Entry[] }).entries
    // The callback's status lands before its audit entry (the record first, then the trail): poll.
    let steps: Entry[] = []
    await expect(async () => {
      steps = await entries(action.action_id)
      expect(steps.map((e) => e.kind)).toEqual(expect.arrayContaining(['action.created', 'action.delivery', 'action.callback']))
      const transitions = await entries(card.id)
      expect(transitions.filter((e) => e.kind === 'alert.transition').length).toBeGreaterThanOrEqual(3) // opened, approved, executed
    }).toPass({ timeout: 20_000, intervals: [500] })
    await admin.goto('/governance#audit')
    await admin.getByRole('button', { name: /Verify chain/ }).click()
    await expect(admin.getByTestId('audit-verify')).toContainText('Chain intact')

    // Altered on disk while the server is stopped: started again, the check names that row.
    const delivery = steps.find((e) => e.kind === 'action.delivery')!
    await stop(child)
    const tamper = spawnSync(process.execPath, ['--import', 'tsx', 'e2e/support/tamper-audit.ts', dataDir, String(delivery.seq)], { stdio: 'inherit', timeout: 120_000 })
    expect(tamper.status).toBe(0)
    child = start(dataDir, prefix, false)
    await up()
    const verify = await (await admin.request.get('/api/v1/audit/verify')).json()
    expect(verify).toMatchObject({ ok: false, first_broken: { seq: delivery.seq } })
    await admin.goto('/governance#audit')
    await admin.getByRole('button', { name: /Verify chain/ }).click()
    await expect(admin.getByTestId('audit-verify')).toContainText(String(delivery.seq))
  } finally {
    await stop(child)
    await deleteKeysWithPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix)
    rmSync(dataDir, { recursive: true, force: true })
  }
})
