-- The audit trail (DESIGN.md "Security"; lib/audit/): append-only, one row per entry, never
-- updated or deleted by the product. Each entry's hash covers its fields, its seq and the hash of
-- the entry before (lib/audit/chain.ts), so an altered, missing or reordered row shows in
-- GET /api/v1/audit/verify. One writer at a time (a Redis lock, lib/audit/store.ts) reads the head
-- (the highest seq) and appends after it, so seq is gap-free. Plain MergeTree: a row written twice
-- stays twice, where the check can see it. before, after and inputs are canonical JSON text.
CREATE TABLE IF NOT EXISTS audit_log {on_cluster}
(
    seq           UInt64,
    at            DateTime64(3, 'UTC'),
    kind          LowCardinality(String),
    actor_kind    LowCardinality(String),
    actor_id      String,
    actor_name    String,
    subject_type  LowCardinality(String),
    subject_id    String,
    location      LowCardinality(String),
    before        String,
    after         String,
    reason        String,
    inputs        String,
    model_version LowCardinality(String),
    prev_hash     String,
    hash          String
)
ENGINE = {replicated}MergeTree
ORDER BY seq;
