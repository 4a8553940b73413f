-- A retried identical insert (same dedup token) must not count twice in the tables fed by
-- materialized views either: give them the same dedup window as the raw tables.
ALTER TABLE event_ids {on_cluster} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE sales_minutely {on_cluster} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE sales_daily {on_cluster} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE stock_snapshots_latest {on_cluster} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE stock_changes {on_cluster} MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE po_lifecycle {on_cluster} MODIFY SETTING non_replicated_deduplication_window = 10000;
