/**
 * Planning API: forecasts, inventory policies, stockout risk (read scope or a session), a full
 * recompute on demand (actions scope, or a person whose role may run it) and the recompute jobs
 * with their progress and schedule. Shapes: lib/planning/api-schemas.ts.
 */
import { REVIEW_INTERVAL_DAYS, reviewPeriodFor } from '@/lib/planning/review'
import type { Job } from 'bullmq'
import type { Runtime } from '@/lib/runtime-types'
import { RISK_TOP_DEPTH, latestForecasts, latestPolicy, riskList, riskTop } from '@/lib/clickhouse/queries/planning'
import { forecastSignalsFor } from '@/lib/clickhouse/queries/signals'
import { driversOfRow, signalNote } from '@/lib/planning/signal-note'
import {
  forecastsQuery, jobIdParam, jobsQuery, policiesQuery, riskQuery,
  type ForecastBody, type ForecastsAnswer, type JobBody, type JobsBody, type PolicyBody, type RecomputeAccepted, type RiskItem,
} from '@/lib/planning/api-schemas'
import type { MessageBody } from '@/lib/api/schemas'
import { RECOMPUTE_SCHEDULE, type Payload } from '@/lib/queues'
import { may } from '@/lib/auth/roles'
import { withTimeout } from '@/lib/redis'
import { allowedParam, canSeeLocation, type AccessScope } from '@/lib/auth/access'
import { authorize, badRequest, callerActor, callerScope, json, parseQuery, refuse, refuseLocation, refuseOutside } from './http'

const addDays = (date: string, n: number) => new Date(Date.parse(date) + n * 86_400_000).toISOString().slice(0, 10)

export async function handleForecasts(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const q = parseQuery(req, forecastsQuery)
  if (!q.ok) return q.response
  const refused = refuseLocation(await callerScope(rt, auth.caller), q.data.location)
  if (refused) return refuseOutside(rt, req, auth.caller, refused)
  const [rows, [sig]] = await Promise.all([
    latestForecasts(rt.clickhouse.interactive, { sku: q.data.sku, location: q.data.location, channel: q.data.channel ?? '' }),
    forecastSignalsFor(rt.clickhouse.interactive, { sku: q.data.sku, location: q.data.location }),
  ])
  const drivers = sig ? driversOfRow(sig) : []
  const note = sig ? signalNote(drivers, sig.start_date) : null
  const signals: ForecastBody['signals'] = sig && note
    ? { note, days: drivers.map((d) => ({ date: addDays(sig.start_date, d.day), signal: d.signal, change: d.change, value: d.value })) }
    : null
  if (!rows.length) return json({ error: `no forecast for sku ${q.data.sku} at ${q.data.location}${q.data.channel ? ` on ${q.data.channel}` : ''}` } satisfies MessageBody, 404)
  const toBody = (f: (typeof rows)[number]): ForecastBody => ({
    sku: f.sku,
    location: f.location,
    channel: f.channel,
    model: f.model,
    model_version: f.model_version,
    computed_at: f.computed_at,
    points: f.mean.map((m, h) => ({ date: addDays(f.start_date, h), mean: m, lower: f.lower[h], upper: f.upper[h] })),
    censoring_factor: Math.round(f.censoring_factor * 1000) / 1000,
    signals,
  })
  // One channel asked (or only one sells here): one object, as documented; else one per channel.
  return json((rows.length === 1 ? toBody(rows[0]) : { sku: q.data.sku, location: q.data.location, channels: rows.map(toBody) }) satisfies ForecastsAnswer)
}

export async function handlePolicies(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const q = parseQuery(req, policiesQuery)
  if (!q.ok) return q.response
  const refused = refuseLocation(await callerScope(rt, auth.caller), q.data.location)
  if (refused) return refuseOutside(rt, req, auth.caller, refused)
  const [p] = await latestPolicy(rt.clickhouse.interactive, q.data)
  if (!p) return json({ error: `no policy for sku ${q.data.sku} at ${q.data.location}` } satisfies MessageBody, 404)
  const body: PolicyBody = {
    sku: p.sku,
    location: p.location,
    safety_stock: p.safety_stock,
    reorder_point: p.reorder_point,
    order_up_to: p.order_up_to,
    recommended_order_qty: p.recommended_order_qty,
    service_level: p.service_level,
    z: p.z,
    segment: { abc: p.abc, xyz: p.xyz },
    inputs: {
      d: p.d, sd_d: p.sd_d, lead_time_days: p.lead_time_days, sd_lead_time_days: p.sd_lead_time_days, lead_time_source: p.lead_time_source,
      review_interval_days: REVIEW_INTERVAL_DAYS, review_period_days: reviewPeriodFor(p.lead_time_source), position: p.position,
      on_hand: p.on_hand, on_order: p.on_order, reserved: p.reserved, case_pack: p.case_pack, moq: p.moq,
    },
    model: p.model,
    model_version: p.model_version,
    computed_at: p.computed_at,
  }
  return json(body satisfies PolicyBody)
}

export async function handleRisk(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const q = parseQuery(req, riskQuery)
  if (!q.ok) return q.response
  const scope = await callerScope(rt, auth.caller)
  const refused = refuseLocation(scope, q.data.location)
  if (refused) return refuseOutside(rt, req, auth.caller, refused)
  // A short list (the board's) comes from the ranked risk_top table, exact up to its depth.
  const params = { location: q.data.location ?? '', min_probability: q.data.min_probability, limit: q.data.limit, allowed: allowedParam(scope) }
  const rows = q.data.limit <= RISK_TOP_DEPTH ? await riskTop(rt.clickhouse.interactive, params) : await riskList(rt.clickhouse.interactive, params)
  return json(
    rows.map((r): RiskItem => ({
      sku: r.sku,
      name: r.name,
      category: r.category,
      location: r.location,
      stockout_probability: r.stockout_probability,
      days_of_cover: r.days_of_cover >= 9999 ? null : r.days_of_cover,
      projected_stockout_date: r.projected_stockout_date,
      expected_lost_margin: r.expected_lost_margin,
    })),
  )
}

/** States of a recompute that has not finished: a second request joins it instead of queueing another. */
const UNFINISHED = ['active', 'waiting', 'delayed', 'prioritized', 'waiting-children'] as const

/**
 * False only for the schedule's next run, which waits all day as a delayed job until it is due:
 * that is the schedule, not a run (one retrying after a failure, or due now, is a run).
 */
const isRun = (j: Job) => j.name !== 'scheduled' || j.processedOn !== undefined || j.timestamp + (j.opts.delay ?? 0) <= Date.now()

export async function handleRecompute(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'actions', true)
  if (!auth.ok) return auth.response
  if (auth.caller.kind === 'user' && !may(auth.caller.user, 'run_recompute')) {
    const message = `a ${auth.caller.user.role.replace('_', ' ')} may not start a recompute`
    return refuse(rt, req, callerActor(auth.caller), json({ error: message } satisfies MessageBody, 403), message)
  }
  const by = auth.caller.kind === 'key' ? `key:${auth.caller.name}` : `user:${auth.caller.user.id}`
  try {
    const pending = (await rt.queues.recompute.getJobs([...UNFINISHED], 0, 20)).filter(isRun)
    if (pending.length) return json({ job_id: String(pending[0].id), already_running: true } satisfies RecomputeAccepted, 202)
    const job = await rt.queues.recompute.add('on-demand', { requested_by: by })
    return json({ job_id: String(job.id) } satisfies RecomputeAccepted, 202)
  } catch {
    return json({ error: 'job queue unavailable; retry later' } satisfies MessageBody, 503, { 'retry-after': '5' })
  }
}

/** A running recompute's progress names the location it is planning: not to someone who may not see it. */
function progressFor(progress: unknown, scope: AccessScope): unknown {
  if (!progress || typeof progress !== 'object' || !('location' in progress)) return progress
  const { location, ...rest } = progress as { location: unknown }
  return typeof location === 'string' && canSeeLocation(scope, location) ? progress : rest
}

async function jobBody(queue: Runtime['queues']['recompute'], listed: Job<Payload<'recompute'>>, scope: AccessScope): Promise<JobBody> {
  const state = await listed.getState()
  // Read before it finished (a list is read, then each state): read it again for its outcome.
  const job = (state === 'completed' || state === 'failed') && listed.finishedOn === undefined ? ((await queue.getJob(String(listed.id))) ?? listed) : listed
  return {
    id: String(job.id),
    name: job.name,
    state,
    progress: progressFor(job.progress, scope),
    requested_by: job.data.requested_by,
    created_at: new Date(job.timestamp).toISOString(),
    started_at: job.processedOn ? new Date(job.processedOn).toISOString() : null,
    finished_at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    result: job.returnvalue ?? null,
    error: job.failedReason ?? null,
  }
}

export async function handleJob(rt: Runtime, req: Request, id: string): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  if (!jobIdParam.safeParse(id).success) return badRequest([{ index: -1, path: 'id', message: 'must be a job id' }])
  const job = await rt.queues.recompute.getJob(id)
  if (!job) return json({ error: `no job ${id}` } satisfies MessageBody, 404)
  return json((await jobBody(rt.queues.recompute, job, await callerScope(rt, auth.caller))) satisfies JobBody)
}

/** The recompute runs, newest first (isRun), and when the schedule runs next: what /data shows (to someone who sees `scope`). */
export async function recomputeJobs(rt: Runtime, scope: AccessScope, limit = 10): Promise<JobsBody> {
  const q = rt.queues.recompute
  const [jobs, scheduler] = await Promise.all([
    withTimeout(q.getJobs([...UNFINISHED, 'completed', 'failed'], 0, limit), 2_000, 'recompute jobs'),
    withTimeout(q.getJobScheduler(RECOMPUTE_SCHEDULE.id), 2_000, 'recompute schedule').catch(() => undefined),
  ])
  // getJobs pages each state on its own: merge, newest first, and keep `limit`.
  const newest = jobs.filter((j): j is Job<Payload<'recompute'>> => j !== undefined && isRun(j)).sort((a, b) => b.timestamp - a.timestamp).slice(0, limit)
  return {
    as_of: new Date().toISOString(),
    schedule: { pattern: RECOMPUTE_SCHEDULE.pattern, next_run_at: scheduler?.next ? new Date(scheduler.next).toISOString() : null },
    jobs: await Promise.all(newest.map((j) => jobBody(q, j, scope))),
  }
}

export async function handleJobs(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const q = parseQuery(req, jobsQuery)
  if (!q.ok) return q.response
  try {
    return json((await recomputeJobs(rt, await callerScope(rt, auth.caller), q.data.limit)) satisfies JobsBody)
  } catch {
    return json({ error: 'job queue unavailable; retry later' } satisfies MessageBody, 503, { 'retry-after': '5' })
  }
}
