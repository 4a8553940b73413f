/**
 * `POST /api/v1/sim/erp`: the simulated retailer's ERP, where the webhook worker delivers approved
 * actions in demo mode (WEBHOOK_URL empty). It exists only with DEMO_MODE on and the simulator
 * running in this process (404 otherwise), and checks what any receiver should:
 *
 *   1. the Standard Webhooks signature (webhook-id, webhook-timestamp within five minutes,
 *      webhook-signature) with the deployment's WEBHOOK_SECRET, verified by the specification's
 *      own package; 401 and no effect when it does not verify;
 *   2. the body: `{ type: 'action.<kind>', timestamp, data: ActionPayload }`, 400 naming the field;
 *      webhook-id must be the action's id;
 *   3. the webhook-id not seen before (Redis SET NX, 30 days): a redelivery answers 200 and
 *      changes nothing.
 *
 * Then the action waits in the Redis inbox for the simulator's next tick (server/sim-actions.ts),
 * which applies it and calls back its outcome. 202: received, not yet applied.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks'
import type { Runtime } from '@/lib/runtime-types'
import { actionWebhookSchema } from '@/lib/actions/payload-schema'
import { SIM_ERP_SEEN_TTL_S, simErpInboxKey, simErpSeenKey } from '@/lib/redis-keys'
import type { MessageBody } from '@/lib/api/schemas'
import { badRequest, invalid, json, readBodyLimited } from './http'

const MAX_BODY = 64 * 1024

const TAKE_ONCE = `if redis.call('SET', KEYS[1], '1', 'EX', ARGV[1], 'NX') then redis.call('RPUSH', KEYS[2], ARGV[2]) return 1 end return 0`

/** One verifier per secret: the deployment's signing secret (Runtime.webhookSecret, server/data-dir.ts). */
const verifiers = new Map<string, Webhook>()
function verifier(rt: Runtime): Webhook {
  let v = verifiers.get(rt.webhookSecret)
  if (!v) verifiers.set(rt.webhookSecret, (v = new Webhook(rt.webhookSecret)))
  return v
}

export async function handleSimErp(rt: Runtime, req: Request): Promise<Response> {
  if (!rt.config.DEMO_MODE || !rt.simulator) return json({ error: 'not found' } satisfies MessageBody, 404)
  const body = await readBodyLimited(req, MAX_BODY)
  if (!body) return json({ error: `body larger than ${MAX_BODY} bytes` } satisfies MessageBody, 413)
  const text = Buffer.from(body).toString('utf8')
  const headers = {
    'webhook-id': req.headers.get('webhook-id') ?? '',
    'webhook-timestamp': req.headers.get('webhook-timestamp') ?? '',
    'webhook-signature': req.headers.get('webhook-signature') ?? '',
  }
  let payload: unknown
  try {
    payload = verifier(rt).verify(text, headers)
  } catch (err) {
    if (err instanceof WebhookVerificationError) return json({ error: `signature does not verify: ${err.message}` } satisfies MessageBody, 401)
    // Signed, but not JSON.
    return badRequest([{ index: -1, path: '(body)', message: 'body must be JSON' }])
  }
  const parsed = actionWebhookSchema.safeParse(payload)
  if (!parsed.success) return invalid(parsed.error)
  const action = parsed.data.data
  const id = headers['webhook-id']
  if (id !== action.action_id) return badRequest([{ index: -1, path: 'webhook-id', message: `must be the action's id (data.action_id ${action.action_id})` }])
  // Seen-mark and inbox in one step: an id is never marked seen without its action queued.
  const fresh = await rt.redis.eval(TAKE_ONCE, 2, simErpSeenKey(rt.redisPrefix, id), simErpInboxKey(rt.redisPrefix), String(SIM_ERP_SEEN_TTL_S), JSON.stringify(action))
  if (fresh !== 1) return json({ status: 'duplicate', action_id: id }, 200)
  return json({ status: 'received', action_id: id }, 202)
}
