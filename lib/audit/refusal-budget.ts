/**
 * How many refused requests one caller gets recorded one by one. Every refusal is audited, but an
 * attacker sending thousands of bad keys a second must not make the hash-chained trail (one lock,
 * one append at a time) the bottleneck of the whole API. So, per caller (a person or key by id; an
 * anonymous caller by address) and per minute: the first `limit` refusals are recorded each; the
 * next one is recorded with a note that the caller passed the limit; the rest are counted in Redis
 * and summarised as one entry with the caller's first refusal of a later minute (the count of the
 * minute before it). Pure: server/api/http.ts keeps the counts.
 */
export type RefusalVerdict = 'record' | 'record-with-notice' | 'count-only'

/** What to do with the `n`-th refusal (1-based) of a caller in the current minute. */
export function refusalVerdict(n: number, limit: number): RefusalVerdict {
  if (n <= limit) return 'record'
  return n === limit + 1 ? 'record-with-notice' : 'count-only'
}

/** Refusals counted but not recorded one by one, from a minute's total. */
export const unrecordedRefusals = (total: number, limit: number) => Math.max(0, total - limit - 1)

/** The reason of the refusal that passes the limit. */
export const floodNotice = (reason: string, limit: number) =>
  `${reason}; more than ${limit} refusals of this caller this minute: further ones are counted and summarised, not recorded one by one`

/** The reason of the summary entry. */
export const floodSummary = (count: number, minuteIso: string) =>
  `${count} further refused requests of this caller in the minute from ${minuteIso} were counted, not recorded one by one`
