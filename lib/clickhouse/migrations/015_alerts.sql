-- Alerts and their lifecycle (DESIGN.md: state of the decision loop is append-only rows; the
-- current state of a thing is its latest row). One row per version of an alert: every write is a
-- new row with a higher `version`; reads take the latest per id (ORDER BY id, version DESC LIMIT 1
-- BY id), never FINAL. Writers hold the alert's key lock in Redis while they read and append
-- (lib/alerts/lock.ts), so versions of one alert never race. The recommendation and the chart are
-- JSON text written by our own code.
CREATE TABLE IF NOT EXISTS alerts {on_cluster}
(
    id               String,
    key              String,
    type             LowCardinality(String),
    sku              String,
    location         LowCardinality(String),
    channel          LowCardinality(String),
    supplier         LowCardinality(String),
    status           LowCardinality(String),
    severity         LowCardinality(String),
    value_at_risk    Float64,
    signal           Float64,
    why              String,
    recommendation   String,
    confidence       Float64,
    agent            LowCardinality(String),
    model_version    LowCardinality(String),
    chart            String,
    opened_at        DateTime64(3, 'UTC'),
    updated_at       DateTime64(3, 'UTC'),
    snoozed_until    Nullable(DateTime64(3, 'UTC')),
    revision         UInt32,
    cleared_reason   Nullable(String),
    decided_quantity Nullable(Float64),
    version          UInt64
)
ENGINE = {replicated}ReplacingMergeTree(version)
ORDER BY id;

-- Every lifecycle step, append-only: who or which agent, when, from and to, why, quantities. A
-- retried append re-uses its transition_id, and reads take one row per id.
CREATE TABLE IF NOT EXISTS alert_transitions {on_cluster}
(
    alert_id        String,
    transition_id   String,
    at              DateTime64(3, 'UTC'),
    actor_kind      LowCardinality(String),
    actor_id        String,
    actor_name      String,
    from_status     LowCardinality(String),
    to_status       LowCardinality(String),
    reason          String,
    quantity_before Nullable(Float64),
    quantity_after  Nullable(Float64),
    revision        UInt32,
    -- What the decision-rate KPIs group by, copied from the alert when the step was taken.
    type            LowCardinality(String),
    agent           LowCardinality(String),
    location        LowCardinality(String),
    sku             String
)
ENGINE = {replicated}ReplacingMergeTree
ORDER BY (alert_id, transition_id);
