-- Implausible events (lib/events/plausibility.ts): kept whole with the rules they failed, never
-- summed. Their ids count as landed, like every landing table's: a replay is a duplicate.
CREATE TABLE IF NOT EXISTS raw_quarantine {on_cluster}
(
    event_id    String,
    type        LowCardinality(String),
    ts          DateTime64(3, 'UTC'),
    source      LowCardinality(String),
    event       String,
    rules       Array(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (type, toDate(ts), event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_quarantine_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, type, ingested_at FROM raw_quarantine;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_quarantine_days_mv {on_cluster} TO event_days AS
SELECT toDate(ts) AS day, event_id FROM raw_quarantine;

-- One row per CSV import when it lands, and one more when it is undone (DELETE
-- /api/v1/imports/{id}): who, when, what it landed, and what the undo removed per table. The
-- state of an import is its latest row. Its rows carry `source` = `<source>#<import_id>`.
CREATE TABLE IF NOT EXISTS imports {on_cluster}
(
    import_id   String,
    at          DateTime64(3, 'UTC'),
    status      LowCardinality(String),
    actor       String,
    source      String,
    type        LowCardinality(String),
    mode        LowCardinality(String),
    rows        UInt64,
    landed      UInt64,
    duplicates  UInt64,
    rejected    UInt64,
    quarantined UInt64,
    removed     Map(String, UInt64)
)
ENGINE = {replicated}MergeTree
ORDER BY (import_id, at);
