-- The forecast in force for each past day, per sku x location x channel: what the anomalies agent
-- (sell-through and forecast deviation) compares each day's sales with. `forecasts` keeps only the
-- latest run per key (ReplacingMergeTree), so the forecast made before a day is gone once a later
-- run lands; this keeps, for every day, the first 7 days of each run's path that covers it. A run
-- on day T starts on T (fitted on days before T), so the latest run covering a day is the one made
-- on it or, when the recompute skipped days, the latest before it (up to 6 days ahead).
-- Reads take argMax(..., computed_at) per day, never FINAL.
CREATE TABLE IF NOT EXISTS forecast_days {on_cluster}
(
    location    LowCardinality(String),
    sku         String,
    channel     LowCardinality(String),
    day         Date,
    mean        Float32,
    lower       Float32,
    upper       Float32,
    computed_at DateTime64(3, 'UTC')
)
ENGINE = {replicated}ReplacingMergeTree(computed_at)
PARTITION BY toYYYYMM(day)
ORDER BY (location, sku, channel, day)
TTL day + INTERVAL 400 DAY;

CREATE MATERIALIZED VIEW IF NOT EXISTS forecast_days_mv {on_cluster} TO forecast_days AS
SELECT location, sku, channel, start_date + (k - 1) AS day, m AS mean, lo AS lower, up AS upper, computed_at
FROM forecasts
ARRAY JOIN arrayEnumerate(arraySlice(mean, 1, 7)) AS k, arraySlice(mean, 1, 7) AS m, arraySlice(lower, 1, 7) AS lo, arraySlice(upper, 1, 7) AS up;

-- The forecasts already stored: their latest run's first 7 days.
INSERT INTO forecast_days
SELECT location, sku, channel, start_date + (k - 1) AS day, m AS mean, lo AS lower, up AS upper, computed_at
FROM (SELECT * FROM forecasts ORDER BY location, sku, channel, computed_at DESC LIMIT 1 BY location, sku, channel)
ARRAY JOIN arrayEnumerate(arraySlice(mean, 1, 7)) AS k, arraySlice(mean, 1, 7) AS m, arraySlice(lower, 1, 7) AS lo, arraySlice(upper, 1, 7) AS up
WHERE (SELECT count() FROM forecast_days) = 0;
