/**
 * The alerts API's shapes: query and body schemas that validate requests (server/api/alerts.ts)
 * and the answers, documented from here in the OpenAPI document. The card a planner works is an
 * `alertBody`: the stored AlertRecord (lib/alerts/types.ts) plus the product's name and category
 * and the location's region, joined at read time.
 */
import { z } from 'zod'
import { ACTION_KINDS, ALERT_STATUSES, ALERT_TYPES, DECISIONS, SEVERITIES } from './types'
import { textProblem } from '../events/rules'
import { ACTION_STATUSES, EXECUTABLE_ACTIONS } from '../actions/types'

const id = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'must be an id (printable ASCII, no spaces)')
const dateTime = z.string().meta({ format: 'date-time' })

/** `status=active` (the default) means open, acknowledged or snoozed: what still needs a person. */
export const alertsQuery = z.object({
  status: z.enum(['active', 'all', ...ALERT_STATUSES]).default('active').meta({ description: "a lifecycle status, 'active' (open, acknowledged or snoozed; the default) or 'all'" }),
  location: id.optional().meta({ description: 'a location id' }),
  region: id.optional().meta({ description: 'a region' }),
  category: id.optional().meta({ description: 'a product category' }),
  type: z.enum(ALERT_TYPES).optional().meta({ description: 'an alert type' }),
  severity: z.enum(SEVERITIES).optional().meta({ description: 'a severity' }),
  limit: z.coerce.number().int().min(1).max(1_000).default(200).meta({ description: 'at most this many, by value at risk' }),
})
export type AlertsQuery = z.infer<typeof alertsQuery>

export const alertIdParam = id.meta({ description: 'an alert id' })

/** POST /api/v1/alerts/{id}/decision. Which fields a decision needs is checked by the lifecycle. */
export const decisionBody = z.object({
  decision: z.enum(DECISIONS),
  quantity: z.number().int('must be a whole number of units').min(0).max(10_000_000).optional().meta({ description: 'modify: the quantity decided instead of the recommended one' }),
  reason: z.string().trim().min(1).max(500).superRefine((s, ctx) => {
    const problem = textProblem(s)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  }).optional().meta({ description: 'required to reject or modify: one of the listed reasons, optionally followed by free text' }),
  until: dateTime.optional().meta({ description: 'snooze: when the alert wakes (ISO 8601, in the future, at most 30 days ahead)' }),
  /** Optimistic check: the revision the person was looking at; a newer one answers 409. */
  revision: z.number().int().min(0).optional().meta({ description: 'the revision of the card being decided; if the alert changed since, the answer is 409' }),
})
export type DecisionBody = z.infer<typeof decisionBody>

const scope = z.object({ sku: z.string(), location: z.string(), channel: z.string(), supplier: z.string(), feed: z.string().optional().meta({ description: "stale-data alerts: the quiet feed, '<source>/<event type>'" }), segment: z.string().optional().meta({ description: "model-drift alerts: the forecast segment, '<kind>:<value>' (category, region, channel, demand_class)" }) })
const recommendation = z.object({
  action: z.enum(ACTION_KINDS),
  quantity: z.number(),
  from_location: z.string().optional(),
  split: z.record(z.string(), z.number()).optional(),
  price: z.number().optional(),
  cost: z.number(),
  value: z.number(),
  summary: z.string(),
})
const chart = z.object({
  x: z.array(z.string()),
  series: z.array(z.object({ name: z.string(), values: z.array(z.number()), unit: z.string() })),
  refs: z.array(z.object({ name: z.string(), value: z.number() })).optional(),
})

/** The action a decided card became (lib/actions/), as its card shows it; null while there is none. */
export const alertAction = z.object({
  id: z.string().meta({ description: 'the action id, also the webhook-id of its delivery' }),
  kind: z.enum(EXECUTABLE_ACTIONS),
  status: z.enum(ACTION_STATUSES).meta({ description: 'pending, delivered, failed (retrying), dead (last try failed: needs a person) or confirmed by the receiver' }),
  attempts: z.number().int().meta({ description: 'delivery tries so far' }),
  detail: z.string().meta({ description: "why the last try failed, or the receiver's note; '' otherwise" }),
  quantity: z.number(),
  updated_at: dateTime,
})
export type AlertAction = z.infer<typeof alertAction>

export const alertBody = z.object({
  id: z.string(),
  key: z.string(),
  type: z.enum(ALERT_TYPES),
  scope,
  status: z.enum(ALERT_STATUSES).meta({ description: 'open, acknowledged, snoozed (awaiting a person); approved, modified, rejected (decided); executed (its action was delivered); expired (its action died, undelivered or refused: nothing ran, and the next card on the scope goes to a person); cleared (the condition cleared)' }),
  severity: z.enum(SEVERITIES),
  value_at_risk: z.number().meta({ description: 'money at risk if nothing is done, in the deployment currency' }),
  signal: z.number().meta({ description: 'the measured condition in the unit of its thresholds (e.g. stockout probability)' }),
  why: z.string(),
  recommendation,
  confidence: z.number().min(0).max(1),
  agent: z.string(),
  model_version: z.string(),
  chart: chart.nullable(),
  opened_at: dateTime,
  updated_at: dateTime,
  snoozed_until: dateTime.nullable(),
  revision: z.number().int(),
  cleared_reason: z.string().nullable(),
  decided_quantity: z.number().nullable(),
  product_name: z.string().nullable().meta({ description: 'null when the SKU has no product row' }),
  category: z.string().nullable(),
  region: z.string().nullable(),
  action: alertAction.nullable().optional().meta({ description: 'the action an approved or modified recommendation became, with its delivery status; null or absent while there is none' }),
})
export type AlertBody = z.infer<typeof alertBody>

export const alertsAnswer = z.object({
  alerts: z.array(alertBody),
  counts: z.object({
    by_severity: z.record(z.string(), z.number().int()),
    by_type: z.record(z.string(), z.number().int()),
    total: z.number().int(),
  }).meta({ description: 'over every alert the filters match, not only those returned' }),
  as_of: dateTime,
})
export type AlertsAnswer = z.infer<typeof alertsAnswer>

export const transitionBody = z.object({
  alert_id: z.string(),
  transition_id: z.string(),
  at: dateTime,
  actor: z.object({ kind: z.enum(['person', 'agent', 'system']), id: z.string(), name: z.string() }),
  from: z.string(),
  to: z.enum(ALERT_STATUSES),
  reason: z.string(),
  quantity_before: z.number().nullable(),
  quantity_after: z.number().nullable(),
  revision: z.number().int(),
  rule_version: z.number().int().nullable().meta({ description: "decisions: the version of the approval rules that applied (GET /api/v1/approval-rules/versions); null for an agent's own steps" }),
})
export const alertDetail = alertBody.extend({ history: z.array(transitionBody).meta({ description: 'every lifecycle step, oldest first' }) })
export type AlertDetail = z.infer<typeof alertDetail>

/** 409: the alert was already decided (or changed since the revision given). */
export const alertConflict = z.object({ error: z.string(), status: z.enum(ALERT_STATUSES), revision: z.number().int() })

/** GET /api/v1/alerts/rates: acceptance and override rates of decided recommendations. */
export const ratesQuery = z.object({
  by: z.enum(['agent', 'category', 'planner']).default('agent').meta({ description: 'what each row is: an agent, a product category, or the person who decided' }),
  days: z.coerce.number().int().min(1).max(366).default(30).meta({ description: 'decisions of the last this many days (UTC)' }),
  location: id.optional().meta({ description: 'a location id; omit for all' }),
})
export type RatesQuery = z.infer<typeof ratesQuery>

const rateRow = z.object({
  key: z.string().meta({ description: 'the agent, category or person (their name); "(unknown)" for a SKU without a product row' }),
  decided: z.number().int().meta({ description: 'approved + modified + rejected' }),
  approved: z.number().int(),
  modified: z.number().int(),
  rejected: z.number().int(),
  acceptance_rate: z.number().nullable().meta({ description: 'approved unchanged / decided; null while nothing was decided' }),
  override_rate: z.number().nullable().meta({ description: '(modified + rejected) / decided; null while nothing was decided' }),
})
export const ratesAnswer = z.object({
  by: z.enum(['agent', 'category', 'planner']),
  since: dateTime,
  rows: z.array(rateRow),
  total: rateRow,
})
export type RatesAnswer = z.infer<typeof ratesAnswer>
