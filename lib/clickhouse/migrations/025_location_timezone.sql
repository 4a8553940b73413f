-- Each location's IANA time zone (issue 16, DESIGN.md "Time and money"): "today" is its business
-- day. Locations sent without one, and every row before this migration, are UTC.
ALTER TABLE locations {on_cluster} ADD COLUMN IF NOT EXISTS timezone LowCardinality(String) DEFAULT 'UTC' AFTER parent;
