-- Where the simulator is up to, so a restart continues the same history instead of
-- backfilling a second one.
CREATE TABLE IF NOT EXISTS simulator_runs {on_cluster}
(
    run             String,
    seed            Int64,
    start           Date,
    last_landed_day Int32,
    updated_at      DateTime64(3, 'UTC')
)
ENGINE = {replicated}ReplacingMergeTree(updated_at)
ORDER BY run;

-- The simulator's ground truth lives in its own database, which no product query reads:
-- benchmarks and evaluations score forecasts and agents against it.
CREATE DATABASE IF NOT EXISTS {truth_db} {on_cluster};

CREATE TABLE IF NOT EXISTS {truth_db}.demand_daily {on_cluster}
(
    run              LowCardinality(String),
    date             Date,
    sku              String,
    location         LowCardinality(String),
    channel          LowCardinality(String),
    demand           UInt32,
    expected         Float32,
    sold             UInt32,
    lost             UInt32,
    physical_on_hand Int32
)
ENGINE = {replicated}ReplacingMergeTree
PARTITION BY toYYYYMM(date)
ORDER BY (run, location, sku, date);

CREATE TABLE IF NOT EXISTS {truth_db}.anomalies {on_cluster}
(
    run       LowCardinality(String),
    kind      LowCardinality(String),
    date      Date,
    sku       String,
    location  String,
    supplier  String,
    magnitude Float64,
    details   String
)
ENGINE = {replicated}ReplacingMergeTree
ORDER BY (run, kind, date, sku, location, supplier, details);
