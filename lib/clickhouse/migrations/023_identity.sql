-- People and machines that may sign in (issue 15, Access): local users and API keys, managed by
-- admins on /governance. Append-only rows: every create, change, disable or revoke is a new row
-- with a higher `version`; the current state of a user or key is its latest row (reads take
-- ORDER BY id, version DESC LIMIT 1 BY id, never FINAL). Old rows stay as the history; the
-- audit trail says who changed what and why.

-- Local users. password_hash is argon2id in PHC form ($argon2id$v=19$m=...,t=...,p=...$salt$hash),
-- never a password. regions and locations are the user's scope (empty both = everything).
CREATE TABLE IF NOT EXISTS users {on_cluster}
(
    id            String,
    email         String,
    name          String,
    role          LowCardinality(String),
    regions       Array(String),
    locations     Array(String),
    password_hash String,
    disabled      Bool,
    updated_by    String,
    updated_at    DateTime64(3, 'UTC'),
    version       UInt64
)
ENGINE = {replicated}MergeTree
ORDER BY (id, version);

-- API keys for machines. `hash` is the hex SHA-256 of the secret. A fast, unsalted hash is enough
-- here, unlike for passwords: the secret is 32 random bytes (256 bits) made by the server, so
-- there is no dictionary to try and no brute force that a slow hash would slow down meaningfully;
-- and a look-up by hash must be cheap, because every API call makes one. `prefix` is the first
-- characters of the secret, shown so a person can tell keys apart; it is far too short to guess
-- the rest from. locations: empty = every location the scopes reach.
CREATE TABLE IF NOT EXISTS api_keys {on_cluster}
(
    id          String,
    name        String,
    hash        String,
    prefix      String,
    scopes      Array(LowCardinality(String)),
    locations   Array(String),
    created_by  String,
    created_at  DateTime64(3, 'UTC'),
    revoked_at  Nullable(DateTime64(3, 'UTC')),
    revoked_by  String,
    version     UInt64
)
ENGINE = {replicated}MergeTree
ORDER BY (id, version);
