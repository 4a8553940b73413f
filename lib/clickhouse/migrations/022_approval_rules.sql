-- Approval rules (lib/actions/rules.ts), append-only: one row per version, the current rule set is
-- the highest version. Versions are gap-free: a writer first takes a short compare-and-set in Redis
-- on the version it expects to be current, checks it here, then appends expected + 1
-- (lib/actions/rules-store.ts). Until an admin saves a rule set there are no rows and version 1
-- (the defaults in code) applies; the first save writes version 1 too, so the history has no hole.
CREATE TABLE IF NOT EXISTS approval_rules {on_cluster}
(
    version         UInt32,
    rules           String,
    changed_by      String,
    changed_by_name String,
    changed_at      DateTime64(3, 'UTC'),
    reason          String
)
ENGINE = {replicated}ReplacingMergeTree
ORDER BY version;

-- Every decision records the version of the approval rules that applied (0: none, e.g. an
-- agent's own transitions, and every transition written before rules existed).
ALTER TABLE alert_transitions {on_cluster} ADD COLUMN IF NOT EXISTS rule_version UInt32 DEFAULT 0;
