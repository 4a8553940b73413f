/**
 * Every Redis key the product writes outside BullMQ, in one place. All of them, BullMQ's queues
 * and the Socket.IO channel carry the deployment's prefix (`deploymentPrefix`), never bare
 * REDIS_PREFIX: two deployments on one Redis with the same REDIS_PREFIX must not share a key.
 */

/** `REDIS_PREFIX:deploymentId`: the namespace of one deployment (server/deployment.ts). */
export const deploymentPrefix = (redisPrefix: string, deploymentId: string) => `${redisPrefix}:${deploymentId}`

/** The Socket.IO adapter's and emitter's pub/sub channel (Redis pub/sub ignores the db index). */
export const socketKey = (prefix: string) => `${prefix}:socket.io`

/** Set of locations whose KPIs are stale (the writer adds, KPI refresh drains). */
export const kpiDirtyKey = (prefix: string) => `${prefix}:kpi:dirty`

/** Capped list of the latest rejected ingest batches, newest first (JSON entries). */
export const rejectedBatchesKey = (prefix: string) => `${prefix}:ingest:rejected`
export const REJECTED_BATCHES_KEPT = 100

/** The latest failed ingest flush (JSON: jobs/ingest-writer.ts FlushFailure), for the status API. */
export const ingestLastFailureKey = (prefix: string) => `${prefix}:ingest:last-failure`

/** Set of `location\tsku` pairs whose stock moved since the last risk refresh. */
export const riskDirtyKey = (prefix: string) => `${prefix}:risk:dirty`

/**
 * The body of an accepted ingest batch, held until the writer has landed it (ingest-batches.ts).
 * It expires after INGEST_BODY_TTL_S in case its job is removed without landing, which is far
 * beyond a job's life: retries span about three days and failed jobs are kept a week.
 */
export const ingestBodyKey = (prefix: string, jobId: string) => `${prefix}:ingest:body:${jobId}`
export const INGEST_BODY_TTL_S = 30 * 24 * 3_600

/** Held while an import is being undone (server/import/undo.ts), so two undos do not run at once. */
export const importUndoLockKey = (prefix: string, importId: string) => `${prefix}:import:undo:${importId}`

/** Set of `location\tsku` pairs whose risk was refreshed since the agents last looked at them. */
export const agentsDirtyKey = (prefix: string) => `${prefix}:agents:dirty`

/** Held while an alert key is read and appended to (lib/alerts/store.ts): one writer per (type, scope). */
export const alertLockKey = (prefix: string, alertKey: string) => `${prefix}:alerts:lock:${alertKey}`

/** Hash: alert key -> hygiene's ScopeTrack JSON (streaks of evaluations above and below thresholds). */
export const alertTracksKey = (prefix: string) => `${prefix}:alerts:tracks`

/** Held by the one audit writer at a time (lib/audit/store.ts): it reads the chain's head and appends after it. */
export const auditLockKey = (prefix: string) => `${prefix}:audit:lock`

/**
 * List of audit entries (JSON AuditEntryInput, time set) whose write failed after what they record
 * had landed; the next audit writer chains them first (lib/audit/store.ts). Empty when all is well.
 */
export const auditParkedKey = (prefix: string) => `${prefix}:audit:parked`

/**
 * Held (seconds) by the one writer appending the approval rules' next version after `expected`
 * (lib/actions/rules-store.ts): a compare-and-set on the expected current version, so versions
 * stay gap-free and a stale edit is refused. The record is ClickHouse's row, never this key.
 */
export const rulesCasKey = (prefix: string, expectedVersion: number) => `${prefix}:rules:cas:${expectedVersion}`

/**
 * Pub/sub channel on which a node says that users or API keys changed (lib/auth/identity.ts):
 * every node drops its cached copy, so a revoked key or a disabled user is refused everywhere at
 * once, not after the cache's time to live.
 */
export const identityChannel = (prefix: string) => `${prefix}:identity:changed`

/** Held while a user or an API key is read and appended to, or while an email is claimed (lib/auth/identity.ts). */
export const identityLockKey = (prefix: string, what: string) => `${prefix}:identity:lock:${what}`

/** Hash: API key id -> ISO time it was last used (written at most once a minute per key and node). */
export const apiKeyLastUsedKey = (prefix: string) => `${prefix}:api-keys:last-used`

/**
 * Hash of one browser session (lib/auth/session.ts): userId, createdAt, lastSeenAt (ms). It
 * expires at the idle timeout, slid on each request, and never past the absolute one.
 */
export const sessionKey = (prefix: string, sessionId: string) => `${prefix}:sessions:id:${sessionId}`

/** Set of one user's session ids, so that all of them can be revoked at once. */
export const userSessionsKey = (prefix: string, userId: string) => `${prefix}:sessions:user:${userId}`

/** Refusals of one caller (kind:id, or addr:<address>) in one minute (lib/audit/refusal-budget.ts); kept three minutes. */
export const refusalCountKey = (prefix: string, caller: string, minute: number) => `${prefix}:audit:refusals:${caller}:${minute}`

/** rate-limiter-flexible's key prefixes for sign-in throttling (lib/auth/throttle.ts). */
export const loginThrottleKey = (prefix: string, what: 'account' | 'address' | 'blocks') => `${prefix}:login:${what}`

/**
 * An action's current delivery status (lib/actions/store.ts): the compare-and-set every status
 * change takes before its row is appended. Not the record (ClickHouse's rows are); kept
 * ACTION_STATE_TTL_S, beyond any action's life in the delivery queue.
 */
export const actionStateKey = (prefix: string, actionId: string) => `${prefix}:actions:state:${actionId}`
export const ACTION_STATE_TTL_S = 90 * 24 * 3_600

/**
 * Webhook ids the simulated retailer's ERP receiver (`POST /api/v1/sim/erp`) has taken, each
 * SET NX with a TTL: a redelivery of the same id is answered 200 and not applied twice.
 */
export const simErpSeenKey = (prefix: string, webhookId: string) => `${prefix}:sim:erp:seen:${webhookId}`
export const SIM_ERP_SEEN_TTL_S = 30 * 24 * 3_600

/** List of actions received by the simulated ERP, waiting for the simulator's next tick (JSON ActionPayload). */
export const simErpInboxKey = (prefix: string) => `${prefix}:sim:erp:inbox`

/**
 * List of the actions the simulator applied in a run (JSON `{ at, action }`, at = simulated epoch ms),
 * in order: a restart replays them at the same instants, so the world is rebuilt as it was.
 */
export const simActionsKey = (prefix: string, run: string) => `${prefix}:sim:actions:${run}`

/** The first day (index) a run streamed live: from it, SIM_REPLENISHMENT decides who replenishes. */
export const simLiveFromKey = (prefix: string, run: string) => `${prefix}:sim:live-from:${run}`
