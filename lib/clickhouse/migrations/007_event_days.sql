-- Every landed event id keyed by the UTC day of its own timestamp: the ingest writer's dedup look-up.
--
-- event_ids (001) is ordered by event_id alone, so a flush's look-up of tens of thousands of
-- unrelated ids touched nearly every granule of it: its cost grew with all history ever landed
-- (measured: 35,000 ids against 3M landed took 120-180 ms; against the year of demo history,
-- about 10M, several times that, every flush). A replay carries the same event, so the same
-- timestamp: ordered by (day, event_id), a live flush reads only today's slice, and a re-sent
-- backfill only its own days. event_ids stays for the CSV importer, whose derived ids are
-- looked up as one id range.
CREATE TABLE IF NOT EXISTS event_days {on_cluster}
(
    day      Date,
    event_id String
)
ENGINE = {replicated}ReplacingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (day, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_sales_days_mv {on_cluster} TO event_days AS
SELECT toDate(ts) AS day, event_id FROM raw_sales;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_returns_days_mv {on_cluster} TO event_days AS
SELECT toDate(ts) AS day, event_id FROM raw_returns;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_inventory_snapshots_days_mv {on_cluster} TO event_days AS
SELECT toDate(ts) AS day, event_id FROM raw_inventory_snapshots;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_inventory_movements_days_mv {on_cluster} TO event_days AS
SELECT toDate(ts) AS day, event_id FROM raw_inventory_movements;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_purchase_orders_days_mv {on_cluster} TO event_days AS
SELECT toDate(ts) AS day, event_id FROM raw_purchase_orders;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_po_receipts_days_mv {on_cluster} TO event_days AS
SELECT toDate(ts) AS day, event_id FROM raw_po_receipts;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_transfers_days_mv {on_cluster} TO event_days AS
SELECT toDate(ts) AS day, event_id FROM raw_transfers;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_price_changes_days_mv {on_cluster} TO event_days AS
SELECT toDate(ts) AS day, event_id FROM raw_price_changes;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_promotions_days_mv {on_cluster} TO event_days AS
SELECT toDate(ts) AS day, event_id FROM raw_promotions;

CREATE MATERIALIZED VIEW IF NOT EXISTS raw_external_signals_days_mv {on_cluster} TO event_days AS
SELECT toDate(ts) AS day, event_id FROM raw_external_signals;

CREATE MATERIALIZED VIEW IF NOT EXISTS products_days_mv {on_cluster} TO event_days AS
SELECT toDate(updated_at) AS day, event_id FROM products;

CREATE MATERIALIZED VIEW IF NOT EXISTS locations_days_mv {on_cluster} TO event_days AS
SELECT toDate(updated_at) AS day, event_id FROM locations;

CREATE MATERIALIZED VIEW IF NOT EXISTS suppliers_days_mv {on_cluster} TO event_days AS
SELECT toDate(updated_at) AS day, event_id FROM suppliers;

CREATE MATERIALIZED VIEW IF NOT EXISTS customers_days_mv {on_cluster} TO event_days AS
SELECT toDate(updated_at) AS day, event_id FROM customers;

-- Ids landed before this migration. Rows landing while it runs may be written twice: harmless,
-- the table is a set (ReplacingMergeTree, and the look-up reads DISTINCT).
INSERT INTO event_days SELECT toDate(ts) AS day, event_id FROM raw_sales;
INSERT INTO event_days SELECT toDate(ts) AS day, event_id FROM raw_returns;
INSERT INTO event_days SELECT toDate(ts) AS day, event_id FROM raw_inventory_snapshots;
INSERT INTO event_days SELECT toDate(ts) AS day, event_id FROM raw_inventory_movements;
INSERT INTO event_days SELECT toDate(ts) AS day, event_id FROM raw_purchase_orders;
INSERT INTO event_days SELECT toDate(ts) AS day, event_id FROM raw_po_receipts;
INSERT INTO event_days SELECT toDate(ts) AS day, event_id FROM raw_transfers;
INSERT INTO event_days SELECT toDate(ts) AS day, event_id FROM raw_price_changes;
INSERT INTO event_days SELECT toDate(ts) AS day, event_id FROM raw_promotions;
INSERT INTO event_days SELECT toDate(ts) AS day, event_id FROM raw_external_signals;
INSERT INTO event_days SELECT toDate(updated_at) AS day, event_id FROM products;
INSERT INTO event_days SELECT toDate(updated_at) AS day, event_id FROM locations;
INSERT INTO event_days SELECT toDate(updated_at) AS day, event_id FROM suppliers;
INSERT INTO event_days SELECT toDate(updated_at) AS day, event_id FROM customers;
