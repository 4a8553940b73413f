/**
 * How often the replenishment run can order for a location, and how far each order looks ahead:
 * the review interval (the run is nightly) and the review period the order-up-to level covers.
 */
/**
 * Review period of the order-up-to policy (days between order opportunities): a supplier's orders
 * go out weekly; a location its DC feeds can be sent stock every day (the transfers run nightly),
 * so its order-up-to level covers one day beyond the reorder point, not a week (a week's cover at
 * every store on top of the DC's own stock holds the same demand twice).
 */
export const REVIEW_PERIOD_DAYS = 7
export const TRANSFER_REVIEW_PERIOD_DAYS = 1
/**
 * Days between the replenishment run's order opportunities: it runs nightly, so what it does not
 * order tonight waits a day, and the reorder point protects the lead time plus that day
 * (computePolicy review_interval_days). Measured (bench:value, seed 42): without it, a store fed
 * in half a day held a reorder point of half a day's demand plus safety stock, and most of the
 * units StockPulse lost were on shelves that emptied before the next night's transfer landed.
 */
export const REVIEW_INTERVAL_DAYS = 1
/** By how the location is replenished ('transfer' from its DC, else 'supplier'; compute.ts LeadTimeSource). */
export const reviewPeriodFor = (source: string): number => (source === 'transfer' ? TRANSFER_REVIEW_PERIOD_DAYS : REVIEW_PERIOD_DAYS)
/**
 * The days an order placed tonight must cover, L + r + R (lead time, the nightly run's day, the
 * review period): the span the plan's time-phased d averages the forecast over (plan-location.ts).
 */
export const orderSpanDays = (lead_time_days: number, source: string): number => lead_time_days + REVIEW_INTERVAL_DAYS + reviewPeriodFor(source)
