-- The recompute's pooled level (lib/planning/pooled-level.ts) reads each sku x channel's units per
-- day summed over every location. sales_daily is ordered by location first, so that GROUP BY
-- otherwise reads and hashes the whole window (on bench:forecast-scale's 500,000 series ~20x
-- slower than from this projection). An aggregate projection keeps the sums per sku x channel x
-- day in every part; a SummingMergeTree merge rebuilds it. MATERIALIZE fills it for parts that
-- existed before (a background mutation; until it finishes the query reads the table itself).
-- Lightweight deletes (an import taken back, a block's views put back) rebuild the projection of
-- the parts they touch instead of being refused.
ALTER TABLE sales_daily {on_cluster} MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild', lightweight_mutation_projection_mode = 'rebuild';
ALTER TABLE sales_daily {on_cluster} ADD PROJECTION IF NOT EXISTS by_sku_channel (SELECT sku, channel, day, sum(units) GROUP BY sku, channel, day);
ALTER TABLE sales_daily {on_cluster} MATERIALIZE PROJECTION by_sku_channel;
