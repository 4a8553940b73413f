/**
 * The delivery worker (queue `deliver`, lib/queues.ts): POSTs an action to the receiver, signed as
 * the Standard Webhooks specification says (the `standardwebhooks` package): `webhook-id` is the
 * action id on every try (receivers dedupe on it), `webhook-timestamp` the try's time in seconds,
 * `webhook-signature` `v1,<base64 HMAC-SHA256 of id.timestamp.body>`. The body is
 * `{ type: 'action.<kind>', timestamp: <created_at>, data: ActionPayload }`, the same bytes on
 * every try. The receiver is WEBHOOK_URL, or, when that is empty in demo mode, the simulated
 * retailer on this server (POST /api/v1/sim/erp).
 *
 * Each try lands in action_deliveries. 2xx: the action is delivered and its alert executed (by the
 * system, under the alert's lock). Otherwise: failed with the reason, and BullMQ tries again after
 * the backoff (full jitter, lib/actions/records.ts); after the last try the action is dead and its
 * alert expired (nothing ran: its scope re-arms; lib/alerts/hygiene.ts). A job
 * whose action is already delivered, confirmed or dead delivers nothing again.
 */
import type { ConnectionOptions, Job, Worker } from 'bullmq'
import { Webhook } from 'standardwebhooks'
import type { Config } from '@/lib/config'
import type { Emitter, Runtime } from '@/lib/runtime-types'
import { DELIVER_BACKOFF, type Payload } from '@/lib/queues'
import { actionWithId, appendDelivery } from '@/lib/clickhouse/queries/actions'
import { afterAttempt, backoffDelay, isFinal, webhookBody } from '@/lib/actions/records'
import { actionStateKey } from '@/lib/redis-keys'
import { changeStatus, stepAlertOf } from '@/lib/actions/store'
import type { ActionPayload, ActionRecord, ActionStatus } from '@/lib/actions/types'
import type { AlertStoreDeps } from '@/lib/alerts/store'
import { recordAudit } from '@/lib/audit/store'
import { repairMissingActions } from '@/lib/actions/repair'
import { logger } from '@/lib/log'
import { registerWorker } from './registry'

const log = logger('deliver')

/** Where actions go: WEBHOOK_URL, else the simulated retailer on this server in demo mode, else nowhere. */
export function receiverUrl(config: Pick<Config, 'WEBHOOK_URL' | 'DEMO_MODE' | 'SIMULATOR' | 'PORT'>): string {
  if (config.WEBHOOK_URL) return config.WEBHOOK_URL
  // The simulated retailer's receiver exists only where the demo's simulator runs.
  return config.DEMO_MODE && config.SIMULATOR ? `http://127.0.0.1:${config.PORT}/api/v1/sim/erp` : ''
}

/** The payload as delivered: the record without its delivery state. */
export function payloadOf(a: ActionRecord): ActionPayload {
  const { status: _s, attempts: _a, detail: _d, updated_at: _u, version: _v, ...payload } = a as ActionRecord & { version?: number }
  return payload
}


export interface DeliverDeps extends AlertStoreDeps {
  config: Pick<Config, 'WEBHOOK_URL' | 'DEMO_MODE' | 'SIMULATOR' | 'PORT' | 'WEBHOOK_TIMEOUT_MS'>
  secret: string
}

interface Outcome {
  httpStatus: number
  error: string
  ms: number
}

async function post(deps: DeliverDeps, url: string, id: string, body: string): Promise<Outcome> {
  const started = performance.now()
  if (!url) return { httpStatus: 0, error: 'no receiver: WEBHOOK_URL is empty (and no demo simulator runs here)', ms: 0 }
  const at = new Date()
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'StockPulse-Webhooks/1',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(deps.secret).sign(id, at, body),
  }
  try {
    const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(deps.config.WEBHOOK_TIMEOUT_MS) })
    const text = (await res.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 200)
    const ok = res.status >= 200 && res.status < 300
    return { httpStatus: res.status, error: ok ? '' : `HTTP ${res.status}${text ? `: ${text}` : ''}`, ms: performance.now() - started }
  } catch (err) {
    const e = err as Error
    const error = e.name === 'TimeoutError' ? `no answer within ${deps.config.WEBHOOK_TIMEOUT_MS} ms` : `could not reach the receiver: ${(e.cause as Error | undefined)?.message ?? e.message}`
    return { httpStatus: 0, error, ms: performance.now() - started }
  }
}

/** One try of one action's delivery (the processor). Throws to have BullMQ try again. */
export async function deliverOnce(deps: DeliverDeps, job: Pick<Job<Payload<'deliver'>>, 'data' | 'attemptsMade' | 'opts'>): Promise<string> {
  const id = job.data.action_id
  // The state's compare-and-set key says at once whether it was delivered before (no read of
  // ClickHouse before the POST when the job carries its body); without it, the record says.
  const state = await deps.redis.get(actionStateKey(deps.prefix, id))
  let body = job.data.body
  if (!body || !state || state === 'delivered' || isFinal(state as ActionStatus)) {
    const action = await actionWithId(deps.clickhouse.interactive, id)
    if (!action) throw new Error(`no action ${id} yet`)
    if (isFinal(action.status) || action.status === 'delivered') {
      // Delivered before (a replay after a crash, or the receiver confirmed first), or dead: only the alert's step may be missing.
      if (!(await stepAlertOf(deps, action))) throw new Error(`alert ${action.alert_id} is busy; its step is retried`)
      return `already ${action.status}`
    }
    body ??= webhookBody(payloadOf(action))
  }
  const attempt = job.attemptsMade + 1
  const maxAttempts = job.opts.attempts ?? 1
  const url = receiverUrl(deps.config)
  const out = await post(deps, url, id, body)
  const at = new Date().toISOString()
  await appendDelivery(deps.clickhouse, { action_id: id, attempt, at, url, http_status: out.httpStatus, error: out.error, duration_ms: Math.round(out.ms * 10) / 10, location: job.data.location })
  const to = afterAttempt(out.httpStatus, attempt, maxAttempts)
  // Read now: the receiver may have called back while we waited for its answer.
  const fresh = await actionWithId(deps.clickhouse.interactive, id)
  if (!fresh) throw new Error(`no action ${id} yet`)
  const action = fresh
  const changed = await changeStatus(deps, fresh, to, { attempts: attempt, detail: out.error, now: at })
  await recordAudit(deps, [{
    kind: 'action.delivery', actor: { kind: 'system', id: 'deliver', name: 'delivery worker' }, subject_type: 'action', subject_id: action.action_id,
    location: action.location, before: { status: fresh.status, attempts: fresh.attempts }, after: { status: changed.ok ? to : changed.current.status, attempts: attempt },
    reason: out.error || `HTTP ${out.httpStatus}`, inputs: { attempt, max_attempts: maxAttempts, url, http_status: out.httpStatus, duration_ms: Math.round(out.ms) }, at,
  }])
  if (to === 'delivered' || to === 'dead') {
    // The action as it now stands (a callback may have settled it first): its alert follows it.
    const now = changed.ok ? changed.record : changed.current
    if (!(await stepAlertOf(deps, now))) throw new Error(`alert ${action.alert_id} is busy; its step is retried`)
    if (to === 'delivered') return 'delivered'
  }
  if (to === 'dead') log.warn('action dead after its last try; it needs a person, and its alert lapsed', { action: action.action_id, attempts: attempt, error: out.error })
  throw new Error(out.error)
}

export function startDeliverWorker(rt: Runtime, emitter: Emitter, connection: ConnectionOptions): Worker {
  const deps: DeliverDeps = { redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse, emitter, config: rt.config, secret: rt.webhookSecret }
  const backoff = { baseMs: rt.config.WEBHOOK_BACKOFF_MS, capMs: DELIVER_BACKOFF.capMs, jitter: DELIVER_BACKOFF.jitter }
  const worker = registerWorker('deliver', (job) => deliverOnce(deps, job), {
    connection,
    prefix: rt.redisPrefix,
    concurrency: 16,
    // Tries take seconds at most (WEBHOOK_TIMEOUT_MS): a worker killed mid-delivery is noticed in seconds, not the default 30.
    lockDuration: Math.max(10_000, 2 * rt.config.WEBHOOK_TIMEOUT_MS),
    stalledInterval: 5_000,
    settings: { backoffStrategy: (attemptsMade: number, type?: string) => (type === DELIVER_BACKOFF.type ? backoffDelay(Math.max(1, attemptsMade), backoff) : 0) },
  })
  // Cards approved just before a crash that left them without their action get it now.
  worker.alongside(
    repairMissingActions({ ...deps, deliver: rt.queues.deliver, attempts: rt.config.WEBHOOK_ATTEMPTS })
      .then((made) => made.length && log.warn('approved cards without their action got it', { alerts: made.length }))
      .catch((err) => log.warn('could not look for approved cards without their action', { error: String(err) })),
  )
  return worker
}
