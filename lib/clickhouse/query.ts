/**
 * Named, typed, parameterised queries. Every read the product makes is declared with
 * `defineQuery`: a name (for logs), SQL with `{name:Type}` placeholders only, a zod schema for
 * its parameters and one for its rows. Values from outside never reach SQL by string building;
 * the only exception is `literals`, String parameters this process made itself (a spool file's
 * path), written in as escaped literals so that chdb does not queue the query (literal.ts).
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { sqlLiteral } from './literal'

export interface QueryDef<P extends z.ZodType, R extends z.ZodType> {
  name: string
  sql: string
  params: P
  row: R
  /** Per-query engine settings, e.g. max_threads for heavy reads. */
  settings?: Record<string, string | number>
  /**
   * Names of `{name:String}` parameters whose values this process made (never input from
   * outside): written into the SQL as literals, not bound (see literal.ts).
   */
  literals?: readonly string[]
}

export type Query<P extends z.ZodType, R extends z.ZodType> = ((
  client: ClickHouseClient,
  params: z.input<P>,
) => Promise<z.output<R>[]>) & { def: QueryDef<P, R> }

export class QueryError extends Error {
  constructor(
    readonly queryName: string,
    cause: unknown,
  ) {
    super(`query ${queryName} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}

export function defineQuery<P extends z.ZodType, R extends z.ZodType>(def: QueryDef<P, R>): Query<P, R> {
  const run = async (client: ClickHouseClient, params: z.input<P>) => {
    const queryParams = def.params.parse(params) as Record<string, unknown>
    let sql = def.sql
    for (const name of def.literals ?? []) {
      const v = queryParams[name]
      if (typeof v !== 'string') throw new QueryError(def.name, new Error(`literal parameter ${name} is not a string`))
      sql = sql.replaceAll(`{${name}:String}`, sqlLiteral(v))
      delete queryParams[name]
    }
    let rows: unknown[]
    try {
      const rs = await client.query({
        query: sql,
        ...(Object.keys(queryParams).length ? { query_params: queryParams } : {}),
        format: 'JSONEachRow',
        clickhouse_settings: { ...def.settings, output_format_json_quote_64bit_integers: 0 },
      })
      rows = await rs.json()
    } catch (err) {
      throw new QueryError(def.name, err)
    }
    return z.array(def.row).parse(rows)
  }
  return Object.assign(run, { def })
}
