/**
 * Approval rules API: the rules in force and their history (read scope or a session), and a new
 * version (an admin's session only: no API key may change who approves what). Shapes:
 * lib/actions/rules-api.ts; the rules: lib/actions/rules.ts; storage: lib/actions/rules-store.ts.
 */
import type { Runtime } from '@/lib/runtime-types'
import type { MessageBody } from '@/lib/api/schemas'
import { may } from '@/lib/auth/roles'
import { currentRules, ruleHistory, saveRules } from '@/lib/actions/rules-store'
import { saveRulesBody, type RuleSetBody, type RuleVersionsBody, type RulesConflict } from '@/lib/actions/rules-api'
import { authorize, callerActor, json, refuse, parseJsonBody } from './http'

const rulesDeps = (rt: Runtime) => ({ redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse })

export async function handleGetRules(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  return json((await currentRules(rulesDeps(rt))) satisfies RuleSetBody)
}

export async function handleRuleVersions(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  return json({ versions: await ruleHistory(rulesDeps(rt)) } satisfies RuleVersionsBody)
}

export async function handleSaveRules(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'actions', true)
  if (!auth.ok) return auth.response
  if (auth.caller.kind === 'key') {
    const message = 'approval rules are changed by an admin signed in, not with an API key'
    return refuse(rt, req, callerActor(auth.caller), json({ error: message } satisfies MessageBody, 403), message)
  }
  const user = auth.caller.user
  if (!may(user, 'edit_approval_rules')) {
    const message = `a ${user.role.replace('_', ' ')} may not change the approval rules; an admin does`
    return refuse(rt, req, callerActor(auth.caller), json({ error: message } satisfies MessageBody, 403), message)
  }
  const body = await parseJsonBody(req, saveRulesBody)
  if (!body.ok) return body.response
  const out = await saveRules(rulesDeps(rt), body.data, { id: user.id, name: user.name })
  if (!out.ok) {
    return json(
      { error: `the rules are at version ${out.current.version} (saved by ${out.current.changed_by_name}), not ${body.data.expected_version}: reload and make the change again`, current_version: out.current.version } satisfies RulesConflict,
      409,
    )
  }
  return json(out.saved satisfies RuleSetBody)
}
