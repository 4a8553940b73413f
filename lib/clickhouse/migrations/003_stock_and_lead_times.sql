-- Stock position per sku x location = the latest snapshot (or cycle count) plus every stock
-- change since it. Snapshots keep only their latest value per key; changes keep their time so
-- "since the snapshot" can be summed exactly.
CREATE TABLE IF NOT EXISTS stock_snapshots_latest {on_cluster}
(
    location LowCardinality(String),
    sku      String,
    snap_ts  AggregateFunction(max, DateTime64(3, 'UTC')),
    on_hand  AggregateFunction(argMax, Float64, DateTime64(3, 'UTC')),
    reserved AggregateFunction(argMax, Float64, DateTime64(3, 'UTC'))
)
ENGINE = {replicated}AggregatingMergeTree
ORDER BY (location, sku);

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_snapshots_latest_mv {on_cluster} TO stock_snapshots_latest AS
SELECT location, sku, maxState(ts) AS snap_ts, argMaxState(on_hand, ts) AS on_hand, argMaxState(reserved, ts) AS reserved
FROM raw_inventory_snapshots
GROUP BY location, sku;

-- A cycle count states the on-hand quantity outright: it acts as a snapshot.
CREATE MATERIALIZED VIEW IF NOT EXISTS stock_counts_latest_mv {on_cluster} TO stock_snapshots_latest AS
SELECT location, sku, maxState(ts) AS snap_ts, argMaxState(qty, ts) AS on_hand, argMaxState(toFloat64(0), ts) AS reserved
FROM raw_inventory_movements
WHERE kind = 'count'
GROUP BY location, sku;

-- Every change to on-hand stock other than sales, signed: resellable returns put stock back;
-- movements add or remove by kind. Purchase-order receipts change stock through their
-- `receipt` movement (po_receipt events feed lead times only). Sales are read from raw_sales
-- directly (its key leads with location, sku, day), so the largest stream is not stored twice.
CREATE TABLE IF NOT EXISTS stock_changes {on_cluster}
(
    location LowCardinality(String),
    sku      String,
    ts       DateTime64(3, 'UTC'),
    delta    Float64,
    kind     LowCardinality(String),
    event_id String
)
ENGINE = {replicated}ReplacingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (location, sku, ts, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_changes_returns_mv {on_cluster} TO stock_changes AS
SELECT location, sku, ts, qty AS delta, 'return' AS kind, event_id
FROM raw_returns
WHERE condition = 'resellable';

CREATE MATERIALIZED VIEW IF NOT EXISTS stock_changes_movements_mv {on_cluster} TO stock_changes AS
SELECT location, sku, ts,
       multiIf(kind IN ('receipt', 'transfer_in'), abs(qty),
               kind IN ('transfer_out', 'shrink'), -abs(qty),
               qty) AS delta,
       kind, event_id
FROM raw_inventory_movements
WHERE kind != 'count';

-- One row per purchase order: what was ordered, when, by when it was promised, and what arrived.
-- Lead times per supplier x location and open orders (on order) are read from here.
CREATE TABLE IF NOT EXISTS po_lifecycle {on_cluster}
(
    po_id         String,
    supplier      SimpleAggregateFunction(max, LowCardinality(String)),
    location      SimpleAggregateFunction(max, LowCardinality(String)),
    sku           SimpleAggregateFunction(max, String),
    ordered_qty   SimpleAggregateFunction(max, Float64),
    ordered_at    SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    promised_at   SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    received_qty  SimpleAggregateFunction(sum, Float64),
    first_received_at SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_received_at  SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = {replicated}AggregatingMergeTree
ORDER BY po_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS po_lifecycle_orders_mv {on_cluster} TO po_lifecycle AS
SELECT po_id, supplier, location, sku, qty AS ordered_qty, ordered_at, promised_at,
       toFloat64(0) AS received_qty,
       toDateTime64('2299-12-31 00:00:00', 3, 'UTC') AS first_received_at,
       toDateTime64(0, 3, 'UTC') AS last_received_at
FROM raw_purchase_orders;

CREATE MATERIALIZED VIEW IF NOT EXISTS po_lifecycle_receipts_mv {on_cluster} TO po_lifecycle AS
SELECT po_id, '' AS supplier, location, sku, toFloat64(0) AS ordered_qty,
       toDateTime64(0, 3, 'UTC') AS ordered_at, toDateTime64(0, 3, 'UTC') AS promised_at,
       qty AS received_qty, received_at AS first_received_at, received_at AS last_received_at
FROM raw_po_receipts;

-- Per flush of the ingest writer: how many events of each type came from each source, and the
-- newest event time among them. /data and /api/v1/ingest/status read this.
CREATE TABLE IF NOT EXISTS ingest_flushes {on_cluster}
(
    flushed_at    DateTime64(3, 'UTC'),
    source        LowCardinality(String),
    type          LowCardinality(String),
    events        UInt64,
    duplicates    UInt64,
    last_event_ts DateTime64(3, 'UTC'),
    max_lag_ms    UInt64
)
ENGINE = {replicated}MergeTree
PARTITION BY toYYYYMM(flushed_at)
ORDER BY (source, type, flushed_at)
TTL toDateTime(flushed_at) + INTERVAL 400 DAY;

-- References to master data that did not exist when an event landed (feeds arrive out of
-- order). Shown on /data until the master data arrives.
CREATE TABLE IF NOT EXISTS data_quality_issues {on_cluster}
(
    kind        LowCardinality(String),
    ref         String,
    first_seen  SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen   SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    occurrences SimpleAggregateFunction(sum, UInt64),
    example_event_id SimpleAggregateFunction(any, String)
)
ENGINE = {replicated}AggregatingMergeTree
ORDER BY (kind, ref);
