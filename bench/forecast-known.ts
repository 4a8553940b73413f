/**
 * Where the simulator's bias comes from, for bench:forecast: the forecast days split by what the
 * product knew of their price at the origin, per demand class, for ours and the recompute.
 *
 *   plain                 no promotion and the regular price
 *   promotion, announced  a promotion whose event came before the origin (the forecast has it)
 *   promotion, unknown    a promotion announced after the origin (no forecast could have it)
 *   markdown from before  a markdown running at the origin, carried into the horizon
 *   markdown, new         a markdown that began after the origin
 *
 * bias = (sum of forecasts - sum of true demand) / sum of true demand over the days of the row; a
 * row's share is its part of the class's true demand, so share x bias is what it adds to the
 * class's bias. The simulator announces promotions 28 days ahead (lib/sim/config.ts
 * `announceDays`), so "promotion, unknown" is empty unless that lead is shortened.
 */
import type { DemandSegment } from '@/lib/forecast/classify'
import type { SimFullData } from './forecast-sim'

const KINDS = ['plain', 'promotion, announced', 'promotion, unknown', 'markdown from before', 'markdown, new'] as const
type Kind = (typeof KINDS)[number]
const MODELS = ['ours', 'recompute'] as const

function kindOf(s: SimFullData['series'][number], origin: number, t: number): Kind {
  if (s.discount[t] > 0) return s.announced[t] < origin ? 'promotion, announced' : 'promotion, unknown'
  if (s.price_ratio[t] < 1) return s.price_ratio[origin - 1] < 1 ? 'markdown from before' : 'markdown, new'
  return 'plain'
}

export class BiasByKnowledge {
  private readonly sums = new Map<string, { f: number[]; y: number }>()

  /** One origin: `forecasts[m][i]` the horizon path of series i (full.series order) by model m. */
  add(full: SimFullData, origin: number, segments: readonly DemandSegment[], forecasts: Record<(typeof MODELS)[number], readonly ArrayLike<number>[]>, sample: readonly number[]): void {
    for (const i of sample) {
      const s = full.series[i]
      for (let h = 0; h < full.horizon; h++) {
        const t = origin + h
        for (const key of [`${segments[i]}\u0001${kindOf(s, origin, t)}`, `${segments[i]}\u0001all`]) {
          let acc = this.sums.get(key)
          if (!acc) this.sums.set(key, (acc = { f: MODELS.map(() => 0), y: 0 }))
          MODELS.forEach((m, k) => (acc!.f[k] += forecasts[m][i][h]))
          acc.y += s.truth[t]
        }
      }
    }
  }

  print(): void {
    const segs = [...new Set([...this.sums.keys()].map((k) => k.split('\u0001')[0]))].sort()
    console.log('\nSimulator: bias by what the origin knew of the day (sum over the origins; share = part of the class\'s true demand)')
    console.log('| class        | days                 | share  | ours bias | recompute bias |')
    console.log('|--------------|----------------------|--------|-----------|----------------|')
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`
    for (const seg of segs) {
      const all = this.sums.get(`${seg}\u0001all`)
      if (!all || !(all.y > 0)) continue
      for (const kind of [...KINDS, 'all'] as const) {
        const a = this.sums.get(`${seg}\u0001${kind}`)
        if (!a || !(a.y > 0)) continue
        const cells = MODELS.map((_, k) => pct((a.f[k] - a.y) / a.y))
        console.log(`| ${seg.padEnd(12)} | ${kind.padEnd(20)} | ${(a.y / all.y).toFixed(3).padStart(6)} | ${cells[0].padStart(9)} | ${cells[1].padStart(14)} |`)
      }
    }
  }
}
