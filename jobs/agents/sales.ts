/**
 * Sales figures the agents share, read once per location (sales_daily, channels summed): the first
 * day each sku sold, its last day with a sale, and its daily units and sale lines over a window.
 */
import type { ClickHouseClient } from '@clickhouse/client'
import { salesStatsAt } from '@/lib/clickhouse/queries/agent-inputs'
import { addDays } from '@/lib/agents/stock-shared'

/** Days of daily units read for the phantom-inventory test. */
export const SALES_WINDOW_DAYS = 56

/**
 * Days of sales read for the first sale day: history matters to the agents only up to 56 days
 * (forecastConfidence's full history; replenishment's 28-day floor), so older days are not scanned.
 */
export const HISTORY_WINDOW_DAYS = 120

export interface SalesStats {
  /** First day sold within the last HISTORY_WINDOW_DAYS. */
  first_day: string
  last_sale_day: string
  /** The window's first day (YYYY-MM-DD); daily[k] is the units of since + k days, through today. */
  since: string
  daily: number[]
  /** Sale lines over the window. */
  lines: number
}

export async function salesStatsFor(ch: ClickHouseClient, location: string, today: string, skus: string[] = []): Promise<Map<string, SalesStats>> {
  const since = addDays(today, -SALES_WINDOW_DAYS)
  const out = new Map<string, SalesStats>()
  for (const r of await salesStatsAt(ch, { location, from: addDays(today, -HISTORY_WINDOW_DAYS), since, skus })) {
    const daily = new Array<number>(SALES_WINDOW_DAYS + 1).fill(0)
    r.days.forEach((k, i) => {
      if (k >= 0 && k <= SALES_WINDOW_DAYS) daily[k] += r.units[i]
    })
    out.set(r.sku, { first_day: r.first_day, last_sale_day: r.last_sale_day, since, daily, lines: r.lines })
  }
  return out
}
