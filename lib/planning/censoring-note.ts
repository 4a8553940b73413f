/**
 * The drill-down's sentence on what stockout days did to a forecast (lib/forecast/censored.ts):
 * which channels' levels they raised and by how much. Below half a percent it is not worth a
 * planner's reading: null. A raise of 2x or more (up to censored.ts MAX_FACTOR, 10x: a slow seller
 * whose every sale emptied its shelf) reads as a multiple, "3.4x": "+240%" reads as a typo.
 */
const WORTH_SAYING = 0.005

const raise = (factor: number) => (factor >= 2 ? `${Math.round(factor * 10) / 10}x` : `+${Math.round((factor - 1) * 100)}%`)

export function censoringNote(forecasts: readonly { channel: string; censoring_factor: number }[]): string | null {
  const raised = forecasts.filter((f) => f.censoring_factor - 1 >= WORTH_SAYING)
  if (raised.length === 0) return null
  const parts = raised.map((f) => `${raise(f.censoring_factor)}${forecasts.length > 1 ? ` (${f.channel})` : ''}`)
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
  return `The shelf ran out on some of the last 112 days. Sales on those days count as at least what sold, not as the demand, because a shelf runs out on the days demand runs high: that raises the forecast's level over the days it did not run out by ${list}.`
}
