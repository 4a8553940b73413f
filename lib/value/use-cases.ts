/**
 * The use cases value is measured by (DESIGN.md "Value by use case"), and which use case a decision
 * belongs to. The one place this mapping lives: the simulation's attribution, the settlement of
 * real decisions and the executive report all call `useCaseOf`.
 */
import type { ActionKind, AlertType } from '@/lib/alerts/types'

export const USE_CASES = ['replenishment', 'transfers', 'channel_allocation', 'supplier_delay', 'promotions', 'markdown'] as const
export type UseCase = (typeof USE_CASES)[number]

export const USE_CASE_LABELS: Record<UseCase, string> = {
  replenishment: 'Replenishment',
  transfers: 'Transfers',
  channel_allocation: 'Channel allocation',
  supplier_delay: 'Supplier delay',
  promotions: 'Promotions',
  markdown: 'Markdown',
}

/**
 * The use case of a decision: by what it does first (a markdown is markdown, an expedite answers a
 * supplier's delay whichever agent raised it), then by why it was raised. A transfer the stockout
 * agent sends from a store's own DC is that store's replenishment; a transfer between peers is a
 * transfer. A channel split decided while the SKU is on promotion is promotions.
 */
export function useCaseOf(alertType: AlertType, action: ActionKind, context: { onPromotion?: boolean } = {}): UseCase {
  if (action === 'markdown') return 'markdown'
  if (action === 'expedite' || alertType === 'supplier_delay') return 'supplier_delay'
  if (alertType === 'channel_conflict' || action === 'reallocate') return context.onPromotion ? 'promotions' : 'channel_allocation'
  if (alertType === 'transfer_opportunity') return 'transfers'
  return 'replenishment'
}
