/**
 * The recompute's echelon plumbing (lib/planning/downstream.ts): which planned locations feed
 * others (DCs), so they are planned after their children, on their children's demand summed as
 * those children's plans come out.
 */
import type { ClickHouse } from '@/lib/clickhouse/client'
import { childLocationsOf, feederLocations } from '@/lib/clickhouse/queries/agent-inputs'
import { DownstreamBuilder, type Downstream } from '@/lib/planning/downstream'
import { HORIZON_DAYS, type SeriesForecast, type SkuPlan } from '@/lib/planning/compute'

export class Echelon {
  private constructor(
    /** Locations to plan first (those no planned location depends on), then the DCs. */
    readonly phases: [string[], string[]],
    private readonly parentOf: Map<string, string>,
    private readonly builders: Map<string, DownstreamBuilder>,
  ) {}

  /**
   * For a full run over `locations`: the DCs among the locations' parents join the run (a DC with
   * no stock snapshot yet still gets a plan) and go last. A partial run (`partial`) plans what it
   * was given on its own demand: a DC's children may not be in it.
   */
  static async of(client: ClickHouse['heavy'], locations: string[], partial: boolean): Promise<Echelon> {
    if (partial) return new Echelon([locations, []], new Map(), new Map())
    const feeders = (await feederLocations(client, {})).map((r) => r.location)
    const children = feeders.length ? await childLocationsOf(client, { parents: feeders }) : []
    const planned = new Set(locations)
    const parentOf = new Map(children.filter((c) => planned.has(c.location)).map((c) => [c.location, c.parent]))
    const dcs = [...new Set(parentOf.values())].sort()
    const dcSet = new Set(dcs)
    const builders = new Map(dcs.map((dc) => [dc, new DownstreamBuilder(HORIZON_DAYS)]))
    return new Echelon([locations.filter((l) => !dcSet.has(l)), dcs], parentOf, builders)
  }

  /** A planned child's plans and forecasts, added to its DC's downstream demand. */
  add(location: string, plans: readonly SkuPlan[], forecasts: readonly SeriesForecast[]): void {
    const dc = this.parentOf.get(location)
    if (dc && dc !== location) this.builders.get(dc)?.add(plans, forecasts)
  }

  /** A DC's children's demand (undefined for any other location). Call once its children are planned. */
  downstreamOf(location: string): Downstream | undefined {
    const b = this.builders.get(location)
    return b && b.size ? b.build() : undefined
  }
}
