/**
 * The geometry of a card's small "why" chart (WhyChart, lib/alerts/types.ts): each series as an
 * SVG polyline, each reference (reorder point, threshold) as a horizontal line, on one y scale from
 * zero (or the lowest value, when negative) to the highest value or reference. Plus a sentence that
 * says what the chart shows, for screen readers. Pure: the card draws it as plain SVG.
 */
import type { WhyChart } from './types'

export interface ChartGeometry {
  width: number
  height: number
  lines: { name: string; unit: string; points: string; last: { x: number; y: number } | null }[]
  refs: { name: string; value: number; y: number }[]
  /** The y scale's ends, in the series' unit. */
  min: number
  max: number
}

const round = (n: number) => Math.round(n * 10) / 10

/** Lay out `chart` in a `width` x `height` box, with `pad` pixels kept clear at the top and bottom. */
export function chartGeometry(chart: WhyChart, width: number, height: number, pad = 2): ChartGeometry {
  const finite = (v: number) => Number.isFinite(v)
  const values = chart.series.flatMap((s) => s.values.filter(finite))
  const refValues = (chart.refs ?? []).map((r) => r.value).filter(finite)
  const all = [...values, ...refValues]
  const min = Math.min(0, ...all)
  let max = Math.max(0, ...all)
  if (max === min) max = min + 1
  const n = Math.max(1, chart.x.length, ...chart.series.map((s) => s.values.length))
  const xAt = (i: number) => (n === 1 ? width / 2 : (i / (n - 1)) * width)
  const yAt = (v: number) => pad + (1 - (v - min) / (max - min)) * (height - 2 * pad)
  const lines = chart.series.map((s) => {
    const pts: { x: number; y: number }[] = []
    s.values.forEach((v, i) => {
      if (finite(v)) pts.push({ x: round(xAt(i)), y: round(yAt(v)) })
    })
    return { name: s.name, unit: s.unit, points: pts.map((p) => `${p.x},${p.y}`).join(' '), last: pts.at(-1) ?? null }
  })
  const refs = (chart.refs ?? []).filter((r) => finite(r.value)).map((r) => ({ name: r.name, value: r.value, y: round(yAt(r.value)) }))
  return { width, height, lines, refs, min, max }
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10).toLocaleString('en-GB')

/**
 * "On hand: 120 to 40 units from 2026-12-01 to 2026-12-06. Reorder point: 60." One clause per
 * series (first and last values), then the references.
 */
export function describeChart(chart: WhyChart): string {
  const from = chart.x[0]
  const to = chart.x.at(-1)
  const span = from && to && from !== to ? ` from ${from} to ${to}` : from ? ` on ${from}` : ''
  const parts = chart.series
    .map((s) => {
      const vs = s.values.filter(Number.isFinite)
      if (!vs.length) return `${s.name}: no values`
      const unit = s.unit ? ` ${s.unit}` : ''
      return vs.length === 1 ? `${s.name}: ${fmt(vs[0])}${unit}${span}` : `${s.name}: ${fmt(vs[0])} to ${fmt(vs.at(-1)!)}${unit}${span}`
    })
    .map((p) => `${p}.`)
  for (const r of chart.refs ?? []) parts.push(`${r.name}: ${fmt(r.value)}.`)
  return parts.join(' ')
}
