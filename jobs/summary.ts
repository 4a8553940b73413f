/**
 * The daily summary's worker (queue `summary`, lib/queues.ts): reads the day's inputs
 * (lib/clickhouse/queries/daily-summary.ts), has the agent write the text (lib/agents/daily-summary.ts,
 * a template over the figures, no model), and appends it as the day's record. Idempotent: a
 * retried or repeated job writes a newer row for the same (date, location), which replaces the
 * older one on read.
 *
 * When: the day in progress every hour (SUMMARY_HOURLY_SCHEDULE) and when the worker starts, so
 * the board has a text from the first hour; the day that just closed once after midnight UTC
 * (SUMMARY_CLOSE_SCHEDULE); any day on demand (`date` in the payload).
 */
import type { ConnectionOptions, Worker } from 'bullmq'
import type { Runtime } from '@/lib/runtime-types'
import type { ClickHouse } from '@/lib/clickhouse/client'
import { SUMMARY_CLOSE_SCHEDULE, SUMMARY_HOURLY_SCHEDULE, type Payload } from '@/lib/queues'
import { dailySummaryInput, previousDay, writeSummary } from '@/lib/clickhouse/queries/daily-summary'
import { decideDailySummary } from '@/lib/agents/daily-summary'
import type { SummaryBody } from '@/lib/summary/api-schemas'
import { logger } from '@/lib/log'
import { registerWorker } from './registry'
import { currencySymbol } from '@/lib/money'

const log = logger('summary')


const utcDay = (d: Date) => d.toISOString().slice(0, 10)

/** The day a job summarises: its `date`, else the day that just closed (`previous`), else today (UTC). */
export function summaryDate(p: Pick<Payload<'summary'>, 'date' | 'day'>, now = new Date()): string {
  if (p.date) return p.date
  return p.day === 'previous' ? previousDay(utcDay(now)) : utcDay(now)
}

/** Gather, write and store one day's summary for a scope ('' = all locations). */
export async function generateDailySummary(clickhouse: ClickHouse, date: string, location = '', now = new Date()): Promise<SummaryBody> {
  const input = await dailySummaryInput(clickhouse.interactive, { date, location, currencySymbol: currencySymbol(), now })
  return writeSummary(clickhouse, decideDailySummary(input), location, now)
}

export function startSummaryWorker(rt: Runtime, connection: ConnectionOptions): Worker {
  const worker = registerWorker(
    'summary',
    async (job) => {
      const date = summaryDate(job.data)
      const s = await generateDailySummary(rt.clickhouse, date, job.data.location ?? '')
      log.info('daily summary written', { date, location: s.location, by: job.data.requested_by })
      return { date, location: s.location, generated_at: s.generated_at }
    },
    { connection, prefix: rt.redisPrefix, concurrency: 1 },
  )
  const q = rt.queues.summary
  const schedule = (id: string, pattern: string, day: 'today' | 'previous') =>
    q.upsertJobScheduler(id, { pattern, tz: 'UTC' }, { name: 'scheduled', data: { day, requested_by: 'schedule' } })
  worker.alongside(
    Promise.all([
      schedule(SUMMARY_HOURLY_SCHEDULE.id, SUMMARY_HOURLY_SCHEDULE.pattern, 'today'),
      schedule(SUMMARY_CLOSE_SCHEDULE.id, SUMMARY_CLOSE_SCHEDULE.pattern, 'previous'),
      // The day in progress now, so the board need not wait for the hour.
      q.add('on-start', { day: 'today', requested_by: 'worker start' }),
    ]).catch((err) => log.warn('could not register the summary schedules', { error: String(err) })),
  )
  return worker
}
