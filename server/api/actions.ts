/**
 * Actions API: the list of action records and one with its delivery attempts (read scope or a
 * session), and the receiver's callback (an API key with the actions scope) that confirms an
 * action or says it refused it. Shapes: lib/actions/api-schemas.ts; status changes take the
 * compare-and-set of lib/actions/store.ts.
 */
import type { Runtime } from '@/lib/runtime-types'
import { actionAttempts, actionWithId, listActions } from '@/lib/clickhouse/queries/actions'
import { actionIdParam, actionsQuery, callbackBody, type ActionBody, type ActionDetail, type ActionsAnswer } from '@/lib/actions/api-schemas'
import { changeStatus, stepAlertOf } from '@/lib/actions/store'
import type { ActionRecord, ActionStatus } from '@/lib/actions/types'
import { recordAudit } from '@/lib/audit/store'
import type { MessageBody } from '@/lib/api/schemas'
import { allowedParam, canSeeLocation } from '@/lib/auth/access'
import { authorize, callerScope, invalid, json, parseQuery, refuseLocation, refuseOutside, parseJsonBody } from './http'

const bodyOf = (a: ActionRecord & { version?: number }): ActionBody => {
  const { version: _v, ...rest } = a
  return rest
}

async function detail(rt: Runtime, id: string): Promise<ActionDetail | undefined> {
  const [action, attempts] = await Promise.all([actionWithId(rt.clickhouse.interactive, id), actionAttempts(rt.clickhouse.interactive, { id })])
  return action ? { ...bodyOf(action), deliveries: attempts } : undefined
}

export async function handleListActions(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const q = parseQuery(req, actionsQuery)
  if (!q.ok) return q.response
  const scope = await callerScope(rt, auth.caller)
  const refused = refuseLocation(scope, q.data.location)
  if (refused) return refuseOutside(rt, req, auth.caller, refused)
  const { actions, total } = await listActions(rt.clickhouse.interactive, q.data, allowedParam(scope))
  return json({ actions: actions.map(bodyOf), total, as_of: new Date().toISOString() } satisfies ActionsAnswer)
}

export async function handleGetAction(rt: Runtime, req: Request, rawId: string): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const id = actionIdParam.safeParse(rawId)
  if (!id.success) return invalid(id.error, 'id')
  const [body, scope] = await Promise.all([detail(rt, id.data), callerScope(rt, auth.caller)])
  // An action outside the caller's locations answers as one that does not exist (as alerts do).
  return body && canSeeLocation(scope, body.location) ? json(body) : json({ error: `no action ${id.data}` } satisfies MessageBody, 404)
}

const REJECTED = 'rejected by the receiver'

/**
 * The receiver's word on an action: confirmed (carried out) or rejected (refused: the action
 * becomes dead, for a person). Idempotent: the same callback again answers the action as it is.
 * A callback may come before the worker recorded the 2xx (inside the delivery request).
 */
export async function handleCallback(rt: Runtime, req: Request, rawId: string): Promise<Response> {
  const auth = await authorize(rt, req, 'actions', false)
  if (!auth.ok) return auth.response
  const id = actionIdParam.safeParse(rawId)
  if (!id.success) return invalid(id.error, 'id')
  const body = await parseJsonBody(req, callbackBody)
  if (!body.ok) return body.response

  const [current, scope] = await Promise.all([actionWithId(rt.clickhouse.interactive, id.data), callerScope(rt, auth.caller)])
  if (!current || !canSeeLocation(scope, current.location)) return json({ error: `no action ${id.data}` } satisfies MessageBody, 404)
  const note = body.data.note ?? ''
  const to: ActionStatus = body.data.status === 'confirmed' ? 'confirmed' : 'dead'
  const detailText = body.data.status === 'confirmed' ? note : note ? `${REJECTED}: ${note}` : REJECTED
  const same = (a: ActionRecord) => a.status === to && (to === 'confirmed' || a.detail.startsWith(REJECTED))
  if (same(current)) return json(await detail(rt, id.data))
  const deps = { redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse, emitter: rt.emitter }
  const changed = await changeStatus(deps, current, to, { detail: detailText, now: new Date().toISOString() })
  if (!changed.ok) {
    if (same(changed.current)) return json(await detail(rt, id.data))
    return json({ error: `${changed.reason}; the callback (${body.data.status}) was not applied`, status: changed.current.status }, 409)
  }
  // A refusal lapses the decision (the alert expires, its scope re-arms); a confirmation executes
  // an alert the worker has not stepped yet. If the key stays busy (a person deciding at this
  // instant), a refused action's alert stays executed and re-arms as any executed one does.
  await stepAlertOf(deps, changed.record)
  await recordAudit(deps, [{
    kind: 'action.callback', actor: auth.caller.kind === 'key' ? { kind: 'key', id: auth.caller.name, name: `API key ${auth.caller.name}` } : { kind: 'person', id: auth.caller.user.id, name: auth.caller.user.name },
    subject_type: 'action', subject_id: current.action_id, location: current.location,
    before: { status: current.status }, after: { status: to }, reason: detailText || body.data.status, inputs: body.data,
  }])
  return json(await detail(rt, id.data))
}
