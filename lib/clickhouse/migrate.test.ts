import { describe, expect, it } from 'vitest'
import { loadMigrations, renderTemplate, splitStatements } from './migrate'

describe('migrations', () => {
  it('split statements on trailing semicolons and drop comment lines', () => {
    expect(splitStatements('-- hi\nCREATE TABLE a (x String);\n\nCREATE VIEW b AS SELECT \';\' AS s FROM a;\n')).toEqual([
      'CREATE TABLE a (x String)',
      "CREATE VIEW b AS SELECT ';' AS s FROM a",
    ])
  })

  it('render ON CLUSTER and replicated engines only when a cluster is named', () => {
    const sql = 'CREATE TABLE t {on_cluster} (x String) ENGINE = {replicated}MergeTree ORDER BY x'
    expect(renderTemplate(sql, '')).toBe('CREATE TABLE t  (x String) ENGINE = MergeTree ORDER BY x')
    expect(renderTemplate(sql, 'main')).toBe('CREATE TABLE t ON CLUSTER main (x String) ENGINE = ReplicatedMergeTree ORDER BY x')
  })

  it('are numbered 1..n with no gap, every statement idempotent', () => {
    const ms = loadMigrations()
    expect(ms.map((m) => m.version)).toEqual(ms.map((_, i) => i + 1))
    // The INSERTs are backfills whose rerun changes nothing: 007's into event_days, a set
    // (ReplacingMergeTree read with DISTINCT), 008's into risk_top (replaced rank for rank), 012's
    // into landed_counts (only while empty) and ingest_received (one batch key, replaced), 017's
    // into forecast_days (only while empty; ReplacingMergeTree by computed_at, the same rows).
    // 019's MATERIALIZE PROJECTION rebuilds a projection from its part's own rows: the same again.
    // 026 writes value_daily's rows again with their cycle marks (the same marks again; a
    // ReplacingMergeTree, then OPTIMIZE ... FINAL), then empties its rollup and fills it from them.
    for (const m of ms) {
      for (const s of m.statements) {
        expect(s).toMatch(
          /IF NOT EXISTS|^ALTER TABLE .* (MODIFY (QUERY|SETTING|TTL)|MATERIALIZE PROJECTION)|^INSERT INTO (event_days|risk_top|landed_counts|ingest_received|forecast_days|truth\.value_daily|truth\.value_daily_by_location)\s+SELECT|^OPTIMIZE TABLE truth\.value_daily\s+FINAL$|^TRUNCATE TABLE IF EXISTS truth\.value_daily_by_location\s*$/s,
        )
      }
    }
    // The rollup is emptied after every write into value_daily of 026 and before it is filled.
    const m026 = ms.find((m) => m.version === 26)!.statements.map((s) => s.split(/\s+/).slice(0, 3).join(' '))
    expect(m026.lastIndexOf('INSERT INTO truth.value_daily')).toBeLessThan(m026.indexOf('TRUNCATE TABLE IF'))
    expect(m026.indexOf('TRUNCATE TABLE IF')).toBeLessThan(m026.indexOf('INSERT INTO truth.value_daily_by_location'))
    expect(ms.flatMap((m) => m.statements).join('\n')).not.toContain('{')
  })
})
