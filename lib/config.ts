/**
 * Configuration: every environment variable the product reads, with its default, in one place.
 * `.env.example` and the README's table mirror this file; keep the three in step.
 */
import { z } from 'zod'
import { boundsOverrideSchema } from './events/plausibility'

const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'])
  .transform((v) => v === 'on' || v === 'true' || v === '1')

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('.data'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key (BullMQ queues, pub/sub, caches) so tests and tenants never collide. */
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i).default('sp'),
  /**
   * Names this deployment's Redis keys, queues and Socket.IO channel (`REDIS_PREFIX:id:...`).
   * Empty: generated on first start and stored in ClickHouse, so the processes sharing one
   * ClickHouse database agree and another deployment on the same Redis never collides.
   */
  DEPLOYMENT_ID: z.string().regex(/^[a-z0-9_-]{1,64}$/i).or(z.literal('')).default(''),
  /** When set, ClickHouse is reached over HTTP instead of embedded chDB. */
  CLICKHOUSE_URL: z.string().url().optional(),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: z.string().regex(/^[a-z0-9_]+$/i).default('stockpulse'),
  /** Optional cluster name for DDL (`ON CLUSTER`) in scaled mode. */
  CLICKHOUSE_CLUSTER: z.string().regex(/^[a-z0-9_]*$/i).default(''),
  /** `name:secret:scope[+scope]`, comma separated. Scopes: ingest, read, actions. */
  API_KEYS: z.string().default(''),
  /** Session cookie key (>= 32 chars). Empty: generated once and kept in DATA_DIR. */
  SESSION_SECRET: z.string().default(''),
  /** Force the session cookie Secure. It is Secure anyway whenever the site is served over HTTPS (TRUST_PROXY, PUBLIC_ORIGIN). */
  COOKIE_SECURE: onOff.default(false),
  /** A session ends after this many minutes without a request (sliding). */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(30),
  /** ... and this many hours after sign-in, however active. */
  SESSION_MAX_HOURS: z.coerce.number().positive().max(30 * 24).default(12),
  /**
   * The site's origin as browsers see it (`https://stock.example`), when a proxy in front rewrites
   * Host. Empty: the request's Host and protocol. State-changing requests made with the cookie must
   * come from it (CSRF), and so must the Socket.IO handshake.
   */
  PUBLIC_ORIGIN: z.string().url().refine((u) => /^https?:\/\/[^/]+\/?$/.test(u), 'must be an origin such as https://stock.example').or(z.literal('')).default(''),
  /** Believe X-Forwarded-Proto and X-Forwarded-For (only behind a proxy that sets them). */
  TRUST_PROXY: onOff.default(false),
  /** Sign-in: failures per account within LOGIN_ACCOUNT_WINDOW_MINUTES before it is blocked (each further block doubles, up to a day). */
  LOGIN_ACCOUNT_FAILURES: z.coerce.number().int().min(1).max(1_000).default(5),
  LOGIN_ACCOUNT_WINDOW_MINUTES: z.coerce.number().positive().max(24 * 60).default(15),
  /** Sign-in: failures per client address within LOGIN_ADDRESS_WINDOW_MINUTES before it is blocked for that long. */
  LOGIN_ADDRESS_FAILURES: z.coerce.number().int().min(1).max(100_000).default(20),
  LOGIN_ADDRESS_WINDOW_MINUTES: z.coerce.number().positive().max(24 * 60).default(10),
  /**
   * Demo users (README) can sign in. On by default; with HOST beyond loopback the server starts in
   * demo mode only when DEMO_MODE=on is set explicitly.
   */
  DEMO_MODE: onOff.default(true),
  /**
   * Sign-in through an OpenID Connect provider (lib/auth/oidc.ts), when OIDC_ISSUER is set: the
   * issuer URL (discovery at /.well-known/openid-configuration), this app's client id and secret,
   * and the callback URL registered with the provider (https://<host>/api/auth/oidc/callback).
   * Only people who exist as enabled local users (by email) get in.
   */
  OIDC_ISSUER: z.string().url().or(z.literal('')).default(''),
  OIDC_CLIENT_ID: z.string().default(''),
  OIDC_CLIENT_SECRET: z.string().default(''),
  OIDC_REDIRECT_URI: z.string().url().or(z.literal('')).default(''),
  SIMULATOR: onOff.default(true),
  /**
   * Where approved actions are delivered (the retailer's ERP/WMS/OMS), signed as Standard Webhooks
   * say. Empty: in demo mode, the simulated retailer's receiver on this server
   * (`/api/v1/sim/erp`) while the simulator runs; with neither, each try fails ("no receiver"), retries with backoff and ends dead-lettered.
   */
  WEBHOOK_URL: z.string().url().or(z.literal('')).default(''),
  /** Standard Webhooks signing secret (`whsec_` + base64). Empty: generated once and kept in DATA_DIR. */
  WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'must be whsec_ followed by base64').or(z.literal('')).default(''),
  /** Tries of one action's delivery before it is dead (the dead-letter state, needs a person). */
  WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  /** Backoff between tries: a random delay up to this many ms doubling each try (full jitter), at most an hour. */
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(1).max(3_600_000).default(2_000),
  /** How long one delivery waits for the receiver's answer, ms. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /**
   * How the simulated retailer replenishes in the live phase: 'stockpulse' (only through the
   * actions StockPulse delivers; its own min-max rule is kept as the baseline) or 'minmax'.
   */
  SIM_REPLENISHMENT: z.enum(['stockpulse', 'minmax']).default('stockpulse'),
  /**
   * Who places the routine orders (position at or below the reorder point): 'retailer' (its own
   * nightly run; StockPulse's low-stock alert waits a night for it) or 'stockpulse' (the low-stock
   * alert recommends the order the first time it sees the position there). Unset: 'stockpulse'
   * while the simulator runs with SIM_REPLENISHMENT=stockpulse, else 'retailer' (replenishmentRun).
   */
  REPLENISHMENT_RUN: z.enum(['retailer', 'stockpulse']).optional(),
  /** Simulated seconds per real second for the live stream. */
  SIMULATOR_SPEED: z.coerce.number().positive().max(10_000).default(1),
  SIMULATOR_SEED: z.coerce.number().int().default(42),
  /** Days of history the simulator backfills on first start (ending yesterday). */
  SIMULATOR_BACKFILL_DAYS: z.coerce.number().int().min(0).max(1_000).default(365),
  /** Which queues this process works: all, none, or a comma list (ingest,kpi,recompute,agents,summary,deliver). */
  /** Backfilled days before the run went live whose value (both policies, the same there) is recorded for the value report. */
  SIM_VALUE_HISTORY_DAYS: z.coerce.number().int().min(0).max(1_000).default(90),
  WORKERS: z.string().default('all'),
  /** Largest request body accepted by the ingest API, in bytes. */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(16 * 1024 * 1024),
  /** Most events in one ingest batch. */
  MAX_BATCH_EVENTS: z.coerce.number().int().min(1).max(100_000).default(10_000),
  /**
   * Ingest writer flushes at this many rows ... Under load a flush takes up to this many: each
   * insert pays a part per table and per view, so larger flushes cost less CPU per event
   * (bench:ingest, same hour: 50,000 gave 44-49k events/s landed at 29-32 us of server CPU each,
   * 100,000 gave 54-60k at 23-26 us; 200,000 no better). Since the inserts run side by side
   * (lib/clickhouse/literal.ts) 50,000 gave 60.6k in one run but no fresher tiles under full load
   * (bench:freshness p95 5.2 s against 4.0 s), 25,000 gave 44k. Light traffic still flushes every
   * INGEST_FLUSH_MS.
   */
  INGEST_FLUSH_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  /**
   * ... or after this many milliseconds, whichever comes first (the bulk lane: batches over
   * INGEST_EXPRESS_MAX_EVENTS). Every flush pays a part per table and per view, so steady traffic
   * below INGEST_FLUSH_ROWS costs CPU per flush, not per event: at 5,000 events/s in batches of
   * 500, 150 ms took 1.69 cores (337 us per event), 500 ms 0.76 (153 us), and the server at 1.4
   * cores in a 30-minute soak slowed every push. A till's small batch takes the express lane
   * (INGEST_EXPRESS_FLUSH_MS), so this wait does not delay it.
   */
  INGEST_FLUSH_MS: z.coerce.number().int().min(1).max(60_000).default(500),
  /**
   * Batches of at most this many events (a till posting as it sells) take the writer's express
   * lane: a buffer, flushes and ClickHouse connections of their own, so they land in tens of ms
   * instead of queueing behind a bulk feed's large flushes (bench:freshness under full ingest
   * load). 0: one lane for everything.
   */
  INGEST_EXPRESS_MAX_EVENTS: z.coerce.number().int().min(0).max(100_000).default(100),
  /** The express lane flushes after this many milliseconds (or at 10 x INGEST_EXPRESS_MAX_EVENTS events). */
  INGEST_EXPRESS_FLUSH_MS: z.coerce.number().int().min(1).max(60_000).default(25),
  /** Ingest answers 429 when this many batches wait in the queue. */
  INGEST_MAX_BACKLOG: z.coerce.number().int().min(1).max(1_000_000).default(500),
  /**
   * CSV import: the largest file (an upload, or a file the CLI imports in-process), in bytes. The
   * file is spooled to DATA_DIR/tmp (and strict imports hold their rows there once more), so this
   * bounds the disk an import can take, not memory.
   */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(2 ** 50).default(4 * 1024 ** 3),
  /**
   * CSV import: the longest record (a line, or a quoted record over several lines), in bytes. A
   * longer one refuses the file, naming its line, before it is read whole: a 60 MB line once took
   * 35 s and doubled the process's memory. 1 MiB: an ordinary row is well under 1 KB, and a
   * promotion listing 10,000 SKUs (the schema's limit) of ten-character ids is about 110 KB.
   */
  IMPORT_MAX_LINE_BYTES: z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(1024 * 1024),
  /**
   * Plausibility bounds over the defaults (lib/events/plausibility.ts), JSON: rule -> {min, max},
   * or null to turn a rule off. An event outside them is quarantined, not summed.
   */
  PLAUSIBILITY_BOUNDS: boundsOverrideSchema,
  /**
   * Ingest counts as stuck (status API `ingest_state`, /api/health 503) when the oldest accepted
   * batch not landed yet has waited this many milliseconds.
   */
  INGEST_STUCK_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(60_000),
  /** Worker-only processes (`npm run worker`) serve GET /metrics on this port; 0: not served. Web nodes serve it at /metrics. */
  /** ISO 4217 code every money figure is in (tiles, cards, reports, exports). */
  CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as GBP').default('GBP'),
  /** Annual cost of holding stock, as a share of its value at cost (capital, storage, insurance, obsolescence). */
  CARRYING_RATE: z.coerce.number().min(0).max(2).default(0.25),
  /** Refused requests of one caller recorded one by one per minute; past it they are counted and summarised (lib/audit/refusal-budget.ts). */
  AUDIT_REFUSALS_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(300),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
})

export type Config = z.infer<typeof configSchema>

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const r = configSchema.safeParse(env)
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  return r.data
}

export type ReplenishmentRun = 'retailer' | 'stockpulse'

/** Who places the routine orders (REPLENISHMENT_RUN, or what the simulator settings imply). */
export function replenishmentRun(config: Pick<Config, 'REPLENISHMENT_RUN' | 'SIMULATOR' | 'SIM_REPLENISHMENT'>): ReplenishmentRun {
  return config.REPLENISHMENT_RUN ?? (config.SIMULATOR && config.SIM_REPLENISHMENT === 'stockpulse' ? 'stockpulse' : 'retailer')
}

/** Does this process work the named queue (`ingest`, `kpi`, `recompute`, `agents`)? */
export function runsWorker(config: Pick<Config, 'WORKERS'>, name: string): boolean {
  const wanted = new Set(config.WORKERS.split(',').map((s) => s.trim()))
  return wanted.has('all') || wanted.has(name)
}
