-- This deployment's id (server/deployment.ts): generated on first start and kept with the data,
-- so that every process sharing this ClickHouse database (web nodes and workers in scaled mode)
-- names the same Redis namespace and Socket.IO channel, and another deployment on the same Redis
-- never does. Two nodes starting together may both insert; the first row inserted wins
-- (created_at is set by the server, ties broken by id).
CREATE TABLE IF NOT EXISTS deployment {on_cluster}
(
    id         String,
    created_at DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = {replicated}MergeTree
ORDER BY (created_at, id);
