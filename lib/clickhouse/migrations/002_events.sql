-- Landing tables for every v1 event type but sales (001). Same rules as raw_sales: replays collapse
-- on event_id, every id also lands in event_ids through a view in the same insert.

CREATE TABLE IF NOT EXISTS raw_returns {on_cluster}
(
    event_id    String,
    ts          DateTime64(3, 'UTC'),
    sku         String,
    location    LowCardinality(String),
    channel     LowCardinality(String) DEFAULT '',
    qty         Float64,
    unit_price  Float64 DEFAULT 0,
    reason      String,
    condition   LowCardinality(String),
    order_id    String DEFAULT '',
    customer_id String DEFAULT '',
    source      LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (location, sku, toDate(ts), event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_returns_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'return' AS type, ingested_at FROM raw_returns;

CREATE TABLE IF NOT EXISTS raw_inventory_snapshots {on_cluster}
(
    event_id    String,
    ts          DateTime64(3, 'UTC'),
    sku      String,
    location LowCardinality(String),
    on_hand  Float64,
    reserved Float64 DEFAULT 0,
    source      LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (location, sku, ts, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_inventory_snapshots_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'inventory_snapshot' AS type, ingested_at FROM raw_inventory_snapshots;

CREATE TABLE IF NOT EXISTS raw_inventory_movements {on_cluster}
(
    event_id    String,
    ts          DateTime64(3, 'UTC'),
    sku      String,
    location LowCardinality(String),
    kind     LowCardinality(String),
    qty      Float64,
    ref      String DEFAULT '',
    source      LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (location, sku, ts, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_inventory_movements_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'inventory_movement' AS type, ingested_at FROM raw_inventory_movements;

CREATE TABLE IF NOT EXISTS raw_purchase_orders {on_cluster}
(
    event_id    String,
    ts          DateTime64(3, 'UTC'),
    po_id       String,
    supplier    LowCardinality(String),
    sku         String,
    location    LowCardinality(String),
    qty         Float64,
    ordered_at  DateTime64(3, 'UTC'),
    promised_at DateTime64(3, 'UTC'),
    source      LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (location, sku, po_id, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_purchase_orders_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'purchase_order' AS type, ingested_at FROM raw_purchase_orders;

CREATE TABLE IF NOT EXISTS raw_po_receipts {on_cluster}
(
    event_id    String,
    ts          DateTime64(3, 'UTC'),
    po_id       String,
    sku         String DEFAULT '',
    location    LowCardinality(String) DEFAULT '',
    qty         Float64,
    received_at DateTime64(3, 'UTC'),
    source      LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (po_id, ts, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_po_receipts_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'po_receipt' AS type, ingested_at FROM raw_po_receipts;

CREATE TABLE IF NOT EXISTS raw_transfers {on_cluster}
(
    event_id    String,
    ts          DateTime64(3, 'UTC'),
    transfer_id String,
    from_location LowCardinality(String),
    to_location   LowCardinality(String),
    sku         String,
    qty         Float64,
    shipped_at  DateTime64(3, 'UTC'),
    expected_at DateTime64(3, 'UTC'),
    source      LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (to_location, sku, ts, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_transfers_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'transfer' AS type, ingested_at FROM raw_transfers;

CREATE TABLE IF NOT EXISTS raw_price_changes {on_cluster}
(
    event_id    String,
    ts          DateTime64(3, 'UTC'),
    sku      String,
    kind     LowCardinality(String),
    price    Float64,
    location LowCardinality(String) DEFAULT '',
    source      LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (sku, location, ts, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_price_changes_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'price_change' AS type, ingested_at FROM raw_price_changes;

CREATE TABLE IF NOT EXISTS raw_promotions {on_cluster}
(
    event_id    String,
    ts          DateTime64(3, 'UTC'),
    promo_id     String,
    skus         Array(String),
    locations    Array(String),
    channels     Array(LowCardinality(String)),
    start        DateTime64(3, 'UTC'),
    end          DateTime64(3, 'UTC'),
    discount_pct Float64,
    source      LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (promo_id, ts, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_promotions_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'promotion' AS type, ingested_at FROM raw_promotions;

CREATE TABLE IF NOT EXISTS raw_external_signals {on_cluster}
(
    event_id    String,
    ts          DateTime64(3, 'UTC'),
    location LowCardinality(String),
    kind     LowCardinality(String),
    value    Float64,
    tags     Array(String),
    source      LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (location, kind, ts, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_external_signals_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'external_signal' AS type, ingested_at FROM raw_external_signals;

-- Master data: latest version wins (ReplacingMergeTree on updated_at = the event's ts).
CREATE TABLE IF NOT EXISTS products {on_cluster}
(
    event_id   String,
    sku        String,
    name       String,
    category   LowCardinality(String),
    department LowCardinality(String) DEFAULT '',
    brand      LowCardinality(String) DEFAULT '',
    price      Float64,
    unit_cost  Float64,
    case_pack  UInt32 DEFAULT 1,
    moq        UInt32 DEFAULT 1,
    season_end Nullable(Date),
    lifecycle  LowCardinality(String) DEFAULT 'core',
    supplier   LowCardinality(String) DEFAULT '',
    updated_at DateTime64(3, 'UTC'),
    source     LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(updated_at)
ORDER BY sku;

CREATE MATERIALIZED VIEW IF NOT EXISTS products_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'product' AS type, ingested_at FROM products;

CREATE TABLE IF NOT EXISTS suppliers {on_cluster}
(
    event_id   String,
    supplier String,
    name     String,
    updated_at DateTime64(3, 'UTC'),
    source     LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(updated_at)
ORDER BY supplier;

CREATE MATERIALIZED VIEW IF NOT EXISTS suppliers_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'supplier' AS type, ingested_at FROM suppliers;

CREATE TABLE IF NOT EXISTS customers {on_cluster}
(
    event_id   String,
    customer_id   String,
    segment       LowCardinality(String) DEFAULT '',
    region        LowCardinality(String) DEFAULT '',
    home_location LowCardinality(String) DEFAULT '',
    joined_at     Nullable(Date),
    attributes    Map(String, String),
    updated_at DateTime64(3, 'UTC'),
    source     LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(updated_at)
ORDER BY customer_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS customers_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'customer' AS type, ingested_at FROM customers;
