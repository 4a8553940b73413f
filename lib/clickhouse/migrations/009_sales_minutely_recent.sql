-- sales_minutely feeds the board's intraday tiles and trend (today, the last hour) and the
-- locations seen selling in the last week (lib/clickhouse/queries/kpis.ts). Older minutes are
-- never read, so history (CSV imports, the loaders, the simulator's backfill) no longer goes
-- through it: every old sale cost the rollup's GROUP BY for nothing, and a year of backfill kept
-- a row per location, channel and minute of the year. sales_daily keeps every day.
ALTER TABLE sales_minutely_mv {on_cluster} MODIFY QUERY
SELECT toStartOfMinute(ts) AS minute, location, channel,
       sum(qty) AS units, sum(qty * unit_price) AS revenue, count() AS lines
FROM raw_sales
WHERE ts >= now() - INTERVAL 8 DAY
GROUP BY minute, location, channel;

ALTER TABLE sales_minutely {on_cluster} MODIFY TTL minute + INTERVAL 9 DAY;
