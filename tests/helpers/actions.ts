/**
 * What the execution tests share: an open alert written through the real alert store (its key's
 * lock, its rows in ClickHouse), and a decision posted to the alerts API with an actions key.
 */
import { randomUUID } from 'node:crypto'
import { nextVersion, withKeyLock, writeAlerts, type AlertStoreDeps } from '@/lib/alerts/store'
import type { AlertRecord, Recommendation } from '@/lib/alerts/types'
import type { Runtime } from '@/lib/runtime-types'
import { handleDecision } from '@/server/api/alerts'

/** An open stockout card at `location` recommending `rec` (a reorder of 48 by default). */
export async function seedAlert(deps: AlertStoreDeps, id: string, location: string, rec: Partial<Recommendation> = {}): Promise<AlertRecord> {
  const now = new Date().toISOString()
  const scope = { sku: `SKU-${id}`, location, channel: 'store', supplier: 'SUP-A' }
  const alert: AlertRecord = {
    id, key: `stockout_risk|${scope.sku}|${location}|store|SUP-A`, type: 'stockout_risk', scope, status: 'open', severity: 'high',
    value_at_risk: 1000, signal: 0.6, why: 'Stockout probability 60 % within the 7-day lead time.',
    recommendation: { action: 'reorder', quantity: 48, cost: 240, value: 900, summary: 'Order 48 units (4 cases of 12) from SUP-A', ...rec },
    confidence: 0.8, agent: 'stockout-risk', model_version: 'test-1', chart: null, opened_at: now, updated_at: now, snoozed_until: null,
    revision: 1, cleared_reason: null, decided_quantity: null,
  }
  const done = await withKeyLock(deps, alert.key, () =>
    writeAlerts(deps, [{ ...alert, version: nextVersion(null) }], [{
      alert_id: id, transition_id: randomUUID(), at: now, actor: { kind: 'agent', id: 'stockout-risk', name: 'stockout-risk agent' },
      from: 'none', to: 'open', reason: 'opened', quantity_before: 48, quantity_after: 48, revision: 1,
    }], new Set()),
  )
  if (!done.ok) throw new Error(`alert ${id} is locked`)
  return alert
}

/** POST /api/v1/alerts/{id}/decision with an API key. `handler` defaults to the unchecked one. */
export function decisionRequest(id: string, body: unknown, secret: string): Request {
  return new Request(`http://t/api/v1/alerts/${id}/decision`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

export const decide = (rt: Runtime, id: string, body: unknown, secret: string) => handleDecision(rt, decisionRequest(id, body, secret), id)
