/**
 * The daily summary API's shapes (GET /api/v1/summary, server/api/summary.ts): the query that
 * names a day (and optionally a location), and the answer, documented from here in the OpenAPI
 * document. The text is the daily-summary agent's (lib/agents/daily-summary.ts); the figures are
 * those it was written from.
 */
import { z } from 'zod'

const isoDate = z.iso.date()

export const summaryQuery = z.object({
  date: isoDate.optional().meta({ description: 'the business day, YYYY-MM-DD (UTC); today when left out' }),
  location: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7e]+$/, 'must be an id (printable ASCII, no spaces)')
    .optional()
    .meta({ description: 'a location id; all locations when left out' }),
})
export type SummaryQuery = z.infer<typeof summaryQuery>

const figure = z.object({
  today: z.number(),
  yesterday: z.number().nullable().meta({ description: 'null when there is no summary of the previous day to compare with' }),
  change: z.number().nullable().meta({ description: 'relative (today / yesterday - 1) or a difference (today - yesterday); null when there is none' }),
  change_kind: z.enum(['relative', 'difference']),
})

export const summaryFigures = z.object({
  units: figure,
  revenue: figure.meta({ description: 'money, in the deployment currency' }),
  at_risk: figure.meta({ description: 'SKU-locations at risk of a stock-out' }),
  expected_lost_margin: figure.meta({ description: 'money: expected lost margin of the SKU-locations at risk' }),
  in_stock_rate: figure.meta({ description: '0..1; its change is a difference (x 100 = percentage points)' }),
  markdown_exposure: figure.meta({ description: 'money: projected units left at season end x (price - clearance price)' }),
  alerts: z.object({ opened: z.number().int(), cleared: z.number().int(), decided: z.number().int() }),
})

export const summaryBody = z.object({
  date: isoDate,
  location: z.string().meta({ description: "'' for all locations" }),
  headline: z.string(),
  paragraphs: z.array(z.string()).meta({ description: 'sales, stock, alerts and top risks, in that order' }),
  figures: summaryFigures,
  generated_at: z.string().meta({ format: 'date-time', description: 'when this text was written (UTC); the summary of the day in progress is rewritten every hour' }),
})
export type SummaryBody = z.infer<typeof summaryBody>
