'use client'
import { useEffect, useState } from 'react'
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { ACCURACY_DEFINITIONS, SEGMENT_KINDS, type SegmentKind } from '@/lib/forecast/accuracy'
import type { AccuracyBody } from '@/lib/forecast/accuracy-api-schemas'
import { getJson } from './api'

type Segment = AccuracyBody['segments'][number]

const KIND_LABEL: Record<SegmentKind, string> = { category: 'Category', region: 'Region', channel: 'Channel', demand_class: 'Demand class' }
const BUTTON = 'rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-700'
const INPUT = 'rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900'

const pct = (x: number | null, signed = false) => (x === null ? '—' : `${signed && x > 0 ? '+' : ''}${(100 * x).toFixed(1)}%`)
const num = (x: number | null, d = 2) => (x === null ? '—' : x.toFixed(d))
const units = (x: number) => Math.round(x).toLocaleString('en-GB')

/** Colour and a word, never colour alone: amber over-forecast, red under-forecast (lost sales), green unbiased, grey unknown. */
function BiasCell({ s }: { s: Segment }) {
  const tone = { 'over-forecast': 'text-amber-700 dark:text-amber-400', 'under-forecast': 'text-red-700 dark:text-red-400', unbiased: 'text-green-700 dark:text-green-400', unknown: 'text-slate-500 dark:text-slate-400' }[s.bias_direction]
  return (
    <td className={`num py-1 pr-3 text-right ${tone}`}>
      {pct(s.bias, true)} <span className="text-xs">{s.bias_direction}</span>
    </td>
  )
}

function DriftCell({ s }: { s: Segment }) {
  const d = s.drift
  if (!d.judged) return <td className="py-1 pr-3 text-xs text-slate-500 dark:text-slate-400" title={d.reason}>not judged</td>
  if (!d.drifted.length) return <td className="py-1 pr-3 text-xs text-green-700 dark:text-green-400">✓ usual</td>
  const what = d.drifted.map((m) => {
    const x = m === 'wape' ? d.wape! : d.bias!
    return `${m === 'wape' ? 'WAPE' : 'bias'} ${pct(x.now, m === 'bias')} (usual ${pct(x.low, m === 'bias')} to ${pct(x.high, m === 'bias')})`
  })
  return (
    <td className="py-1 pr-3 text-xs font-semibold text-red-700 dark:text-red-400" title={`Week to ${d.week_end}: ${what.join('; ')}`} data-testid="drift-flag">
      ⚠ drift: {d.drifted.map((m) => (m === 'wape' ? 'error' : 'bias')).join(' and ')}
    </td>
  )
}

function WeeksChart({ s }: { s: Segment }) {
  const data = s.weeks.map((w) => ({ week: w.week_end, wape: w.wape === null ? null : 100 * w.wape, bias: w.bias === null ? null : 100 * w.bias }))
  return (
    <figure className="space-y-1">
      <figcaption className="text-sm">
        WAPE and bias by week, <strong>{s.segment}</strong> (percent; weeks end on the date shown)
      </figcaption>
      <div className="h-56 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
            <XAxis dataKey="week" minTickGap={30} tick={{ fontSize: 11, fill: 'currentColor' }} />
            <YAxis tick={{ fontSize: 11, fill: 'currentColor' }} unit="%" />
            <Tooltip contentStyle={{ fontSize: 12 }} formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—')} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <ReferenceLine y={0} stroke="currentColor" opacity={0.5} />
            <Line dataKey="wape" name="WAPE" stroke="#2563eb" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} connectNulls />
            <Line dataKey="bias" name="Bias" stroke="#d97706" strokeWidth={2} strokeDasharray="5 3" dot={{ r: 2 }} isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  )
}

/** Model monitoring on /governance: accuracy of the stored forecasts by segment, with drift flags and a weekly chart. */
export function ModelAccuracy() {
  const [by, setBy] = useState<SegmentKind>('category')
  const [period, setPeriod] = useState({ from: '', to: '' })
  const [state, setState] = useState<{ key: string; body: AccuracyBody | null; error: string | null }>({ key: '', body: null, error: null })
  const [selected, setSelected] = useState<string | null>(null)
  const [reload, setReload] = useState(0)
  const q = new URLSearchParams({ by })
  if (period.from) q.set('from', period.from)
  if (period.to) q.set('to', period.to)
  const key = `${q.toString()}#${reload}`

  useEffect(() => {
    let live = true
    getJson<AccuracyBody>(`/api/v1/model-accuracy?${key.split('#')[0]}`).then(
      (a) => live && setState(a.ok ? { key, body: a.data, error: null } : { key, body: null, error: a.message || `HTTP ${a.status}` }),
      (err: unknown) => live && setState({ key, body: null, error: String(err) }),
    )
    return () => {
      live = false
    }
  }, [key])

  // Until the answer for the current choice arrives, the previous figures stay, marked as loading.
  const loading = state.key !== key
  const body = state.body
  const segments = body?.segments ?? []
  const chosen = segments.find((s) => s.segment === selected) ?? segments[0]
  return (
    <div className="space-y-3" data-testid="model-accuracy">
      <p className="text-sm text-slate-600 dark:text-slate-300">
        How the forecasts the product stored compare with what sold, as the sales arrive. A segment flagged as drifting raises a model-drift alert in the inbox: do not trust its forecasts blindly.
      </p>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <div role="tablist" aria-label="Segment kind" className="flex gap-1">
          {SEGMENT_KINDS.map((k) => (
            <button key={k} role="tab" aria-selected={by === k} className={`${BUTTON} ${by === k ? 'bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900' : ''}`} onClick={() => (setBy(k), setSelected(null))}>
              {KIND_LABEL[k]}
            </button>
          ))}
        </div>
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault()
            const f = new FormData(e.currentTarget)
            setPeriod({ from: String(f.get('from') ?? ''), to: String(f.get('to') ?? '') })
          }}
        >
          <label className="flex flex-col">
            From <input type="date" name="from" defaultValue={period.from} className={INPUT} />
          </label>
          <label className="flex flex-col">
            To <input type="date" name="to" defaultValue={period.to} className={INPUT} />
          </label>
          <button type="submit" className={BUTTON}>
            Show
          </button>
        </form>
        {body && (
          <span className="text-xs text-slate-500 dark:text-slate-400">
            {body.from} to {body.to} (UTC days)
          </span>
        )}
      </div>
      {loading && <p className="text-sm text-slate-500 dark:text-slate-400" role="status">Loading accuracy…</p>}
      {!loading && state.error && (
        <p className="text-sm text-red-700 dark:text-red-400" role="alert">
          Could not load the accuracy figures: {state.error}{' '}
          <button className="underline" onClick={() => setReload((n) => n + 1)}>
            Retry
          </button>
        </p>
      )}
      {!loading && !state.error && body && !segments.length && <p className="text-sm text-slate-500 dark:text-slate-400">No stored forecasts in this period yet: the figures appear once the recompute has run and sales have arrived.</p>}
      {segments.length > 0 && (
        <div className="grid gap-4 lg:grid-cols-2">
          <table className="w-full text-sm">
            <caption className="sr-only">Forecast accuracy by {KIND_LABEL[by].toLowerCase()}</caption>
            <thead className="text-left text-xs text-slate-500 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-1 pr-3">{KIND_LABEL[by]}</th>
                <th scope="col" className="py-1 pr-3 text-right" title={ACCURACY_DEFINITIONS.wape}>WAPE</th>
                <th scope="col" className="py-1 pr-3 text-right" title={ACCURACY_DEFINITIONS.bias}>Bias</th>
                <th scope="col" className="py-1 pr-3 text-right" title={ACCURACY_DEFINITIONS.mase}>MASE</th>
                <th scope="col" className="py-1 pr-3 text-right" title={ACCURACY_DEFINITIONS.volume}>Units sold</th>
                <th scope="col" className="py-1 pr-3" title={ACCURACY_DEFINITIONS.drift}>Drift</th>
              </tr>
            </thead>
            <tbody>
              {segments.map((s) => (
                <tr key={s.segment} className={`border-t border-slate-100 dark:border-slate-800 ${chosen?.segment === s.segment ? 'bg-slate-50 dark:bg-slate-800/50' : ''}`}>
                  <th scope="row" className="py-1 pr-3 text-left font-normal">
                    <button className="underline decoration-dotted" aria-pressed={chosen?.segment === s.segment} onClick={() => setSelected(s.segment)}>
                      {s.segment}
                    </button>
                  </th>
                  <td className="num py-1 pr-3 text-right" title={ACCURACY_DEFINITIONS.wape}>{pct(s.wape)}</td>
                  <BiasCell s={s} />
                  <td className="num py-1 pr-3 text-right" title={ACCURACY_DEFINITIONS.mase}>{num(s.mase)}</td>
                  <td className="num py-1 pr-3 text-right" title={`${units(s.actual)} units sold, ${units(s.forecast)} forecast, ${units(s.series_days)} series-days`}>{units(s.actual)}</td>
                  <DriftCell s={s} />
                </tr>
              ))}
            </tbody>
          </table>
          {chosen && <WeeksChart s={chosen} />}
        </div>
      )}
      {body && <p className="text-xs text-slate-500 dark:text-slate-400">{body.drift_rule}</p>}
    </div>
  )
}
