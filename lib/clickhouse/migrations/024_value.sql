-- Value measured in simulation (issue 16; lib/value/types.ts PairDayOutcome): one row per
-- SKU-location-day per run of the same demand (policy 'baseline': static min-max, no actions;
-- 'stockpulse': the closed loop as it lived) and per use case the day is attributed to (weight
-- splits a pair-day between use cases; read every figure as sum(weight * figure)). Ground truth:
-- it lives in the truth database with the rest of it, and only the value report reads it.
CREATE TABLE IF NOT EXISTS {truth_db}.value_daily {on_cluster}
(
    run             LowCardinality(String),
    policy          LowCardinality(String),
    date            Date,
    sku             String,
    location        LowCardinality(String),
    use_case        LowCardinality(String),
    weight          Float64,
    demand          Float64,
    sold            Float64,
    lost            Float64,
    revenue         Float64,
    cogs            Float64,
    lost_margin     Float64,
    inventory_units Float64,
    inventory_cost  Float64,
    carrying_cost   Float64,
    expedite_cost   Float64,
    transfer_cost   Float64,
    markdown_cost   Float64,
    writeoff_cost   Float64,
    receipts        UInt8
)
ENGINE = {replicated}ReplacingMergeTree
PARTITION BY toYYYYMM(date)
ORDER BY (run, policy, date, location, sku, use_case);

-- Executed decisions, estimated when decided and settled when their horizon ended (lib/value/
-- settle.ts; lib/value/types.ts ActionSettlement). One row per action once settled; a retried
-- settlement replaces itself.
CREATE TABLE IF NOT EXISTS action_settlements {on_cluster}
(
    action_id       String,
    alert_id        String,
    use_case        LowCardinality(String),
    kind            LowCardinality(String),
    sku             String,
    location        LowCardinality(String),
    decided_at      DateTime64(3, 'UTC'),
    horizon_end     Date,
    estimated_value Float64,
    settled_value   Float64,
    outcome         LowCardinality(String),
    detail          String,
    settled_at      DateTime64(3, 'UTC')
)
ENGINE = {replicated}ReplacingMergeTree(settled_at)
ORDER BY action_id;
