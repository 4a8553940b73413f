/**
 * The event ids of flushes being inserted, shared by the ingest writer's lanes (jobs/index.ts),
 * so that of two flushes holding one event exactly one lands it. A flush's look-up in ClickHouse
 * cannot see rows inserted after it began, so an id another flush claimed must stay visible here
 * to every look-up that began before that flush's rows were in: released ids are kept (retired)
 * until every look-up running when they were released has finished. Dropping them at once, as this
 * did, let a double landing through: lane B's look-up starts; lane A claims, inserts and releases
 * the same ids meanwhile; B's look-up misses A's rows and B's re-read no longer had A's ids
 * (tests/integration/ingest-lanes.test.ts caught it once, under load).
 */
export class InFlightIds {
  private readonly live = new Set<ReadonlySet<string>>()
  /** Released sets, with the tick of their release. */
  private readonly retired = new Map<ReadonlySet<string>, number>()
  /** Running look-ups, with the tick they began at. */
  private readonly lookups = new Map<symbol, number>()
  private tick = 0

  /** A look-up in ClickHouse begins; pass its token to `claim` when it is done. */
  beginLookup(): symbol {
    const token = Symbol('lookup')
    this.lookups.set(token, ++this.tick)
    return token
  }

  /** Every set an id must be checked against after a look-up: those in flight and those released since it (or another running one) began. */
  pending(): ReadonlySet<string>[] {
    return [...this.live, ...this.retired.keys()]
  }

  /** The look-up's flush takes `ids` (call in the same synchronous step as `pending`), and the look-up ends. */
  claim(token: symbol, ids: ReadonlySet<string>): void {
    this.live.add(ids)
    this.end(token)
  }

  /** A look-up ends without claiming (it failed). */
  end(token: symbol): void {
    this.lookups.delete(token)
    this.prune()
  }

  /** The flush's inserts are visible (or it gave up): look-ups that begin from now on see its rows in ClickHouse. */
  release(ids: ReadonlySet<string>): void {
    if (!this.live.delete(ids)) return
    this.retired.set(ids, ++this.tick)
    this.prune()
  }

  /** Sets held, live and retired (tests; a steady state holds at most a few). */
  get size(): number {
    return this.live.size + this.retired.size
  }

  private prune(): void {
    let oldest = Infinity
    for (const t of this.lookups.values()) if (t < oldest) oldest = t
    for (const [ids, t] of this.retired) if (t < oldest) this.retired.delete(ids)
  }
}
