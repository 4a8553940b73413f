/** The action's status as a card shows it (client-safe: no node imports). */
import type { ActionRecord } from './types'

/** The one line a card shows for its action. */
export function actionStatusLine(a: Pick<ActionRecord, 'status' | 'attempts' | 'detail'>): string {
  switch (a.status) {
    case 'pending': return 'Action pending: queued for delivery'
    case 'delivered': return `Action delivered${a.attempts > 1 ? ` after ${a.attempts} tries` : ''}; awaiting confirmation`
    case 'failed': return `Action failed: ${a.detail || 'unknown reason'}; retrying (try ${a.attempts})`
    case 'dead': return `Action dead: ${a.detail || 'not delivered'}; needs attention`
    case 'confirmed': return `Action confirmed${a.detail ? `: ${a.detail}` : ''}`
  }
}
