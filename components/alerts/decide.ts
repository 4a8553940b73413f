'use client'
/**
 * A decision on a card: POST /api/v1/alerts/{id}/decision with the session cookie
 * (same-origin credentials) and a JSON body. As the app's other cookie-authenticated POSTs do
 * (components/data/RecomputePanel.tsx), it relies on the session cookie's SameSite=Lax to stay off
 * cross-site requests; and a cross-site page cannot send `content-type: application/json` without
 * a CORS preflight, which this server never grants.
 */
import type { DecisionBody } from '@/lib/alerts/api-schemas'
import { readDecisionAnswer, type DecisionOutcome } from '@/lib/alerts/decision-form'

/** POST /api/v1/alerts/{id}/decision, and what its answer means for the card. */
export async function postDecision(id: string, body: DecisionBody): Promise<DecisionOutcome> {
  try {
    const res = await fetch(`/api/v1/alerts/${encodeURIComponent(id)}/decision`, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    })
    const json = await res.json().catch(() => null)
    return readDecisionAnswer(res.status, json)
  } catch (err) {
    return { kind: 'failed', message: err instanceof Error ? `not sent: ${err.message}` : 'not sent' }
  }
}
