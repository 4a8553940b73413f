-- Ingest integrity (issue 12): dedup by event_id alone, figures from what landed, dead letters.
--
-- landed_ids: a hash set of every landed event_id (sipHash64), in memory (Set engine), fed by a
-- materialized view on every landing table in the same insert.
-- The writer's look-up asks it first: cost follows the flush's size, not history, and it answers
-- by id alone, whatever the timestamp (event_days, 007, keyed by the event's day, let an id land
-- again under another day). Its few hits are confirmed exactly (event_days by day and id, then
-- event_ids by id), so a hash collision never drops an event. Measured in chDB, 35,000 new ids
-- against 3M / 6M landed: 11 / 14 ms, against 23 / 46 ms for event_days' slice of today and
-- 95 / 223 ms for an EmbeddedRocksDB table keyed by event_id (slower: its multi-get grows with
-- history). Memory: about 20 bytes per landed id. Not persistent: a persistent Set writes a file
-- per insert (one per flush) and reads them all back at start; instead the writer fills it from
-- event_ids when it finds it empty (lib/clickhouse/queries/events.ts: a marker row says it was
-- filled), after a restart of this process or of a ClickHouse server. A Set is local to its
-- server: in a cluster (CLICKHOUSE_CLUSTER) each node holds the ids inserted through it, so
-- inserts must go through one node (as embedded and single-server modes do).
CREATE TABLE IF NOT EXISTS landed_ids {on_cluster} (h UInt64) ENGINE = Set SETTINGS persistent = 0;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_sales_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM raw_sales;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_returns_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM raw_returns;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_inventory_snapshots_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM raw_inventory_snapshots;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_inventory_movements_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM raw_inventory_movements;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_purchase_orders_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM raw_purchase_orders;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_po_receipts_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM raw_po_receipts;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_transfers_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM raw_transfers;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_price_changes_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM raw_price_changes;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_promotions_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM raw_promotions;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_external_signals_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM raw_external_signals;

CREATE MATERIALIZED VIEW IF NOT EXISTS products_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM products;

CREATE MATERIALIZED VIEW IF NOT EXISTS locations_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM locations;

CREATE MATERIALIZED VIEW IF NOT EXISTS suppliers_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM suppliers;

CREATE MATERIALIZED VIEW IF NOT EXISTS customers_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM customers;

-- Quarantined events (012) have landed too: their ids are taken.
CREATE MATERIALIZED VIEW IF NOT EXISTS raw_quarantine_landed_ids_mv {on_cluster} TO landed_ids AS
SELECT sipHash64(event_id) AS h FROM raw_quarantine;


-- Events landed per source and type, counted by the landing insert itself (materialized views),
-- so the figure is what landed whatever happens to the writer's bookkeeping afterwards (a flush
-- that landed just before a crash used to count as duplicates on replay). A retried identical
-- insert carries the same dedup token, and the dedup window below drops its block here too.
-- Counted per source as the product names it: an import's rows carry `<source>#<import id>`
-- (012), counted under <source>. Rows taken out again (an import undone, or moved to quarantine:
-- server/import/remove.ts) are subtracted by a negative row, hence Int64.
CREATE TABLE IF NOT EXISTS landed_counts {on_cluster}
(
    source LowCardinality(String),
    type   LowCardinality(String),
    events Int64
)
ENGINE = {replicated}SummingMergeTree
ORDER BY (source, type)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_sales_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'sale' AS type, count() AS events FROM raw_sales GROUP BY source;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_returns_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'return' AS type, count() AS events FROM raw_returns GROUP BY source;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_inventory_snapshots_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'inventory_snapshot' AS type, count() AS events FROM raw_inventory_snapshots GROUP BY source;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_inventory_movements_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'inventory_movement' AS type, count() AS events FROM raw_inventory_movements GROUP BY source;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_purchase_orders_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'purchase_order' AS type, count() AS events FROM raw_purchase_orders GROUP BY source;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_po_receipts_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'po_receipt' AS type, count() AS events FROM raw_po_receipts GROUP BY source;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_transfers_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'transfer' AS type, count() AS events FROM raw_transfers GROUP BY source;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_price_changes_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'price_change' AS type, count() AS events FROM raw_price_changes GROUP BY source;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_promotions_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'promotion' AS type, count() AS events FROM raw_promotions GROUP BY source;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_external_signals_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'external_signal' AS type, count() AS events FROM raw_external_signals GROUP BY source;

CREATE MATERIALIZED VIEW IF NOT EXISTS products_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'product' AS type, count() AS events FROM products GROUP BY source;

CREATE MATERIALIZED VIEW IF NOT EXISTS locations_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'location' AS type, count() AS events FROM locations GROUP BY source;

CREATE MATERIALIZED VIEW IF NOT EXISTS suppliers_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'supplier' AS type, count() AS events FROM suppliers GROUP BY source;

CREATE MATERIALIZED VIEW IF NOT EXISTS customers_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, 'customer' AS type, count() AS events FROM customers GROUP BY source;

-- Quarantined events count as landed under their own type (they were received, and stored).
CREATE MATERIALIZED VIEW IF NOT EXISTS raw_quarantine_landed_counts_mv {on_cluster} TO landed_counts AS
SELECT splitByChar('#', source)[1] AS source, type, count() AS events FROM raw_quarantine GROUP BY source, type;

-- Events received per batch (landed or dropped as duplicates), one row per batch and type, keyed
-- by the batch (its job id and acceptance time: a replay of the same job writes the same row, a
-- re-post is a new batch). Duplicates = received - landed, which a replay cannot skew. Rows taken
-- back out (an undone import) were not duplicates: a negative row under a batch named after the
-- removal takes them out of received as landed_counts takes them out of landed.
CREATE TABLE IF NOT EXISTS ingest_received {on_cluster}
(
    source      LowCardinality(String),
    type        LowCardinality(String),
    batch       String,
    events      Int64,
    recorded_at DateTime64(3, 'UTC')
)
ENGINE = {replicated}ReplacingMergeTree(recorded_at)
PARTITION BY toYYYYMM(recorded_at)
ORDER BY (source, type, batch);

-- Batches that failed alone while the rest of their flush landed: kept with their error and
-- their events (JSON, base64: the bytes that failed must not fail again here), for /data and the
-- status API, to inspect and re-send. Keyed by batch: recording one twice keeps one row.
CREATE TABLE IF NOT EXISTS ingest_dead_letters {on_cluster}
(
    batch            String,
    source           LowCardinality(String),
    received_at      DateTime64(3, 'UTC'),
    dead_lettered_at DateTime64(3, 'UTC'),
    events           UInt32,
    landed           UInt32,
    error            String,
    body_b64         String
)
ENGINE = {replicated}ReplacingMergeTree(dead_lettered_at)
ORDER BY batch;

-- The writer's probe: a row inserted through the landing path when a flush failed, to tell a
-- poison batch (the probe lands) from ClickHouse failing (it does not).
CREATE TABLE IF NOT EXISTS ingest_probe {on_cluster} (at DateTime64(3, 'UTC'))
ENGINE = {replicated}MergeTree ORDER BY at TTL toDateTime(at) + INTERVAL 1 DAY;

-- The figures before this migration, from the flush records (a 'before-013' batch per source and
-- type), only when nothing is counted yet, so a rerun adds nothing.
INSERT INTO landed_counts SELECT source, type, sum(events) AS events FROM ingest_flushes
WHERE (SELECT count() FROM landed_counts) = 0 GROUP BY source, type;
INSERT INTO ingest_received SELECT source, type, 'before-013' AS batch, sum(events + duplicates) AS events, now64(3) AS recorded_at
FROM ingest_flushes GROUP BY source, type;
