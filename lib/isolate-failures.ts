/**
 * Find what fails in a failed group of items (the batches of an ingest flush), land the rest, and
 * tell poison from an outage. Pure: landing and probing are the caller's.
 *
 * - Outage: the probe (a small insert through the same path) does not land. Nothing is poison:
 *   every item goes back to be retried, and no bisection is spent on a store that is down.
 * - Otherwise the group is split in halves, recursively; each half that lands is done, each half
 *   that fails is split again, down to single items. An item that failed alone is tried alone
 *   once more (a failure can be passing); if it fails again and the probe still lands, ClickHouse
 *   takes other inserts and refuses this one: it is poison. If the probe fails by then, the store
 *   went down meanwhile, and the item is retried instead.
 */
export interface Failed<T> {
  item: T
  error: unknown
}

export interface Isolation<T> {
  /** Items that failed alone, twice, while the store took other inserts. */
  poison: Failed<T>[]
  /** Items to retry later: the store itself was failing. */
  retry: Failed<T>[]
  /** Parts that landed (each landed part's items are the caller's to complete). */
  landedParts: number
  outage: boolean
}

export async function isolateFailures<T>(
  items: readonly T[],
  error: unknown,
  land: (part: T[]) => Promise<void>,
  probe: () => Promise<boolean>,
): Promise<Isolation<T>> {
  if (!(await probe())) return { poison: [], retry: items.map((item) => ({ item, error })), landedParts: 0, outage: true }
  const failed: Failed<T>[] = []
  let landedParts = 0
  const split = async (part: T[], partError: unknown): Promise<void> => {
    if (part.length === 1) {
      failed.push({ item: part[0], error: partError })
      return
    }
    const mid = Math.ceil(part.length / 2)
    for (const half of [part.slice(0, mid), part.slice(mid)]) {
      try {
        await land(half)
        landedParts++
      } catch (err) {
        await split(half, err)
      }
    }
  }
  await split([...items], error)
  const stillFailing: Failed<T>[] = []
  for (const f of failed) {
    try {
      await land([f.item])
      landedParts++
    } catch (err) {
      stillFailing.push({ item: f.item, error: err })
    }
  }
  if (!stillFailing.length) return { poison: [], retry: [], landedParts, outage: false }
  const storeTakesInserts = await probe()
  return storeTakesInserts
    ? { poison: stillFailing, retry: [], landedParts, outage: false }
    : { poison: [], retry: stillFailing, landedParts, outage: true }
}
