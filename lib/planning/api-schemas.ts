/**
 * The planning API's shapes in one place: the query schemas that validate requests
 * (server/api/planning.ts) and the response bodies it returns, both documented from here in the
 * OpenAPI document (lib/openapi.ts).
 */
import { z } from 'zod'
import { SIGNALS } from '@/lib/forecast/signal-names'

export const idParam = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'must be an id (printable ASCII, no spaces)')

const sku = idParam.meta({ description: 'a SKU id' })
const location = idParam.meta({ description: 'a location id' })

export const forecastsQuery = z.object({ sku, location, channel: idParam.optional().meta({ description: 'a sales channel; omit for every channel that sells here' }) })
export const policiesQuery = z.object({ sku, location })
export const riskQuery = z.object({
  location: idParam.optional().meta({ description: 'a location id; omit for all locations' }),
  min_probability: z.coerce.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').default(0).meta({ description: 'leave out SKU-locations less likely than this to stock out' }),
  limit: z.coerce.number().int().min(1).max(10_000).default(500).meta({ description: 'at most this many, riskiest first' }),
})
export const jobsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10).meta({ description: 'at most this many jobs, newest first' }) })

const date = z.string().meta({ format: 'date' })
const dateTime = z.string().meta({ format: 'date-time' })

/** Where external signals moved a forecast (lib/planning/signals.ts, signal-note.ts). */
export const forecastSignals = z
  .object({
    note: z.string().meta({ description: 'one sentence, e.g. "Weather: +18% on Mon 9 Jun–Wed 11 Jun (hot spell, 2.4 °C above normal) · Local event Sat 14 Jun: +35%": changes to the forecast units, temperatures in degrees C from the normal for the date' }),
    days: z
      .array(
        z.object({
          date,
          signal: z.enum(SIGNALS),
          change: z.number().meta({ description: "relative change the signal made to the day's forecast (0.18 = +18%)" }),
          value: z.number().meta({ description: 'temp_anomaly: degrees C above normal the forecast assumed (negative: below); rain and local_event: 1' }),
        }),
      )
      .meta({ description: 'each day and signal that moved the forecast by 2% or more' }),
  })
  .nullable()
  .meta({ description: "what weather and local events (external_signal events) did to this forecast, learned by category and location from history; null when no signal moved it by 2% or more on any day. The same for every SKU of the category at the location" })

export const forecastBody = z.object({
  sku: z.string(),
  location: z.string(),
  channel: z.string(),
  model: z.string().meta({ description: 'the model the series picked by holdout error' }),
  model_version: z.string(),
  computed_at: z.string(),
  points: z.array(z.object({ date, mean: z.number(), lower: z.number(), upper: z.number() })).meta({ description: 'one per day ahead; lower and upper bound the 80% prediction interval' }),
  censoring_factor: z.number().meta({ description: "what stockout days put back into the forecast's level: their sales were read as lower bounds on demand (a shelf runs out on the days demand runs high, so the days that did not run out understate it), and points are already multiplied by it; 1 when no stockout day fell in the last 112 days" }),
  signals: forecastSignals,
})

/** GET /api/v1/forecasts: one forecast when a channel is named or only one sells there, else one per channel. */
export const forecastsByChannel = z.object({ sku: z.string(), location: z.string(), channels: z.array(forecastBody).meta({ description: 'one forecast per channel that sells here' }) })
export const forecastsAnswer = z.union([forecastBody, forecastsByChannel])

export const policyBody = z.object({
  sku: z.string(),
  location: z.string(),
  safety_stock: z.number(),
  reorder_point: z.number(),
  order_up_to: z.number(),
  recommended_order_qty: z.number().meta({ description: 'order-up-to minus position when at or below the reorder point, rounded to case pack and MOQ; else 0' }),
  service_level: z.number(),
  z: z.number(),
  segment: z.object({ abc: z.string(), xyz: z.string() }),
  inputs: z.object({
    d: z.number().meta({ description: 'forecast demand per day, the mean over the L + review_interval_days + review_period_days days an order placed now must cover (time-phased: a promotion inside them counts)' }),
    sd_d: z.number(),
    lead_time_days: z.number(),
    sd_lead_time_days: z.number(),
    lead_time_source: z.string(),
    review_interval_days: z.number().meta({ description: 'days between the nightly run\'s order opportunities: ROP = d x (lead time + this) + SS' }),
    review_period_days: z.number().meta({ description: 'days of demand the order-up-to level adds to the reorder point (1 for a location its DC feeds, 7 for supplier orders)' }),
    position: z.number().meta({ description: 'on hand + on order - reserved' }),
    on_hand: z.number(),
    on_order: z.number(),
    reserved: z.number(),
    case_pack: z.number(),
    moq: z.number(),
  }),
  model: z.string(),
  model_version: z.string(),
  computed_at: z.string(),
})

export const riskItem = z.object({
  sku: z.string(),
  name: z.string().nullable().meta({ description: "the product's name, as its product event last gave it; null when no product event names the sku" }),
  category: z.string().nullable().meta({ description: "the product's category, as its product event last gave it; null when no product event names the sku" }),
  location: z.string(),
  stockout_probability: z.number().meta({ description: 'probability of a stockout within the lead time' }),
  days_of_cover: z.number().nullable().meta({ description: 'null when nothing is forecast to sell' }),
  projected_stockout_date: z.string().nullable(),
  expected_lost_margin: z.number(),
})

/** A recompute job as GET /api/v1/jobs/{id} and GET /api/v1/jobs return it. */
export const jobBody = z.object({
  id: z.string(),
  name: z.string().meta({ description: `"scheduled", "on-demand" or "after-backfill" (the simulator's first plan)` }),
  state: z.string().meta({ description: 'waiting, delayed, active, completed or failed' }),
  progress: z.unknown().meta({ description: '{done, total} locations while it runs' }),
  requested_by: z.string().meta({ description: '"schedule", "user:<id>" or "key:<name>"' }),
  created_at: dateTime,
  started_at: dateTime.nullable(),
  finished_at: dateTime.nullable(),
  result: z.unknown().meta({ description: 'what the run did: locations, series, timings' }),
  error: z.string().nullable(),
})

/** A recompute job's id, as GET /api/v1/jobs/{id} takes it. */
export const jobIdParam = z.string().regex(/^[\w:.-]{1,128}$/, 'must be a job id').meta({ description: 'the job_id a recompute answered, or an id from GET /api/v1/jobs' })

export const recomputeAccepted = z.object({
  job_id: z.string(),
  already_running: z.literal(true).optional().meta({ description: 'present when a recompute was queued or running already: job_id names it' }),
})

export const jobsBody = z.object({
  as_of: dateTime,
  schedule: z.object({ pattern: z.string().meta({ description: 'cron, UTC' }), next_run_at: dateTime.nullable() }),
  jobs: z.array(jobBody).meta({ description: 'newest first' }),
})

export type ForecastBody = z.infer<typeof forecastBody>
export type ForecastsAnswer = z.infer<typeof forecastsAnswer>
export type RecomputeAccepted = z.infer<typeof recomputeAccepted>
export type PolicyBody = z.infer<typeof policyBody>
export type RiskItem = z.infer<typeof riskItem>
export type JobBody = z.infer<typeof jobBody>
export type JobsBody = z.infer<typeof jobsBody>
