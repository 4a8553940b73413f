'use client'
import Link from 'next/link'
import { Area, Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { PolicyRow } from '@/lib/clickhouse/queries/planning'
import { fmtInt } from '../format'
import { StatusBadge } from '../StatusBadge'
import { LocalTime } from '../alerts/LocalTime'
import { SkuFigures } from './SkuFigures'
import { formatCover, formatUnits } from '@/lib/kpis/format'
import { formatMoneyShort } from '@/lib/money'
import { leadTimeDemandSd, readsCountQuantile } from '@/lib/policy/policy'
import { censoringNote } from '@/lib/planning/censoring-note'
import { REVIEW_INTERVAL_DAYS, orderSpanDays, reviewPeriodFor } from '@/lib/planning/review'
import { sumForecasts } from '@/lib/planning/sum-forecasts'

interface Forecast { channel: string; model: string; start_date: string; mean: number[]; lower: number[]; upper: number[]; computed_at: string; censoring_factor: number }
/** Stock on its way in: an open purchase order (outstanding units) or a transfer in transit. */
export interface Inbound { kind: 'PO' | 'transfer'; ref: string; from: string; qty: number; due: string }
interface Promo { promo_id: string; first_day: string; last_day: string; discount_pct: number; channels: string[] }

const addDays = (date: string, n: number) => new Date(Date.parse(date) + n * 86_400_000).toISOString().slice(0, 10)

const today = () => new Date().toISOString().slice(0, 10)
/** "S01, S02, S03 and 5 more". */
const feedList = (ids: readonly string[]) => (ids.length <= 4 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`)

/** Every day from `from` up to (not including) `to`, with the units sold (0 on days without a sale). */
function dailyHistory(history: { date: string; units: number }[], from: string, to: string): { date: string; sold: number }[] {
  const units = new Map(history.map((p) => [p.date, p.units]))
  const out: { date: string; sold: number }[] = []
  for (let d = from; d < to && out.length < 400; d = addDays(d, 1)) out.push({ date: d, sold: units.get(d) ?? 0 })
  return out
}

/** History, forecast with its interval, promotions, projected on hand against SS and ROP, inbound stock, and why. */
export function SkuDetail({ sku, product, location, historyFrom, history, forecasts, policy, inbound, promotions, signalNote, fed }: {
  sku: string; product: { name: string; category: string } | null; location: string; historyFrom: string; history: { date: string; units: number }[]; forecasts: Forecast[]; policy: PolicyRow | null; inbound: Inbound[]; promotions: Promo[]
  /** What weather and local events did to the forecast (lib/planning/signal-note.ts); null when nothing. */
  signalNote?: string | null
  /** For a DC: the locations it feeds and their forecasts, drawn with its own (`history` includes their sales). */
  fed?: { locations: readonly string[]; forecasts: Forecast[] }
}) {
  const fc = sumForecasts(fed ? [...forecasts, ...fed.forecasts] : forecasts)
  const feeds = fed?.locations ?? []
  const start = fc[0]?.date
  const demandData = [
    ...dailyHistory(history, historyFrom, start ?? today()),
    ...fc.map((p) => ({ date: p.date, forecast: Math.round(p.mean * 100) / 100, interval: p.band.map((x) => Math.round(x * 100) / 100) })),
  ]
  // Arrivals on their due dates; an overdue one (still open) is counted from the first day, as the
  // position counts it on order.
  const receiptsByDate = new Map<string, number>()
  const firstDay = fc[0]?.date ?? today()
  for (const r of inbound) {
    const d = r.due.slice(0, 10) < firstDay ? firstDay : r.due.slice(0, 10)
    receiptsByDate.set(d, (receiptsByDate.get(d) ?? 0) + r.qty)
  }
  const projection: { date: string; on_hand: number }[] = []
  for (let k = 0, onHand = policy?.on_hand ?? 0; k < fc.length; k++) {
    // Stock cannot go below zero: demand beyond it is lost, not owed.
    onHand = Math.max(0, onHand + (receiptsByDate.get(fc[k].date) ?? 0) - fc[k].mean)
    projection.push({ date: fc[k].date, on_hand: Math.round(onHand * 10) / 10 })
  }
  const risk = policy?.stockout_probability ?? null
  const stockoutNote = censoringNote(forecasts)
  // The reorder point's protection interval, L + the nightly run's day (lib/policy/policy.ts).
  const protection = (policy?.lead_time_days ?? 0) + REVIEW_INTERVAL_DAYS
  const countQuantile = policy !== null && readsCountQuantile(policy.d, protection)
  const protectionMean = (policy?.d ?? 0) * protection
  // The days the plan's d averages the forecast over (lib/planning/plan-location.ts): L + 1 + R.
  const reviewPeriod = reviewPeriodFor(policy?.lead_time_source ?? 'supplier')
  const orderSpan = orderSpanDays(policy?.lead_time_days ?? 0, policy?.lead_time_source ?? 'supplier')
  const protectionVariance = policy ? leadTimeDemandSd(policy.d, policy.sd_d, protection, policy.sd_lead_time_days) ** 2 : 0
  // The product's category as sent last; the policy's (as of its computation) without a product row.
  const category = product?.category || policy?.category
  // Promotion spans clipped to the chart's days (a category axis only places areas on its own dates).
  const firstDate = demandData[0]?.date
  const lastDate = demandData[demandData.length - 1]?.date
  const promoAreas = firstDate && lastDate
    ? promotions
        .map((p) => ({ ...p, x1: p.first_day < firstDate ? firstDate : p.first_day, x2: p.last_day > lastDate ? lastDate : p.last_day }))
        .filter((p) => p.x1 <= p.x2)
    : []
  const forecastEnd = fc.length ? fc[fc.length - 1].date : undefined
  const planned = start && forecastEnd ? promotions.filter((p) => p.last_day >= start && p.first_day <= forecastEnd) : []
  return (
    <main id="main" className="mx-auto max-w-screen-2xl space-y-4 px-4 py-4">
      <div className="flex flex-wrap items-baseline gap-3">
        <Link href={`/board?location=${encodeURIComponent(location)}`} className="text-sm text-blue-600 hover:underline dark:text-blue-400">← Board</Link>
        <h1 className="min-w-0 break-words text-xl font-semibold">
          <span className="font-mono">{sku}</span>
          {product?.name && <span className="font-normal" data-testid="product-name"> {product.name}</span>}
        </h1>
        <span className="text-slate-600 dark:text-slate-300">at <span className="font-mono">{location}</span>{category ? ` · ${category}` : ''}</span>
        {risk !== null && <StatusBadge health={risk > 0.3 ? 'risk' : risk > 0.1 ? 'watch' : 'healthy'} label={`${Math.round(risk * 100)}% stockout risk in lead time`} />}
      </div>
      {policy ? (
        <section aria-label="Why" className="rounded-lg border border-slate-200 bg-white p-4 text-sm leading-relaxed dark:border-slate-800 dark:bg-slate-900" data-testid="why">
          <p>
            Demand is forecast at <b className="num">{formatUnits(policy.d)}</b> units/day (σ <span className="num">{formatUnits(policy.sd_d)}</span>, model <code>{policy.model}</code>) over the next <span className="num">{formatUnits(orderSpan)}</span> days, the days an order placed tonight must cover (L + 1 + a review period of {reviewPeriod} {reviewPeriod === 1 ? 'day' : 'days'}): the forecast below averaged over them, so a promotion inside them raises it.
            {' '}
            {policy.lead_time_source === 'transfer' ? (
              <>This location is replenished by transfer from its DC, arriving in <b className="num">{formatUnits(policy.lead_time_days)}</b> days (σ <span className="num">{formatUnits(policy.sd_lead_time_days)}</span>).</>
            ) : (
              <>Supplier <span className="font-mono">{policy.supplier || 'unknown'}</span> delivers in <b className="num">{formatUnits(policy.lead_time_days)}</b> days (σ <span className="num">{formatUnits(policy.sd_lead_time_days)}</span>).</>
            )}{' '}
            For a <b>{Math.round(policy.service_level * 1000) / 10}%</b> cycle service target (segment {policy.abc}{policy.xyz}{policy.lead_time_source === 'transfer' ? ", its weekly target met over a week's daily cycles" : ''}
            {countQuantile ? (
              <>), the reorder point is <b className="num">{formatUnits(policy.reorder_point)}</b>: demand over L + 1 days (mean <span className="num">{formatUnits(protectionMean)}</span>, variance <span className="num">{formatUnits(protectionVariance)}</span>) comes in whole units and is skewed, so the stock that covers it with that probability is read from {protectionVariance > protectionMean ? 'a negative-binomial count' : 'a Poisson count (the variance is not above the mean)'}, not d × (L + 1) + z σ, which falls short at high targets; safety stock is <b className="num">{formatUnits(policy.safety_stock)}</b> above the mean.</>
            ) : (
              <>, z = <span className="num">{policy.z.toFixed(2)}</span>), safety stock is <b className="num">{formatUnits(policy.safety_stock)}</b> and the reorder point <b className="num">{formatUnits(policy.reorder_point)}</b> = d × (L + 1) + SS.</>
            )}
            {' '}L + 1, because the nightly replenishment run reviews once a day: an order it does not place tonight waits a day.
          </p>
          <p className="mt-1">
            Position is <b className="num">{formatUnits(policy.position)}</b> (on hand {formatUnits(policy.on_hand)} + on order {formatUnits(policy.on_order)} − reserved {formatUnits(policy.reserved)}),
            {policy.position <= policy.reorder_point ? (
              <> at or below the reorder point: order <b className="num">{fmtInt(policy.recommended_order_qty)}</b> units (up to {formatUnits(policy.order_up_to)}, in case packs of {policy.case_pack}, MOQ {policy.moq}).</>
            ) : (
              <> above the reorder point: no order needed yet.</>
            )}
            {' '}Cover: {policy.days_of_cover >= 9999 ? 'no demand forecast' : `${formatCover(policy.days_of_cover).replace(' d', '')} days`}
            {policy.projected_stockout_date ? `, projected to run out on ${policy.projected_stockout_date} (the location's day)` : ''}; expected lost margin {formatMoneyShort(policy.expected_lost_margin)}
            {policy.expected_lost_margin === 0 && policy.stockout_probability > 0 ? ` (no unit margin: price ${formatMoneyShort(policy.unit_price)}, unit cost ${formatMoneyShort(policy.unit_cost)})` : ''}.
          </p>
          {planned.length > 0 && (
            <p className="mt-1" data-testid="why-promotions">
              {planned.map((p, i) => (
                <span key={p.promo_id}>
                  {i > 0 ? '; ' : ''}Promotion <span className="font-mono">{p.promo_id}</span> ({formatUnits(p.discount_pct)}% off, {p.first_day} to {p.last_day}
                  {p.channels.length ? `, ${p.channels.join(', ')}` : ''})
                </span>
              ))}
              {planned.length === 1 ? ' falls' : ' fall'} in the forecast: those days carry the uplift this category&apos;s past promotions at that depth showed at this location, and the days after them the dip that followed.
            </p>
          )}
          {stockoutNote && (
            <p className="mt-1" data-testid="why-stockouts">{stockoutNote}</p>
          )}
          {signalNote && (
            <p className="mt-1" data-testid="why-signals">
              External signals moved the forecast (changes to units forecast; learned for this category at this location from past weather and events): {signalNote}.
            </p>
          )}
          <SkuFigures policy={policy} />
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Computed <LocalTime iso={`${policy.computed_at.replace(' ', 'T').slice(0, 19)}Z`} seconds /> · model version {policy.model_version}</p>
        </section>
      ) : (
        <p className="rounded border border-slate-200 p-4 text-sm text-slate-500 dark:text-slate-400 dark:border-slate-800">No policy computed for this SKU at this location yet.</p>
      )}
      <section aria-labelledby="demand-h" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="demand-h" className="mb-2 text-sm font-medium text-slate-600 dark:text-slate-300">
          {feeds.length
            ? `Demand ${location} is planned on: units sold (90 days) and forecast with 80% interval at ${location} and the ${feeds.length} location${feeds.length === 1 ? '' : 's'} it feeds (${feedList(feeds)}), summed`
            : `Units sold (90 days) and forecast with 80% interval${forecasts.length > 1 ? ` · ${forecasts.length} channels summed` : ''}`}
          {promoAreas.length > 0 && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">shaded: promotions</span>}
        </h2>
        <div className="h-72">
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={demandData} margin={{ top: 4, right: 8, bottom: 0, left: -12 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="currentColor" strokeOpacity={0.12} />
              <XAxis dataKey="date" minTickGap={40} tick={{ fontSize: 11, fill: 'currentColor' }} />
              <YAxis tick={{ fontSize: 11, fill: 'currentColor' }} />
              <Tooltip contentStyle={{ fontSize: 12 }} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {promoAreas.map((p) => (
                <ReferenceArea key={p.promo_id} x1={p.x1} x2={p.x2} fill="#f59e0b" fillOpacity={0.15} stroke="none" ifOverflow="hidden"
                  label={{ value: `−${Math.round(p.discount_pct)}%`, position: 'insideTop', fontSize: 11, fill: '#b45309' }} />
              ))}
              <Bar dataKey="sold" name="Sold" fill="#64748b" isAnimationActive={false} />
              <Area dataKey="interval" name="80% interval" fill="#93c5fd" stroke="none" fillOpacity={0.5} isAnimationActive={false} />
              <Line dataKey="forecast" name="Forecast" stroke="#2563eb" dot={false} strokeWidth={2} isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      </section>
      <div className="grid gap-4 xl:grid-cols-2">
        <section aria-labelledby="proj-h" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <h2 id="proj-h" className="mb-2 text-sm font-medium text-slate-600 dark:text-slate-300">Projected on hand (forecast demand; open POs and transfers arriving on their due dates)</h2>
          <div className="h-64">
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={projection} margin={{ top: 4, right: 8, bottom: 0, left: -12 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="currentColor" strokeOpacity={0.12} />
                <XAxis dataKey="date" minTickGap={40} tick={{ fontSize: 11, fill: 'currentColor' }} />
                <YAxis tick={{ fontSize: 11, fill: 'currentColor' }} domain={[0, (max: number) => Math.ceil(Math.max(max, (policy?.reorder_point ?? 0) * 1.1))]} />
                <Tooltip contentStyle={{ fontSize: 12 }} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                {policy && <ReferenceLine y={policy.reorder_point} stroke="#d97706" strokeDasharray="6 3" label={{ value: `ROP ${formatUnits(policy.reorder_point)}`, fontSize: 11, fill: '#d97706', position: 'insideTopRight' }} />}
                {policy && <ReferenceLine y={policy.safety_stock} stroke="#dc2626" strokeDasharray="3 3" label={{ value: `SS ${formatUnits(policy.safety_stock)}`, fontSize: 11, fill: '#dc2626', position: 'insideBottomLeft' }} />}
                <ReferenceLine y={0} stroke="currentColor" strokeOpacity={0.4} />
                <Line dataKey="on_hand" name="Projected on hand" stroke="#16a34a" dot={false} strokeWidth={2} isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
        </section>
        <section aria-labelledby="po-h" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <h2 id="po-h" className="mb-2 text-sm font-medium text-slate-600 dark:text-slate-300">Inbound: open purchase orders and transfers in transit</h2>
          {inbound.length === 0 ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">Nothing on its way into this location.</p>
          ) : (
            <table className="w-full text-left text-sm" data-testid="inbound">
              <thead className="text-xs text-slate-500 dark:text-slate-400"><tr><th className="py-1 font-medium">Type</th><th className="font-medium">Reference</th><th className="font-medium">From</th><th className="text-right font-medium">Units</th><th className="pl-3 font-medium">Due</th></tr></thead>
              <tbody>
                {inbound.map((r) => (
                  <tr key={`${r.kind}:${r.ref}`} className="border-t border-slate-100 dark:border-slate-800">
                    <td className="py-1">{r.kind}</td><td className="font-mono">{r.ref}</td><td className="font-mono">{r.from}</td><td className="num text-right">{fmtInt(r.qty)}</td>
                    <td className="pl-3">{r.due.slice(0, 10) < firstDay ? <StatusBadge health="watch" label={`late: due ${r.due.slice(0, 10)}`} /> : r.due.slice(0, 10)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </main>
  )
}
