-- The daily summary for operations managers (lib/agents/daily-summary.ts, jobs/summary.ts): the
-- headline and paragraphs written from the day's figures, and those figures (JSON text written by
-- our own code), kept as a record. One row per (date, location) and generation: the summary of
-- the day in progress is written again every hour, and once after midnight UTC for the day that
-- just closed. Reads take the newest row (ORDER BY generated_at DESC LIMIT 1), never FINAL.
-- location '' means all locations.
CREATE TABLE IF NOT EXISTS daily_summaries {on_cluster}
(
    date         Date,
    location     String,
    headline     String,
    paragraphs   Array(String),
    figures      String,
    generated_at DateTime64(3, 'UTC')
)
ENGINE = {replicated}ReplacingMergeTree(generated_at)
ORDER BY (date, location);
