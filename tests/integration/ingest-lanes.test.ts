/**
 * The ingest writer's two lanes (jobs/index.ts): small batches go through the express lane, with
 * connections of its own, large ones through the bulk lane; an event posted in both at once
 * lands once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IngestWriter } from '@/jobs/ingest-writer'
import { insertFlush, prepareFlush } from '@/jobs/ingest-flush'
import type { ClickHouse } from '@/lib/clickhouse/client'
import { InFlightIds } from '@/jobs/ingest-inflight'
import { MasterDataIndex } from '@/jobs/master-data'
import { withIngestRole } from '@/lib/clickhouse/client'
import type { Event } from '@/lib/events/schema'
import { createTestRuntime, drainIngest, ingestRequest, rawSalesAt, sale, type TestRuntime } from '../helpers/runtime'
import { handleIngest } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('ingest-lanes.test.ts')

let t: TestRuntime
beforeAll(async () => {
  t = await createTestRuntime({ env: { INGEST_EXPRESS_MAX_EVENTS: '10' } })
}, 60_000)
afterAll(async () => t?.cleanup())

const unitsAt = async (location: string) => {
  const rs = await t.rt.clickhouse.interactive.query({ query: `SELECT sum(units) AS u FROM sales_daily WHERE location = '${location}'`, format: 'JSONEachRow' })
  return Number((await rs.json<{ u: number }>())[0].u)
}

describe('ingest lanes', () => {
  it('lands an event once when both lanes take it at the same moment', async () => {
    // Two writers as jobs/index.ts makes them: their own buffers and connections, the in-flight
    // ids and the master index shared. Each round, both prepare a flush holding the same events
    // side by side: neither can see the other's in ClickHouse yet, only in the shared ids.
    const inFlight = new InFlightIds()
    const master = new MasterDataIndex(t.rt.clickhouse.ingest)
    const bulk = new IngestWriter({ clickhouse: t.rt.clickhouse, flushRows: 1, flushMs: 1, inFlight, master })
    const express = new IngestWriter({ clickhouse: withIngestRole(t.rt.clickhouse, 'express'), flushRows: 1, flushMs: 1, inFlight, master })
    const writes: Promise<unknown>[] = []
    for (let k = 0; k < 6; k++) {
      const events = Array.from({ length: 200 }, (_, i) => sale({ event_id: `lanes-${k}-${i}`, location: 'L-lanes', qty: 1 }) as Event)
      writes.push(bulk.write({ source: 'test', events }))
      // One more event: another insert (its dedup token differs), so only the look-up and the
      // shared in-flight ids stand between the repeated events and a second landing.
      writes.push(express.write({ source: 'test', events: [...events, sale({ event_id: `lanes-extra-${k}`, location: 'L-lanes', qty: 1 }) as Event] }))
    }
    await Promise.all(writes)
    await Promise.all([bulk.drain(), express.drain()])
    // A rollup sums whatever lands (raw rows of one id could merge away and hide a double landing).
    expect(await unitsAt('L-lanes')).toBe(6 * 201)
  })

  it("skips the ids another lane claimed, inserted and released while this lane's look-up ran", async () => {
    // The look-up's answer is held back until the other lane's rows are in: the answer was read
    // before they landed (ClickHouse itself, only its reply delayed), so only the shared ids can
    // tell this lane they are taken.
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    let asked = 0
    const ingest = new Proxy(t.rt.clickhouse.ingest, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver)
        if (prop !== 'query' || typeof v !== 'function') return typeof v === 'function' ? v.bind(target) : v
        return async (...args: unknown[]) => {
          const answer = await v.apply(target, args)
          asked++
          await gate
          return answer
        }
      },
    })
    const slow: ClickHouse = { ...t.rt.clickhouse, ingest }
    const inFlight = new InFlightIds()
    const events = Array.from({ length: 50 }, (_, i) => sale({ event_id: `race-${i}`, location: 'L-race', qty: 1 }) as Event)
    const late = prepareFlush(slow, [{ source: 'test', events }], undefined, inFlight)
    await expect.poll(() => asked, { timeout: 10_000 }).toBeGreaterThan(0)
    const first = await prepareFlush(t.rt.clickhouse, [{ source: 'test', events }], undefined, inFlight)
    expect(first.ids.size).toBe(50)
    await (await insertFlush(t.rt.clickhouse, first)).recorded
    inFlight.release(first.ids)
    open()
    const second = await late
    expect(second.ids.size).toBe(0)
    await (await insertFlush(t.rt.clickhouse, second)).recorded
    expect(await unitsAt('L-race')).toBe(50)
    expect(inFlight.size).toBe(1)
    inFlight.release(second.ids)
    expect(inFlight.size).toBe(0)
  })

  it('lands small and large batches posted together through the API, each event once', async () => {
    const small = Array.from({ length: 20 }, (_, b) => Array.from({ length: 1 + (b % 10) }, () => sale({ location: 'L-mix', qty: 1 })))
    const large = Array.from({ length: 3 }, () => Array.from({ length: 2_000 }, () => sale({ location: 'L-mix', qty: 1 })))
    // The small batches repeat events of the large ones too: whichever lane takes them first lands them.
    const repeats = large.map((b) => b.slice(0, 5))
    const answers = await Promise.all([...large, ...small, ...repeats].map((b) => handleIngest(t.rt, ingestRequest(b))))
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 202))
    await drainIngest(t.rt, 30_000)
    const expected = 3 * 2_000 + small.reduce((n, b) => n + b.length, 0)
    expect(await rawSalesAt(t.rt, 'L-mix')).toEqual({ n: expected, units: expected })
    expect(await unitsAt('L-mix')).toBe(expected)
  })
})
