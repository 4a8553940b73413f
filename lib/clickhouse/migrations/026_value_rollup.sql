-- The executive value report fast (issue 16: a year at demo scale took ~11 s; first figures in
-- a second).
--
-- 1. Replenishment cycles marked at write time (lib/value/cycles.ts; docs/value.md, cycle
-- service level): each pair-day carries the latest earlier day of its cycle (since the pair's last
-- receipt) with demand, and with lost units (1970-01-01: none), so a period's cycles are counted
-- by a sum over rows (lib/clickhouse/queries/value-report.ts valueCycles) instead of walking every
-- SKU-location's days. The recorder (server/sim-value.ts) marks the rows it writes.
ALTER TABLE {truth_db}.value_daily {on_cluster} ADD COLUMN IF NOT EXISTS prev_demand_day Date, ADD COLUMN IF NOT EXISTS prev_lost_day Date;

-- The rows already there, marked as the recorder marks them (one pass per pair over its days, in
-- date order) and written again: value_daily is a ReplacingMergeTree, the rows written last win,
-- and OPTIMIZE ... FINAL leaves one row per key (reads of value_daily without FINAL count once).
-- Run again, it writes the same marks.
INSERT INTO {truth_db}.value_daily
SELECT v.run, v.policy, v.date, v.sku, v.location, v.use_case, v.weight, v.demand, v.sold, v.lost, v.revenue, v.cogs, v.lost_margin,
       v.inventory_units, v.inventory_cost, v.carrying_cost, v.expedite_cost, v.transfer_cost, v.markdown_cost, v.writeoff_cost, v.receipts,
       m.prev_demand_day, m.prev_lost_day
FROM {truth_db}.value_daily AS v FINAL
INNER JOIN (
    SELECT run, policy, sku, location, day AS date, pd AS prev_demand_day, pl AS prev_lost_day
    FROM (
        SELECT run, policy, sku, location,
               arraySort(groupArray((date, r, dm, ls))) AS days,
               arrayMap((x) -> x.1, days) AS dates,
               arrayFill((x) -> x != toDate(0), arrayMap((x) -> if(x.2, x.1, toDate(0)), days)) AS starts,
               arrayFill((x) -> x != toDate(0), arrayPopBack(arrayPushFront(arrayMap((x) -> if(x.3, x.1, toDate(0)), days), toDate(0)))) AS demand_before,
               arrayFill((x) -> x != toDate(0), arrayPopBack(arrayPushFront(arrayMap((x) -> if(x.4, x.1, toDate(0)), days), toDate(0)))) AS lost_before,
               arrayMap((b, s) -> if(b >= s, b, toDate(0)), demand_before, starts) AS pds,
               arrayMap((b, s) -> if(b >= s, b, toDate(0)), lost_before, starts) AS pls
        FROM (
            SELECT run, policy, sku, location, date, max(receipts) > 0 AS r, max(demand) > 1e-9 AS dm, max(lost) > 1e-9 AS ls
            FROM {truth_db}.value_daily FINAL
            GROUP BY run, policy, sku, location, date
        )
        GROUP BY run, policy, sku, location
    )
    ARRAY JOIN dates AS day, pds AS pd, pls AS pl
) AS m ON v.run = m.run AND v.policy = m.policy AND v.sku = m.sku AND v.location = m.location AND v.date = m.date;

OPTIMIZE TABLE {truth_db}.value_daily {on_cluster} FINAL;

-- 2. The executive value report's sums (lib/clickhouse/queries/value-report.ts valueTotals) per
-- run, policy, day, location and use case, without the SKU: every figure of value_daily
-- (migration 024) already weighted, sum(weight * x), so a year's report (and the year before it)
-- reads ~160,000 rows instead of 5.8 million. receipts is the receipt pair-days (a pair-day split between use cases
-- counts once: its weights sum to 1), pair_days the pair-days.
--
-- A SummingMergeTree adds up every row it is given: it is exact because value_daily's one writer
-- (server/sim-value.ts SimValueRecorder) never writes a pair-day twice (after a restart it skips
-- the days already in the table). A row re-written under value_daily's key is replaced there
-- (ReplacingMergeTree) but summed twice here: anything that writes value_daily days again must
-- delete the rollup's rows for those days (or re-run the rebuild below). An insert that failed
-- after landing and was retried would count twice here too. Read with sum() GROUP BY, never FINAL.
CREATE TABLE IF NOT EXISTS {truth_db}.value_daily_by_location {on_cluster}
(
    run             LowCardinality(String),
    policy          LowCardinality(String),
    date            Date,
    location        LowCardinality(String),
    use_case        LowCardinality(String),
    pair_days       Float64,
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
    receipts        Float64,
    demand_cycles   Float64,
    stockout_cycles Float64
)
ENGINE = {replicated}SummingMergeTree
PARTITION BY toYYYYMM(date)
ORDER BY (run, policy, date, location, use_case);

CREATE MATERIALIZED VIEW IF NOT EXISTS {truth_db}.value_daily_by_location_mv {on_cluster} TO {truth_db}.value_daily_by_location AS
SELECT run, policy, date, location, use_case, sum(weight) AS pair_days,
       sum(weight * demand) AS demand, sum(weight * sold) AS sold, sum(weight * lost) AS lost, sum(weight * revenue) AS revenue,
       sum(weight * cogs) AS cogs, sum(weight * lost_margin) AS lost_margin, sum(weight * inventory_units) AS inventory_units,
       sum(weight * inventory_cost) AS inventory_cost, sum(weight * carrying_cost) AS carrying_cost, sum(weight * expedite_cost) AS expedite_cost,
       sum(weight * transfer_cost) AS transfer_cost, sum(weight * markdown_cost) AS markdown_cost, sum(weight * writeoff_cost) AS writeoff_cost,
       sum(weight * receipts) AS receipts,
       sum(weight * (demand > 1e-9 AND prev_demand_day = toDate(0))) AS demand_cycles, sum(weight * (lost > 1e-9 AND prev_lost_day = toDate(0))) AS stockout_cycles
FROM {truth_db}.value_daily
GROUP BY run, policy, date, location, use_case;

-- The rows already there. Migrations run at start (server/bootstrap.ts), before the simulator
-- writes; a run cut short is run again whole (lib/clickhouse/migrate.ts), so the backfill starts
-- from an empty rollup each time and counts nothing twice. FINAL: rows replaced but not merged yet
-- count once.
TRUNCATE TABLE IF EXISTS {truth_db}.value_daily_by_location {on_cluster};

INSERT INTO {truth_db}.value_daily_by_location
SELECT run, policy, date, location, use_case, sum(weight) AS pair_days,
       sum(weight * demand) AS demand, sum(weight * sold) AS sold, sum(weight * lost) AS lost, sum(weight * revenue) AS revenue,
       sum(weight * cogs) AS cogs, sum(weight * lost_margin) AS lost_margin, sum(weight * inventory_units) AS inventory_units,
       sum(weight * inventory_cost) AS inventory_cost, sum(weight * carrying_cost) AS carrying_cost, sum(weight * expedite_cost) AS expedite_cost,
       sum(weight * transfer_cost) AS transfer_cost, sum(weight * markdown_cost) AS markdown_cost, sum(weight * writeoff_cost) AS writeoff_cost,
       sum(weight * receipts) AS receipts,
       sum(weight * (demand > 1e-9 AND prev_demand_day = toDate(0))) AS demand_cycles, sum(weight * (lost > 1e-9 AND prev_lost_day = toDate(0))) AS stockout_cycles
FROM {truth_db}.value_daily FINAL
GROUP BY run, policy, date, location, use_case;
