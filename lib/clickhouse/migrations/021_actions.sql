-- Action records and their delivery attempts (DESIGN.md "Execution"; lib/actions/records.ts).
-- Append-only: one row per status change of an action; its current state is its latest row
-- (argMax by version), never FINAL. A retried append re-uses its row_id (the status and the try
-- it belongs to), so a replay after a crash adds nothing a read can tell apart. The payload's
-- figures repeat on every row, so a read of the latest row is the whole record.
CREATE TABLE IF NOT EXISTS actions {on_cluster}
(
    action_id     String,
    row_id        String,
    version       UInt64,
    alert_id      String,
    kind          LowCardinality(String),
    sku           String,
    location      LowCardinality(String),
    channel       LowCardinality(String),
    supplier      LowCardinality(String),
    from_location String,
    quantity      Float64,
    split         String,
    price         Nullable(Float64),
    cost          Float64,
    value         Float64,
    rule_version  UInt32,
    approved_by   String,
    created_at    DateTime64(3, 'UTC'),
    status        LowCardinality(String),
    attempts      UInt32,
    detail        String,
    updated_at    DateTime64(3, 'UTC')
)
ENGINE = {replicated}ReplacingMergeTree(version)
ORDER BY (action_id, row_id);

-- One row per delivery attempt: when, the receiver's HTTP status (0: no answer), the error, how
-- long it took. (action_id, attempt) names an attempt; a retried append of it replaces itself.
CREATE TABLE IF NOT EXISTS action_deliveries {on_cluster}
(
    action_id   String,
    attempt     UInt32,
    at          DateTime64(3, 'UTC'),
    url         String,
    http_status UInt16,
    error       String,
    duration_ms Float64,
    location    LowCardinality(String)
)
ENGINE = {replicated}ReplacingMergeTree
ORDER BY (action_id, attempt);
