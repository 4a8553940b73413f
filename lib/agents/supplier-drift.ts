/**
 * Supplier delay, its second decision: a supplier whose recent lead times drifted above its
 * history (the Welch test in supplier-delay.ts's header), with the open POs that delay leaves short.
 */
import type { AgentFinding, Recommendation, WhyChart } from '../alerts/types'
import { shrinkageWeight } from '../policy/lead-time'
import { exposureMaps, poShortfall } from './supplier-delay-exposure'
import { AGENT, DEFAULT_OPTIONS, namesAnd, windowsBySupplier, type SupplierDelayInput, type SupplierDelayOptions } from './supplier-delay-inputs'
import { dayNumber, dateOfDay, mean, round, sampleSd, severityByValue } from './signals'
import { fmtMoneyAuto, fmtNum, plural } from './wording'

interface Drift {
  n_recent: number
  n_history: number
  recent_mean: number
  history_mean: number
  se: number
  excess: number
  significant: boolean
}

/** The drift test on one supplier's lead times (see the header); null without enough receipts. */
export function leadTimeDrift(recent: readonly number[], history: readonly number[], options: Partial<SupplierDelayOptions> = {}): Drift | null {
  const o = { ...DEFAULT_OPTIONS, ...options }
  if (recent.length < o.min_recent || history.length < o.min_history) return null
  const rm = mean(recent)
  const hm = mean(history)
  const rs = sampleSd(recent)
  const hs = sampleSd(history)
  const se = Math.sqrt((hs * hs) / history.length + (rs * rs) / recent.length)
  const excess = rm - hm
  return {
    n_recent: recent.length,
    n_history: history.length,
    recent_mean: rm,
    history_mean: hm,
    se,
    excess,
    significant: excess >= o.min_drift_days && excess > o.k_se * se,
  }
}

/** Findings for suppliers with enough receipts to judge, one per supplier (sku and location ''). */
export function decideLeadTimeDrift(input: SupplierDelayInput): AgentFinding[] {
  const o = { ...DEFAULT_OPTIONS, ...input.options }
  const today = dayNumber(input.today)
  const maps = exposureMaps(input)
  const findings: AgentFinding[] = []
  for (const [supplier, w] of [...windowsBySupplier(input, o)].sort(([a], [b]) => a.localeCompare(b))) {
    w.recent.sort((a, b) => a.day - b.day)
    const recent = w.recent.map((r) => r.lead)
    const t = leadTimeDrift(recent, w.history, o)
    if (!t) continue
    const delay = t.significant ? t.excess : 0
    // Every open PO of the supplier, if it comes `delay` days later than its history says.
    const exposed = input.open_pos
      .filter((p) => p.supplier === supplier && p.qty > 0)
      .map((p) => {
        const a = Math.max(0, dayNumber(p.ordered_at) + t.history_mean - today)
        const x = poShortfall(maps, p.sku, p.location, p.qty, a, delay)
        return { po: p, value: x.value, stores: x.down?.stores.map((s) => s.location) ?? [] }
      })
      .filter((x) => x.value > 0)
      .sort((a, b) => b.value - a.value || a.po.po_id.localeCompare(b.po.po_id))
    const value = round(exposed.reduce((s, x) => s + x.value, 0))
    const z = t.se > 0 ? t.excess / t.se : t.excess > 0 ? Infinity : 0
    const test =
      `${supplier}'s last ${plural(t.n_recent, 'receipt')} took ${fmtNum(t.recent_mean, 1)} days on average, against ${fmtNum(t.history_mean, 1)} days ` +
      `over the ${plural(t.n_history, 'receipt')} before: ${fmtNum(t.excess, 1)} days ${t.excess >= 0 ? 'more' : 'less'}, ` +
      `${Number.isFinite(z) ? fmtNum(z, 1) : 'infinitely many'} standard errors (an alert needs ${fmtNum(o.k_se, 0)} and at least ${plural(o.min_drift_days, 'day')}).`
    const via = (stores: string[]) => (stores.length ? `; short at ${namesAnd(stores, 3)}` : '')
    const names = exposed.slice(0, 3).map((x) => `${x.po.sku} at ${x.po.location} (${x.po.po_id}, ${fmtMoneyAuto(x.value, o.currency_symbol)}${via(x.stores)})`)
    const more = exposed.length > 3 ? ` and ${plural(exposed.length - 3, 'more PO')}` : ''
    const exposure_text = !t.significant
      ? ''
      : exposed.length
        ? ` Open POs that would leave stock short at that delay: ${names.join(', ')}${more}; ${fmtMoneyAuto(value, o.currency_symbol)} of margin at risk.`
        : ' No open PO of this supplier would leave stock short at that delay.'
    const units = exposed.reduce((s, x) => s + x.po.qty, 0)
    // A conversation with the supplier about several POs, not one action on one SKU at one
    // location (an action record is; records.ts refuses one without): each late PO gets its own
    // expedite card (supplier-delay.ts), so this card asks a person to talk to the supplier.
    const recommendation: Recommendation = exposed.length
      ? {
          action: 'investigate',
          quantity: 0,
          cost: 0,
          value: 0,
          summary: `Ask ${supplier} to expedite ${plural(exposed.length, 'open PO')} (${plural(units, 'unit')}, ${fmtMoneyAuto(value, o.currency_symbol)} of margin at risk) and confirm its lead times`,
        }
      : { action: 'investigate', quantity: 0, cost: 0, value: 0, summary: `Review ${supplier}'s lead time: recent receipts take longer than planned` }
    const chart: WhyChart = {
      x: w.recent.map((r) => dateOfDay(r.day)),
      series: [{ name: 'lead time of recent receipts', values: recent, unit: 'days' }],
      refs: [
        { name: 'history mean', value: round(t.history_mean) },
        { name: `history mean + ${fmtNum(o.k_se, 0)} SE`, value: round(t.history_mean + o.k_se * t.se) },
      ],
    }
    findings.push({
      type: 'supplier_delay',
      scope: { sku: '', location: '', channel: '', supplier },
      signal: round(delay),
      severity: severityByValue(value, o.severity),
      value_at_risk: value,
      why: test + exposure_text,
      recommendation,
      confidence: round(Math.min(shrinkageWeight(t.n_recent, 5), shrinkageWeight(t.n_history, 5)), 3),
      agent: AGENT.name,
      model_version: AGENT.model_version,
      chart,
    })
  }
  return findings
}
