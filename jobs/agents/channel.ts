/**
 * Mandate: the channel-allocation agent's worker side (its decision: lib/agents/channel-allocation.ts).
 * - Trigger: the sweep, per location (runSweep's per-location loop).
 * - Where the contest is: a node's stock is drawn by more than one channel when orders of another
 *   channel are fulfilled from it. In our data a sale carries its channel, the location that took
 *   the order and, when another node shipped it, fulfilment_location (the simulator ships
 *   shipFromStoreShare of web lines from a store: ecommerce demand on a store's shelf). So the
 *   demand on a node = its own sales (location = node, no fulfilment elsewhere) + the sales it
 *   fulfilled for other locations, by channel. A sku x node is contested when at least two
 *   channels each drew >= MIN_CHANNEL_SHARE of those units, and at least one a week, over the
 *   last WINDOW_DAYS whole days (contestedChannels). In the default simulator a store ships about
 *   2-3 % of its units for the web shop (12 % of web lines over 12 stores), so few pairs pass: the
 *   agent speaks where the web draws materially on a shelf, not on every store item.
 * - Per-channel forecast: the forecasts table holds a forecast per channel of the orders a location
 *   takes, not of the orders shipped from it (a store's web demand sits in the web node's forecast),
 *   so nothing says honestly what each channel will draw from one node. It is derived from the
 *   sales fulfilled from the node by channel: daily mean mu_c and sd s_c over the window (days
 *   without a sale count as 0), over a horizon of the pair's lead time L (nothing ordered now
 *   arrives sooner): mean mu_c L, sd sqrt(L s_c^2 + mu_c^2 sd_L^2) (forecastFromSales). Unit
 *   margin per channel = the channel's average realised price in the window - unit cost (no
 *   channel costs are known).
 *   Stock = on hand - reserved of the policy row; no per-channel reservation exists, so the
 *   baseline is the split in proportion to demand. history_days = days since the first such sale
 *   in the window.
 * - Raises: 'channel_conflict' (opens at expected demand / stock 1.2, clears below 1.05), only on
 *   contested pairs with stock; a pair no longer contested (or no longer with a policy row) whose
 *   alert stands gets signal 0, so hygiene clears it.
 * - Recommends: 'reallocate', with the split per channel. Promotions are not read: a promotion
 *   shows in the window's sales by channel once it runs, not before.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import type { PolicyRow } from '@/lib/clickhouse/queries/planning'
import { fulfilledByChannelAt } from '@/lib/clickhouse/queries/agent-inputs'
import { AGENT, RULES, contestedChannels, decideChannelAllocation, forecastFromSales, type ChannelSales } from '@/lib/agents/channel-allocation'
import { addDays, daysBetween } from '@/lib/agents/stock-shared'
import { unjudgedEvaluations, type Evaluation } from './apply'

const RULE = RULES.channel_conflict!
/** Whole days of fulfilled sales read (ending yesterday). */
export const WINDOW_DAYS = 56

/** Evaluations at `location` as of `today` for its latest policy rows (the sweep's, shared). */
export async function channelEvaluations(ch: ClickHouseClient, location: string, policies: readonly PolicyRow[], today: string): Promise<Evaluation[]> {
  const from = addDays(today, -WINDOW_DAYS)
  const bySku = new Map<string, (ChannelSales & { first: number })[]>()
  for (const r of policies.length ? await fulfilledByChannelAt(ch, { location, from, to: today }) : []) {
    const daily = new Array<number>(WINDOW_DAYS).fill(0)
    r.days.forEach((k, i) => {
      if (k >= 0 && k < WINDOW_DAYS) daily[k] += r.units[i]
    })
    const list = bySku.get(r.sku) ?? []
    list.push({ channel: r.channel, daily, revenue: r.revenue, first: Math.min(...r.days) })
    bySku.set(r.sku, list)
  }
  const judged: Evaluation[] = []
  for (const p of policies) {
    const sales = bySku.get(p.sku) ?? []
    const contested = contestedChannels(sales)
    if (!contested.length) continue
    const L = Math.max(1, p.lead_time_days)
    const channels = contested.map((c) => forecastFromSales(c, L, p.sd_lead_time_days, p.unit_cost))
    const stock = Math.max(0, Math.floor(p.on_hand - p.reserved))
    const first = Math.min(...sales.map((c) => c.first))
    const finding = decideChannelAllocation({
      sku: p.sku, location, stock, horizon_days: Math.round(L * 10) / 10, channels, step: 1,
      history_days: daysBetween(addDays(from, first), today),
    })
    const demand = channels.reduce((t, c) => t + c.mean, 0)
    judged.push({
      type: 'channel_conflict', scope: { sku: p.sku, location, channel: '', supplier: '' },
      signal: finding?.signal ?? (stock > 0 ? demand / stock : 0), finding, rule: RULE,
      clearText: stock > 0 ? `Expected demand over the lead time is back within the ${stock} units in stock.` : 'No stock left to split between channels.',
    })
  }
  const gone = await unjudgedEvaluations(ch, location, 'channel_conflict', judged, RULE, 'Only one channel draws on this stock now.')
  return [...judged, ...gone]
}

export const CHANNEL_AGENT = AGENT
