/**
 * Mandate: channel-allocation agent.
 * - Trigger: after a planning write of a node (location x sku) that serves more than one channel
 *   (a store that also fulfils ecommerce orders, a DC feeding ecommerce and stores), and when a
 *   promotion starts or is planned within the horizon at the node.
 * - Inputs: the node's sellable stock S; per channel the forecast demand over the horizon (mean and
 *   sd, from forecasts per channel), the unit margin in that channel and the current split if one
 *   is held (reservations); the promotion, when one drives it.
 * - Raises: 'channel_conflict' when the total expected demand over the horizon exceeds S materially
 *   (signal = total expected demand / S: opens at 1.2, clears below 1.05, two evaluations each).
 * - Recommends: 'reallocate', with the split per channel.
 * - Without a person: an approval rule may let a reallocation run (no stock leaves the node, it
 *   changes which orders are served first), e.g. when the confidence is high.
 *
 * The split maximises expected margin served, sum_c m_c E[min(D_c, a_c)] subject to sum_c a_c = S,
 * a_c >= 0 whole units, with D_c ~ N(mu_c, sd_c^2) (demand below 0 is not truncated: fine when mu
 * is a few sd above 0). E[min(D, a)] = mu - sd G((a - mu) / sd), G the standard normal loss
 * function; its increment from a to a + 1 is the chance the (a+1)-th unit sells, positive and
 * falling in a, so each channel's term is concave and the objective is separable. For a separable
 * concave objective under one total-units constraint the greedy rule (give each next unit to the
 * channel whose margin x marginal expected sale is largest) is optimal (Gross 1956; Ibaraki & Katoh,
 * Resource Allocation Problems, 1988). With case packs (`step` > 1) the greedy is over packs, and
 * the remainder smaller than a pack goes where it adds most; it is then optimal among splits in
 * whole packs, not necessarily among all splits.
 */
import type { AgentFinding, AlertType, HysteresisRule, Severity } from '@/lib/alerts/types'
import { standardNormalLoss } from '@/lib/policy/normal'
import { cvConfidence, historyFactor, money, round2, units, type AgentDescriptor } from './stock-shared'

export const AGENT = {
  name: 'channel-allocation',
  model_version: 'channel-allocation-1.0.0',
  alert_types: ['channel_conflict'],
  actions: ['reallocate'],
  may_run_without_person: true,
} as const satisfies AgentDescriptor

export const RULES: Partial<Record<AlertType, HysteresisRule>> = {
  channel_conflict: { open: 1.2, clear: 1.05, open_after: 2, clear_after: 2 },
}

export interface ChannelForecast {
  channel: string
  /** Expected demand over the horizon, units. */
  mean: number
  /** Its standard deviation over the horizon, units. */
  sd: number
  /** Margin per unit sold in this channel (price - cost - channel costs), money. */
  unit_margin: number
  /** Units this channel holds now (reservation), when a split exists. */
  current?: number
}

export interface ChannelAllocationInput {
  sku: string
  location: string
  /** Sellable stock at the node, units. */
  stock: number
  horizon_days: number
  channels: readonly ChannelForecast[]
  /** Allocate in packs of this many units (1 = units). */
  step?: number
  promo_id?: string | null
  /** Days of sales history behind the forecasts (confidence). */
  history_days?: number
}

/** E[min(D, a)] for D ~ N(mean, sd^2); with sd = 0, min(mean, a). */
export function expectedSales(a: number, mean: number, sd: number): number {
  if (!(sd > 1e-12)) return Math.min(mean, a)
  return mean - sd * standardNormalLoss((a - mean) / sd)
}

/** Expected margin served by a split: sum_c m_c E[min(D_c, a_c)]. */
export function expectedMargin(split: readonly number[], channels: readonly ChannelForecast[]): number {
  let total = 0
  for (let k = 0; k < channels.length; k++) total += channels[k].unit_margin * expectedSales(split[k], channels[k].mean, channels[k].sd)
  return total
}

/**
 * Greedy marginal allocation of `stock` whole units (in packs of `step`, then the remainder):
 * each next pack goes to the channel with the largest margin x (E[min(D, a + step)] - E[min(D, a)]),
 * ties to the earlier channel. Optimal for this separable concave objective (see the header).
 * Every unit is allocated (the marginal expected sale is positive under a normal demand).
 */
export function allocateGreedy(stock: number, channels: readonly ChannelForecast[], step = 1): number[] {
  const split = channels.map(() => 0)
  if (channels.length === 0) return split
  let left = Math.max(0, Math.floor(stock))
  const pack = Math.max(1, Math.floor(step))
  const gain = (k: number, size: number) => {
    const c = channels[k]
    return c.unit_margin * (expectedSales(split[k] + size, c.mean, c.sd) - expectedSales(split[k], c.mean, c.sd))
  }
  while (left > 0) {
    const size = Math.min(pack, left)
    let best = 0
    let bestGain = gain(0, size)
    for (let k = 1; k < channels.length; k++) {
      const g = gain(k, size)
      if (g > bestGain) {
        best = k
        bestGain = g
      }
    }
    split[best] += size
    left -= size
  }
  return split
}

/** stock split in proportion to expected demand, whole units by largest remainder (ties: earlier channel). */
export function proportionalSplit(stock: number, channels: readonly ChannelForecast[]): number[] {
  const s = Math.max(0, Math.floor(stock))
  const total = channels.reduce((t, c) => t + Math.max(0, c.mean), 0)
  if (!(total > 0)) return channels.map((_, k) => (k === 0 ? s : 0))
  const raw = channels.map((c) => (s * Math.max(0, c.mean)) / total)
  const split = raw.map(Math.floor)
  const left = s - split.reduce((a, b) => a + b, 0)
  const order = raw.map((r, k) => ({ k, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.k - b.k)
  // The floors leave fewer units than channels: one more each, largest remainders first.
  for (let i = 0; i < left; i++) split[order[i].k]++
  return split
}

const severityOf = (signal: number): Severity => (signal >= 2 ? 'high' : signal >= 1.5 ? 'medium' : 'low')

/**
 * The decision at one node: null when there is nothing to split (no stock, fewer than two channels)
 * or total expected demand / S is below the clear threshold; otherwise the channel_conflict
 * finding with the greedy split. The baseline is the current split when every channel has one,
 * else the split in proportion to expected demand. value_at_risk = expected margin left unserved
 * under the baseline, sum_c m_c (mu_c - E[min(D_c, b_c)]); the recommendation's value = expected
 * margin of the recommended split - that of the baseline; its quantity = units moved from the
 * baseline, sum_c max(0, a_c - b_c). Confidence: cv of the total demand over the horizon,
 * sqrt(sum sd^2) / sum mean, 1 up to 0.25 falling to 0.3 at 1, times the history factor.
 */
export function decideChannelAllocation(input: ChannelAllocationInput): AgentFinding | null {
  const S = Math.max(0, Math.floor(input.stock))
  const ch = input.channels
  if (S <= 0 || ch.length < 2) return null
  const demand = ch.reduce((t, c) => t + Math.max(0, c.mean), 0)
  const signal = demand / S
  if (signal < RULES.channel_conflict!.clear) return null
  const split = allocateGreedy(S, ch, input.step ?? 1)
  const hasCurrent = ch.every((c) => c.current != null)
  const baseline = hasCurrent ? ch.map((c) => c.current!) : proportionalSplit(S, ch)
  const emRec = expectedMargin(split, ch)
  const emBase = expectedMargin(baseline, ch)
  const unserved = ch.reduce((t, c, k) => t + c.unit_margin * (c.mean - expectedSales(baseline[k], c.mean, c.sd)), 0)
  const moved = split.reduce((t, a, k) => t + Math.max(0, a - baseline[k]), 0)
  const cv = Math.sqrt(ch.reduce((t, c) => t + c.sd * c.sd, 0)) / demand
  const baseName = hasCurrent ? 'the current split' : 'a split in proportion to demand'
  const forecasts = ch.map((c) => `${c.channel} ${units(round2(c.mean))} ± ${units(round2(c.sd))} units (margin ${money(c.unit_margin)})`).join(', ')
  const splitText = ch.map((c, k) => `${c.channel} ${split[k]}`).join(', ')
  const promo = input.promo_id ? ` during promotion ${input.promo_id}` : ''
  const why =
    `Expected demand over the next ${input.horizon_days} days${promo} is ${units(round2(demand))} units against ${S} in stock (${signal.toFixed(2)}x): ${forecasts}; ` +
    `the split ${splitText} maximises expected margin served, ${money(emRec)} against ${money(emBase)} with ${baseName}.`
  return {
    type: 'channel_conflict',
    scope: { sku: input.sku, location: input.location, channel: '', supplier: '' },
    signal,
    severity: severityOf(signal),
    value_at_risk: round2(unserved),
    why,
    recommendation: {
      action: 'reallocate',
      quantity: moved,
      split: Object.fromEntries(ch.map((c, k) => [c.channel, split[k]])),
      cost: 0,
      value: round2(Math.max(0, emRec - emBase)),
      summary: `Allocate ${splitText}`,
    },
    confidence: round2(cvConfidence(cv, 0.25, 1) * historyFactor(input.history_days)),
    agent: AGENT.name,
    model_version: AGENT.model_version,
    chart: {
      x: ch.map((c) => c.channel),
      series: [
        { name: 'expected demand', values: ch.map((c) => round2(c.mean)), unit: 'units' },
        { name: 'recommended', values: split, unit: 'units' },
        { name: hasCurrent ? 'current' : 'proportional', values: baseline, unit: 'units' },
      ],
      refs: [{ name: 'stock', value: S }],
    },
  }
}

/**
 * Where no per-channel forecast of what a node ships exists (jobs/agents/channel.ts says why), each
 * channel's is derived from what the node fulfilled for it: its daily units over a window of
 * whole days (0 on days without a sale) and its revenue there.
 */
export interface ChannelSales {
  channel: string
  /** Units per day of the window, oldest first. */
  daily: readonly number[]
  revenue: number
}

/** Share of a node's units a channel must draw for the node to be contested. */
export const MIN_CHANNEL_SHARE = 0.1
/** Units per week a channel must draw: a stray order is no contest. */
export const MIN_CHANNEL_UNITS_PER_WEEK = 1

const unitsOf = (c: ChannelSales) => c.daily.reduce((a, b) => a + b, 0)

/**
 * The channels contesting a node's stock: each drawing >= MIN_CHANNEL_SHARE of the node's units
 * and >= MIN_CHANNEL_UNITS_PER_WEEK over the window; sorted by name; [] when fewer than two.
 * Example: store 560 units, ecommerce 336 over 56 days -> both (62 %, 38 %); ecommerce 14 -> [] (2.4 %).
 */
export function contestedChannels(channels: readonly ChannelSales[]): ChannelSales[] {
  const total = channels.reduce((t, c) => t + unitsOf(c), 0)
  if (!(total > 0)) return []
  const kept = channels.filter((c) => unitsOf(c) / total >= MIN_CHANNEL_SHARE && unitsOf(c) >= (MIN_CHANNEL_UNITS_PER_WEEK * c.daily.length) / 7)
  return kept.length >= 2 ? [...kept].sort((a, b) => a.channel.localeCompare(b.channel)) : []
}

/**
 * A channel's demand over a horizon of L days (the node's lead time, sd sd_L) from its daily
 * sales: daily mean mu and sample sd s over the window; mean mu L, sd sqrt(L s^2 + mu^2 sd_L^2)
 * (the lead-time demand of lib/policy); unit margin = average realised price - unit cost, >= 0.
 * Example: daily [8, 12] x 28, L 7, sd_L 0, price 10, cost 5: mean 70, sd sqrt(7 x 4.07) = 5.34, margin 5.
 */
export function forecastFromSales(c: ChannelSales, lead_time_days: number, sd_lead_time_days: number, unit_cost: number): ChannelForecast {
  const n = c.daily.length
  const units = unitsOf(c)
  const mu = n > 0 ? units / n : 0
  const v = n > 1 ? c.daily.reduce((t, x) => t + (x - mu) ** 2, 0) / (n - 1) : 0
  const L = Math.max(0, lead_time_days)
  return {
    channel: c.channel,
    mean: mu * L,
    sd: Math.sqrt(L * v + mu * mu * sd_lead_time_days * sd_lead_time_days),
    unit_margin: units > 0 ? Math.max(0, c.revenue / units - unit_cost) : 0,
  }
}
