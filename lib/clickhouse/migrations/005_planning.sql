-- Forecasts: one row per sku x location x channel and recompute, the daily path as arrays.
-- Reads take the latest row per key (argMax / LIMIT 1 BY computed_at), never FINAL.
CREATE TABLE IF NOT EXISTS forecasts {on_cluster}
(
    location      LowCardinality(String),
    sku           String,
    channel       LowCardinality(String),
    model         LowCardinality(String),
    model_version LowCardinality(String),
    start_date    Date,
    mean          Array(Float32),
    lower         Array(Float32),
    upper         Array(Float32),
    d             Float32,
    sd_d          Float32,
    segment       LowCardinality(String),
    run_id        String,
    computed_at   DateTime64(3, 'UTC')
)
ENGINE = {replicated}ReplacingMergeTree(computed_at)
ORDER BY (location, sku, channel);

-- Inventory policy and stockout risk per sku x location, with every input behind them so the UI
-- can explain them. Written by the full recompute and, for touched keys, by the incremental path.
CREATE TABLE IF NOT EXISTS inventory_policies {on_cluster}
(
    location          LowCardinality(String),
    sku               String,
    category          LowCardinality(String),
    supplier          LowCardinality(String),
    model             LowCardinality(String),
    model_version     LowCardinality(String),
    d                 Float64,
    sd_d              Float64,
    lead_time_days    Float64,
    sd_lead_time_days Float64,
    service_level     Float64,
    z                 Float64,
    abc               LowCardinality(String),
    xyz               LowCardinality(String),
    safety_stock      Float64,
    reorder_point     Float64,
    order_up_to       Float64,
    recommended_order_qty Float64,
    case_pack         UInt32,
    moq               UInt32,
    on_hand           Float64,
    on_order          Float64,
    reserved          Float64,
    position          Float64,
    unit_price        Float64,
    unit_cost         Float64,
    stockout_probability Float64,
    days_of_cover     Float64,
    projected_stockout_date Nullable(Date),
    expected_lost_margin Float64,
    sold_28d          Float64,
    est_lost_28d      Float64,
    markdown_exposure Float64,
    run_id            String,
    computed_at       DateTime64(3, 'UTC')
)
ENGINE = {replicated}ReplacingMergeTree(computed_at)
ORDER BY (location, sku);

-- Board rollup: one row per location x category with sums behind every planning tile and the
-- heatmap, rewritten for a location whenever its policies change. The board reads only this.
CREATE TABLE IF NOT EXISTS planning_rollup {on_cluster}
(
    location           LowCardinality(String),
    category           LowCardinality(String),
    series             UInt32,
    at_risk            UInt32,
    expected_lost_margin Float64,
    in_stock           UInt32,
    on_hand_units      Float64,
    on_hand_cost       Float64,
    forecast_daily_units Float64,
    sold_28d           Float64,
    est_lost_28d       Float64,
    cogs_28d           Float64,
    markdown_exposure  Float64,
    computed_at        DateTime64(3, 'UTC')
)
ENGINE = {replicated}ReplacingMergeTree(computed_at)
ORDER BY (location, category);
