/**
 * The process's shared resources: config, Redis, ClickHouse clients, queue producers, API keys.
 *
 * The custom server creates one Runtime at start and publishes it on globalThis, because Next.js
 * bundles route handlers and pages separately from the server: a module-level singleton there
 * would be a second copy. Route handlers call `getRuntime()`; tests build their own with
 * `createRuntime` (server/bootstrap.ts) and pass it to the handlers directly. This file holds
 * the accessors only (the type is lib/runtime-types.ts), so route bundles do not pull in the
 * storage drivers.
 */
import type { Runtime } from '@/lib/runtime-types'

/** The Runtime's shape is lib/runtime-types.ts (the workers use it too); re-exported for the app's callers. */
export type { Runtime }

const GLOBAL_KEY = Symbol.for('stockpulse.runtime')
type GlobalWithRuntime = typeof globalThis & { [GLOBAL_KEY]?: Runtime }

export function setRuntime(rt: Runtime | undefined) {
  ;(globalThis as GlobalWithRuntime)[GLOBAL_KEY] = rt
}

export function getRuntime(): Runtime {
  const rt = (globalThis as GlobalWithRuntime)[GLOBAL_KEY]
  if (!rt) throw new Error('StockPulse runtime not started: run the app through server/index.ts (npm start)')
  return rt
}

