/**
 * ClickHouse string literals for values this process made itself: spool file paths, file()
 * structures, the id prefix of an import (a content hash), setting values, a source name.
 *
 * Data from outside always travels as query parameters or in files. These few values are
 * written into the statement instead because, in embedded mode, chdb runs every parameterized
 * query through one process-wide chain (chdb/index.js `globalParamChain`: its parameter binding
 * is not isolated per connection), so two parameterized inserts on two connections run one after
 * the other. The import lands chunks on two connections and the ingest writer flushes tables on
 * several; with a bound file path they took turns. Measured (1M sales rows into raw_sales and its
 * views, 4 chunks on 2 connections): bound 317k-397k rows/s, literal 416k-706k rows/s, the
 * second core busy instead of idle.
 */
export function sqlLiteral(s: string): string {
  return `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
}
