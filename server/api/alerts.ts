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
import type { Actor, AlertStatus } from '@/lib/alerts/types'
import type { MessageBody } from '@/lib/api/schemas'
import { may } from '@/lib/auth/roles'
import { allowedParam, canSeeLocation, type AccessScope } from '@/lib/auth/access'
import { authorize, badRequest, type Caller, callerActor, callerScope, invalid, json, parseQuery, refuse, refuseLocation, refuseOutside, parseJsonBody } from './http'
import { keyMayApprove, mayApprove } from '@/lib/actions/rules'
import { currentRules } from '@/lib/actions/rules-store'
import { decideAlert, type Decider } from '@/lib/actions/decide'

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
  const deps = { redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse, emitter: rt.emitter, deliver: rt.queues.deliver, attempts: rt.config.WEBHOOK_ATTEMPTS }
  // The rules in force now (cached briefly): who may approve, and the version every decision records.
  const rules = await currentRules(deps)
  const caller = auth.caller
  const decider: Decider = {
    actor: actorOf(caller),
    mayApprove: (level) => (caller.kind === 'user' ? mayApprove(caller.user.role, level) : keyMayApprove(level)),
    refusal: caller.kind === 'user' ? `a ${caller.user.role.replace('_', ' ')} may not approve it` : `an API key approves only up to a planner's limit`,
  }
  const outcome = await decideAlert(deps, id.data, found.key, body.data, decider, rules, new Date().toISOString(), randomUUID())
  switch (outcome.kind) {
    case 'busy':
      return json({ error: 'the alert is being written by someone else; retry' } satisfies MessageBody, 503, { 'retry-after': '1' })
    case 'not_found':
      return noAlert(id.data)
    case 'conflict':
      return conflict(outcome.message, outcome.status, outcome.revision)
    case 'invalid':
      return badRequest([{ index: -1, path: outcome.field, message: outcome.message }])
    case 'refused':
      return refuse(rt, req, callerActor(caller), json({ error: outcome.message } satisfies MessageBody, 403), outcome.message)
    case 'done':
      return json((await detail(rt, id.data)) satisfies AlertBody | undefined)
  }
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
