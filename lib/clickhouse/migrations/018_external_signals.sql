-- External signals in the recompute (jobs/recompute/signals.ts, lib/planning/signals.ts).
--
-- signal_cells: the recompute's learning state. Per category x location and day, the units sold over
-- the series with a clean day (no stockout, no promotion or its dip) and the sum of those series'
-- baselines (lib/forecast/external-signals-cells.ts). The 112-day window a run reads is too short to
-- learn a weather effect from, so each full run writes the days of its window whose +-14-day
-- baseline lies inside it, and the next run learns from everything kept. A later run writing the
-- same day replaces it (ReplacingMergeTree by computed_at, read with argMax). About 10 categories x
-- locations x 84 days a run. A first run that finds none fills two years of it from history once
-- (jobs/recompute/signals-backfill.ts).
CREATE TABLE IF NOT EXISTS signal_cells {on_cluster}
(
    category    LowCardinality(String),
    location    LowCardinality(String),
    day         Date,
    units       Float64,
    base        Float64,
    computed_at DateTime64(3, 'UTC')
)
ENGINE = {replicated}ReplacingMergeTree(computed_at)
ORDER BY (location, category, day)
TTL day + INTERVAL 800 DAY;

-- forecast_signals: where a signal moved a run's forecasts, what the drill-down says. One row per
-- run x location x category whose forecast a signal moved by 2% or more on some day (every series
-- of the category there carries the same factor), with one entry per day and signal: the day (0 =
-- the forecast's start_date), the signal (temp_anomaly, rain, local_event), the relative change it
-- made (0.18 = +18%) and what it was (degrees C above normal; 1 = rain or an event). Matched to a
-- forecast by its run_id; tens of rows a run, not one per forecast row.
CREATE TABLE IF NOT EXISTS forecast_signals {on_cluster}
(
    run_id      String,
    location    LowCardinality(String),
    category    LowCardinality(String),
    start_date  Date,
    signal      Array(LowCardinality(String)),
    day         Array(UInt8),
    change      Array(Float32),
    value       Array(Float32),
    computed_at DateTime64(3, 'UTC')
)
ENGINE = {replicated}MergeTree
ORDER BY (location, category, run_id)
TTL toDateTime(computed_at) + INTERVAL 60 DAY;
