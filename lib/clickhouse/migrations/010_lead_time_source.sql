-- Where a policy's lead time comes from: 'supplier' (purchase-order receipts, shrunk toward the
-- supplier's and the global figures) or 'transfer' (a location replenished by transfers from its
-- DC plans on its transfer lead time). The drill-down's "why" names it; rows written before this
-- migration read as 'supplier', which is what they were unless the location was transfer-fed.
ALTER TABLE inventory_policies {on_cluster} ADD COLUMN IF NOT EXISTS lead_time_source LowCardinality(String) DEFAULT 'supplier' AFTER sd_lead_time_days;
