/**
 * Alerts API: the inbox list and one alert with its history (read scope or a session), and a
 * person's or a key's decision on an alert (actions scope, or a role that may decide); an approve
 * or modify of a recommendation that changes stock makes its action (lib/actions/execute.ts). Shapes:
 * lib/alerts/api-schemas.ts; the lifecycle's rules: lib/alerts/lifecycle.ts; how writes hold the
 * alert's lock: lib/alerts/store.ts.
 */
import { randomUUID } from 'node:crypto'
import type { Runtime } from '@/lib/runtime-types'
import { alertBodiesWithIds, alertHistory, alertWithId, decisionCounts, listAlerts, transitionOf } from '@/lib/clickhouse/queries/alerts'
import { alertIdParam, alertsQuery, decisionBody, ratesQuery, type AlertBody, type AlertDetail, type RatesAnswer } from '@/lib/alerts/api-schemas'
import { rateTable } from '@/lib/alerts/rates'
import { applyDecision } from '@/lib/alerts/lifecycle'
import { nextVersion, withKeyLock, writeAlerts } from '@/lib/alerts/store'
import type { Actor, AlertStatus } from '@/lib/alerts/types'
import type { MessageBody } from '@/lib/api/schemas'
import { may } from '@/lib/auth/roles'
import { allowedParam, canSeeLocation, type AccessScope } from '@/lib/auth/access'
import { authorize, badRequest, type Caller, callerActor, callerScope, invalid, json, parseQuery, refuse, refuseLocation, refuseOutside, parseJsonBody } from './http'
import { keyMayApprove, LEVEL_WORDS, mayApprove, requiredApprover } from '@/lib/actions/rules'
import { currentRules } from '@/lib/actions/rules-store'
import { executeApproved } from '@/lib/actions/execute'
import { isExecutable } from '@/lib/actions/records'
import type { ApprovedBy } from '@/lib/actions/types'
import { logger } from '@/lib/log'

const log = logger('api:alerts')

export async function handleListAlerts(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const q = parseQuery(req, alertsQuery)
  if (!q.ok) return q.response
  const scope = await callerScope(rt, auth.caller)
  const refused = refuseLocation(scope, q.data.location)
  if (refused) return refuseOutside(rt, req, auth.caller, refused)
  return json(await listAlerts(rt.clickhouse.interactive, q.data, allowedParam(scope)))
}

async function detail(rt: Runtime, id: string): Promise<AlertDetail | undefined> {
  const [[body], history] = await Promise.all([alertBodiesWithIds(rt.clickhouse.interactive, [id]), alertHistory(rt.clickhouse.interactive, { id })])
  return body ? { ...body, history: history.map(transitionOf) } : undefined
}

/**
 * An alert by id outside the caller's locations answers as one that does not exist (404), for
 * reads and decisions alike: an id is not confirmed to exist to someone who may not see it.
 * Alerts without a location (a supplier's, a quiet feed's) belong to the estate: scoped callers
 * do not see them.
 */
const visible = (scope: AccessScope, location: string) => canSeeLocation(scope, location) && (scope.all || location !== '')
const noAlert = (id: string) => json({ error: `no alert ${id}` } satisfies MessageBody, 404)

export async function handleGetAlert(rt: Runtime, req: Request, rawId: string): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const id = alertIdParam.safeParse(rawId)
  if (!id.success) return invalid(id.error, 'id')
  const [body, scope] = await Promise.all([detail(rt, id.data), callerScope(rt, auth.caller)])
  return body && visible(scope, body.scope.location) ? json(body) : noAlert(id.data)
}

function actorOf(caller: Caller): Actor {
  return caller.kind === 'user' ? { kind: 'person', id: caller.user.id, name: caller.user.name } : { kind: 'system', id: `key:${caller.name}`, name: `API key ${caller.name}` }
}

const conflict = (message: string, status: AlertStatus, revision: number) => json({ error: message, status, revision }, 409)

export async function handleDecision(rt: Runtime, req: Request, rawId: string): Promise<Response> {
  const auth = await authorize(rt, req, 'actions', true)
  if (!auth.ok) return auth.response
  if (auth.caller.kind === 'user' && !may(auth.caller.user, 'decide_alerts')) {
    const message = `a ${auth.caller.user.role.replace('_', ' ')} may not decide alerts`
    return refuse(rt, req, callerActor(auth.caller), json({ error: message } satisfies MessageBody, 403), message)
  }
  const id = alertIdParam.safeParse(rawId)
  if (!id.success) return invalid(id.error, 'id')
  const body = await parseJsonBody(req, decisionBody)
  if (!body.ok) return body.response

  const [found, scope] = await Promise.all([alertWithId(rt.clickhouse.interactive, id.data), callerScope(rt, auth.caller)])
  if (!found || !visible(scope, found.scope.location)) return noAlert(id.data)
  const deps = { redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse, emitter: rt.emitter }
  // The rules in force now (cached briefly): who may approve, and the version every decision records.
  const rules = await currentRules(deps)
  const outcome = await withKeyLock(deps, found.key, async (): Promise<Response> => {
    // Read again under the lock: an agent or another person may have written since.
    const current = (await alertWithId(rt.clickhouse.interactive, id.data))!
    if (body.data.revision !== undefined && body.data.revision !== current.revision) {
      return conflict(`the alert changed since revision ${body.data.revision}; it is ${current.status} at revision ${current.revision}`, current.status, current.revision)
    }
    const now = new Date().toISOString()
    const step = applyDecision(current, body.data, actorOf(auth.caller), now, randomUUID())
    if (!step.ok) {
      if (step.code === 'conflict') return conflict(step.message, step.current, current.revision)
      return badRequest([{ index: -1, path: step.field ?? 'decision', message: step.message }])
    }
    if (step.alert.status === 'approved' || step.alert.status === 'modified') {
      // Approving or modifying lets the recommendation run: the rules say who may, at the value decided.
      const need = requiredApprover(rules, current, step.alert.decided_quantity)
      const caller = auth.caller
      const allowed = caller.kind === 'user' ? mayApprove(caller.user.role, need.level) : keyMayApprove(need.level)
      if (!allowed) {
        const who = caller.kind === 'user' ? `a ${caller.user.role.replace('_', ' ')} may not approve it` : `an API key approves only up to a planner's limit`
        const message = `${need.reason} (approval rules v${rules.version}); ${who}: ${LEVEL_WORDS[need.level]} must`
        return refuse(rt, req, callerActor(caller), json({ error: message } satisfies MessageBody, 403), message)
      }
    }
    step.transition.rule_version = rules.version
    // An approved or modified recommendation that changes stock becomes an action, queued for
    // delivery before the card is pushed (the push of the card with its action is executeApproved's).
    const runs = (step.alert.status === 'approved' || step.alert.status === 'modified') && isExecutable(step.alert.recommendation.action)
    await writeAlerts(deps, [{ ...step.alert, version: nextVersion(current) }], [step.transition], new Set(runs ? [] : [current.id]))
    if (runs) {
      const approvedBy: ApprovedBy = { kind: 'person', actor: step.transition.actor }
      const made = await executeApproved({ ...deps, deliver: rt.queues.deliver, attempts: rt.config.WEBHOOK_ATTEMPTS }, step.alert, step.transition, approvedBy, rules.version)
      if (!made.ok || !made.created) {
        if (!made.ok) log.warn('approved alert made no action', { alert: current.id, reason: made.reason })
        await writeAlerts(deps, [], [], new Set([current.id]))
      }
    }
    return json((await detail(rt, current.id)) satisfies AlertBody | undefined)
  })
  if (!outcome.ok) return json({ error: 'the alert is being written by someone else; retry' } satisfies MessageBody, 503, { 'retry-after': '1' })
  return outcome.value
}

/** Acceptance and override rates by agent, category or planner over the last days (lib/alerts/rates.ts). */
export async function handleDecisionRates(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const q = parseQuery(req, ratesQuery)
  if (!q.ok) return q.response
  const scope = await callerScope(rt, auth.caller)
  const refused = refuseLocation(scope, q.data.location)
  if (refused) return refuseOutside(rt, req, auth.caller, refused)
  const since = new Date(Date.now() - q.data.days * 86_400_000).toISOString()
  const counts = await decisionCounts(rt.clickhouse.interactive, {
    by: q.data.by, since: since.replace('T', ' ').replace('Z', ''), location: q.data.location ?? '', allowed: allowedParam(scope),
  })
  return json({ by: q.data.by, since, ...rateTable(counts) } satisfies RatesAnswer)
}
