/**
 * How fresh a source is against its own usual cadence: the judgement /data and
 * GET /api/v1/ingest/status show, and the stale-data agent (lib/agents/stale-data.ts) raises
 * alerts on. Pure, no I/O.
 */

export type SourceFreshness = 'fresh' | 'late' | 'silent'

/** The ages past which a source with this usual gap is late (3 gaps, at least 2 min) and silent (10 gaps, at least 15 min), ms. */
export function freshnessLimits(cadenceMs: number): { late_ms: number; silent_ms: number } {
  return { late_ms: Math.max(3 * cadenceMs, 2 * 60_000), silent_ms: Math.max(10 * cadenceMs, 15 * 60_000) }
}

/** Late past 3 usual gaps (at least 2 min), silent past 10 (at least 15 min). */
export function judgeFreshness(lastFlushAt: string | null, cadenceMs: number, now: number): SourceFreshness {
  if (!lastFlushAt) return 'silent'
  const age = now - Date.parse(lastFlushAt)
  const { late_ms, silent_ms } = freshnessLimits(cadenceMs)
  if (age > silent_ms) return 'silent'
  if (age > late_ms) return 'late'
  return 'fresh'
}
