-- Sales lines as they arrive. Replays collapse on event_id (ReplacingMergeTree), and the writer
-- checks event_ids before inserting, so a batch posted twice counts once in every rollup.
CREATE TABLE IF NOT EXISTS raw_sales {on_cluster}
(
    event_id            String,
    ts                  DateTime64(3, 'UTC'),
    sku                 String,
    location            LowCardinality(String),
    channel             LowCardinality(String),
    qty                 Float64,
    unit_price          Float64,
    promo_id            String DEFAULT '',
    customer_id         String DEFAULT '',
    order_id            String DEFAULT '',
    fulfilment_location String DEFAULT '',
    source              LowCardinality(String),
    ingested_at         DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (location, sku, toDate(ts), event_id)
SETTINGS non_replicated_deduplication_window = 10000;

-- Every event id ever landed, whatever its type: the writer's dedup look-up. Fed by one
-- materialized view per raw table, in the same insert as the raw rows.
CREATE TABLE IF NOT EXISTS event_ids {on_cluster}
(
    event_id    String,
    type        LowCardinality(String),
    ingested_at DateTime64(3, 'UTC')
)
ENGINE = {replicated}ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ingested_at)
ORDER BY event_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_sales_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'sale' AS type, ingested_at FROM raw_sales;

-- Units and revenue per location x channel x minute: the board's tiles and trend.
CREATE TABLE IF NOT EXISTS sales_minutely {on_cluster}
(
    minute   DateTime('UTC'),
    location LowCardinality(String),
    channel  LowCardinality(String),
    units    Float64,
    revenue  Float64,
    lines    UInt64
)
ENGINE = {replicated}SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (location, channel, minute);

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_minutely_mv {on_cluster} TO sales_minutely AS
SELECT toStartOfMinute(ts) AS minute, location, channel,
       sum(qty) AS units, sum(qty * unit_price) AS revenue, count() AS lines
FROM raw_sales
GROUP BY minute, location, channel;

-- Units and revenue per sku x location x channel x day: forecasts and reports read this.
CREATE TABLE IF NOT EXISTS sales_daily {on_cluster}
(
    day      Date,
    sku      String,
    location LowCardinality(String),
    channel  LowCardinality(String),
    units    Float64,
    revenue  Float64,
    lines    UInt64
)
ENGINE = {replicated}SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (location, sku, channel, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS sales_daily_mv {on_cluster} TO sales_daily AS
SELECT toDate(ts) AS day, sku, location, channel,
       sum(qty) AS units, sum(qty * unit_price) AS revenue, count() AS lines
FROM raw_sales
GROUP BY day, sku, location, channel;

-- Locations (stores, DCs, dark stores, e-commerce nodes): master data, latest version wins.
CREATE TABLE IF NOT EXISTS locations {on_cluster}
(
    event_id    String,
    location    String,
    name        String DEFAULT '',
    kind        LowCardinality(String),
    region      LowCardinality(String),
    parent      String DEFAULT '',
    updated_at  DateTime64(3, 'UTC'),
    source      LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {replicated}ReplacingMergeTree(updated_at)
ORDER BY location;

CREATE MATERIALIZED VIEW IF NOT EXISTS locations_ids_mv {on_cluster} TO event_ids AS
SELECT event_id, 'location' AS type, ingested_at FROM locations;
