/**
 * The actions API's shapes (server/api/actions.ts), documented from here in the OpenAPI document
 * (lib/openapi-actions.ts): the list's query, an action as stored with its delivery state, one
 * action with its delivery attempts, and the receiver's callback.
 */
import { z } from 'zod'
import { ACTION_STATUSES, EXECUTABLE_ACTIONS } from './types'

const id = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'must be an id (printable ASCII, no spaces)')
const dateTime = z.string().meta({ format: 'date-time' })

export const actionIdParam = id.meta({ description: 'an action id (also the webhook-id of its delivery)' })

export const actionsQuery = z.object({
  status: z.enum(ACTION_STATUSES).optional().meta({ description: 'a delivery status' }),
  alert_id: id.optional().meta({ description: 'the alert the action came from' }),
  location: id.optional().meta({ description: 'a location id' }),
  limit: z.coerce.number().int().min(1).max(500).default(100).meta({ description: 'at most this many, newest first' }),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).meta({ description: 'skip this many (paging)' }),
})
export type ActionsQuery = z.infer<typeof actionsQuery>

const actor = z.object({ kind: z.enum(['person', 'agent', 'system']), id: z.string(), name: z.string() })

export const actionBody = z.object({
  action_id: z.string(),
  kind: z.enum(EXECUTABLE_ACTIONS),
  alert_id: z.string(),
  sku: z.string(),
  location: z.string().meta({ description: 'the receiving or affected location' }),
  channel: z.string(),
  supplier: z.string().meta({ description: "reorder and expedite: the supplier; '' otherwise" }),
  from_location: z.string().optional().meta({ description: 'transfer: where the stock comes from' }),
  quantity: z.number().meta({ description: 'units (the decided quantity when a person modified it)' }),
  split: z.record(z.string(), z.number()).optional().meta({ description: 'reallocation: units per channel' }),
  price: z.number().optional().meta({ description: 'markdown: the new unit price' }),
  cost: z.number(),
  value: z.number(),
  rule_version: z.number().int().meta({ description: 'the approval rules version that applied (0 before rules)' }),
  approved_by: z.union([z.object({ kind: z.literal('person'), actor }), z.object({ kind: z.literal('rule'), rule_version: z.number().int() })]),
  created_at: dateTime,
  status: z.enum(ACTION_STATUSES).meta({ description: 'pending, delivered, failed (retrying), dead (last try failed: needs a person) or confirmed' }),
  attempts: z.number().int().meta({ description: 'delivery tries so far' }),
  detail: z.string().meta({ description: "why the last try failed, or the receiver's note; '' otherwise" }),
  updated_at: dateTime,
})
export type ActionBody = z.infer<typeof actionBody>

export const actionsAnswer = z.object({
  actions: z.array(actionBody),
  total: z.number().int().meta({ description: 'how many match the filters, over every page' }),
  as_of: dateTime,
})
export type ActionsAnswer = z.infer<typeof actionsAnswer>

export const deliveryAttempt = z.object({
  attempt: z.number().int().meta({ description: '1-based try number' }),
  at: dateTime,
  url: z.string(),
  http_status: z.number().int().meta({ description: "the receiver's answer; 0 when there was none (timeout, refused)" }),
  error: z.string(),
  duration_ms: z.number(),
})
export const actionDetail = actionBody.extend({ deliveries: z.array(deliveryAttempt).meta({ description: 'every delivery try, oldest first' }) })
export type ActionDetail = z.infer<typeof actionDetail>

/** POST /api/v1/actions/{id}/callback: the receiver says it carried the action out, or refused it. */
export const callbackBody = z.object({
  status: z.enum(['confirmed', 'rejected']).meta({ description: 'confirmed: carried out; rejected: refused (the action becomes dead, for a person)' }),
  note: z.string().trim().max(500).optional().meta({ description: "the receiver's note (its PO number, why it refused)" }),
})
export type CallbackBody = z.infer<typeof callbackBody>

/** 409: the callback contradicts the action's final state. */
export const actionConflict = z.object({ error: z.string(), status: z.enum(ACTION_STATUSES) })
