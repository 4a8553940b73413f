/**
 * Which skus, locations and suppliers exist, kept in memory by the ingest writer so that every
 * landed event can be checked for references to master data that has not arrived yet, without
 * a query per flush. Loaded once from ClickHouse, then grown by the master-data events landed.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { defineQuery } from '@/lib/clickhouse/query'
import type { MasterKind } from '@/lib/events/rows'

const allKeys = defineQuery({
  name: 'master.all_keys',
  sql: `SELECT 'sku' AS kind, sku AS ref FROM products GROUP BY sku
        UNION ALL SELECT 'location' AS kind, location AS ref FROM locations GROUP BY location
        UNION ALL SELECT 'supplier' AS kind, supplier AS ref FROM suppliers GROUP BY supplier`,
  params: z.object({}),
  row: z.object({ kind: z.enum(['sku', 'location', 'supplier']), ref: z.string() }),
})

export class MasterDataIndex {
  private known: Record<MasterKind, Set<string>> = { sku: new Set(), location: new Set(), supplier: new Set() }
  private loaded: Promise<void> | undefined

  constructor(private readonly client: ClickHouseClient) {}

  async ready(): Promise<void> {
    this.loaded ??= allKeys(this.client, {}).then((rows) => {
      for (const r of rows) this.known[r.kind].add(r.ref)
    })
    try {
      await this.loaded
    } catch (err) {
      this.loaded = undefined
      throw err
    }
  }

  has(kind: MasterKind, ref: string): boolean {
    return this.known[kind].has(ref)
  }

  add(kind: MasterKind, ref: string): void {
    this.known[kind].add(ref)
  }
}
