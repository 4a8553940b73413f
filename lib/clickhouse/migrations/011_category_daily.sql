-- Units per category, channel and day over every location: the recompute's seasonality state
-- (lib/planning/seasonality.ts: yearly index and calendar effects). Each full recompute writes the
-- totals of its own window; a later run writing the same day replaces it (ReplacingMergeTree by
-- computed_at, read with argMax).
CREATE TABLE IF NOT EXISTS category_daily {on_cluster}
(
    category    LowCardinality(String),
    channel     LowCardinality(String),
    day         Date,
    units       Float64,
    computed_at DateTime64(3, 'UTC')
)
ENGINE = {replicated}ReplacingMergeTree(computed_at)
ORDER BY (category, channel, day);
