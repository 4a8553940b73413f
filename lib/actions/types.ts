/**
 * The vocabulary of execution (DESIGN.md "Execution"): an approved or auto-approved recommendation
 * becomes an action record; the webhook queue delivers its payload to the retailer's ERP/WMS/OMS
 * (and, in demo mode, to the simulated retailer). Types only, and the constant lists they are
 * built from; shared by approval rules, the delivery worker, the API, the cards and the simulator.
 */
import type { Actor } from '@/lib/alerts/types'

/** Actions that change stock or price. 'investigate' cards never become actions. */
export const EXECUTABLE_ACTIONS = ['reorder', 'expedite', 'transfer', 'reallocate', 'markdown'] as const
export type ExecutableAction = (typeof EXECUTABLE_ACTIONS)[number]

/**
 * Where an action is in delivery: pending (queued, not yet accepted by the receiver), delivered
 * (receiver answered 2xx), failed (a try failed; retries remain), dead (last try failed: the
 * dead-letter state, needs a person), confirmed (the receiver called back that it was carried out).
 */
export const ACTION_STATUSES = ['pending', 'delivered', 'failed', 'dead', 'confirmed'] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]

/** Who let the action run: a person, or the approval rule that auto-approved it. */
export type ApprovedBy = { kind: 'person'; actor: Actor } | { kind: 'rule'; rule_version: number }

/**
 * The body delivered to the receiver (webhook payload `data`), the same for every receiver.
 * Quantities are units; money in the deployment's currency; times ISO 8601 UTC.
 */
export interface ActionPayload {
  /** Unique, stable: the idempotency key receivers dedupe on (also the webhook-id). */
  action_id: string
  kind: ExecutableAction
  alert_id: string
  sku: string
  /** The receiving / affected location. */
  location: string
  channel: string
  /** Supplier for reorder and expedite; '' otherwise. */
  supplier: string
  /** Transfer: where the stock comes from. */
  from_location?: string
  /** Units to order, expedite, transfer or reallocate; for markdown the units it applies to (0 = all). */
  quantity: number
  /** Reallocation: units per channel. */
  split?: Record<string, number>
  /** Markdown: the new unit price. */
  price?: number
  /** Cost of doing it (order value at cost, transfer cost, expedite fee). */
  cost: number
  /** Margin protected or cost avoided, as estimated when decided. */
  value: number
  /** Version of the approval rules that applied when it was decided. */
  rule_version: number
  approved_by: ApprovedBy
  created_at: string
}

/** An action as stored: one row per status change, the latest is its current state. */
export interface ActionRecord extends ActionPayload {
  status: ActionStatus
  /** Delivery attempts made so far. */
  attempts: number
  /** Why the last attempt failed, or the callback's note; '' otherwise. */
  detail: string
  updated_at: string
}
