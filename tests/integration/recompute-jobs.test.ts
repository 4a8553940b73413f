/**
 * The recompute as /data drives it, on the real Redis queue and the real engine: who may start
 * one, a second request joining the one under way, the job list with progress and results, and
 * the nightly schedule's next run (which must not count as a run under way).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessionCookie } from '../helpers/socket'
import { RECOMPUTE_SCHEDULE } from '@/lib/queues'
import { startWorkers, type Workers } from '@/jobs/index'
import type { Emitted } from '../helpers/runtime'
import { createTestRuntime, READ_SECRET, waitFor, type TestRuntime } from '../helpers/runtime'
import { handleJob, handleJobs, handleRecompute } from '../helpers/api'
import { checkContractClaims } from '../helpers/contract'

checkContractClaims('recompute-jobs.test.ts')

let t: TestRuntime
let workers: Workers | undefined
const emitted: Emitted[] = []

beforeAll(async () => {
  // No workers at first: a queued recompute stays queued until the test starts them.
  t = await createTestRuntime({ workers: false, env: { API_KEYS: `dash:${READ_SECRET}:read,ops:ops-secret:read+actions` } })
}, 60_000)

afterAll(async () => {
  await workers?.close()
  await t?.cleanup()
})

async function as(userId: string): Promise<Record<string, string>> {
  return { cookie: await sessionCookie(t.rt, userId) }
}
const post = (headers: Record<string, string>) => handleRecompute(t.rt, new Request('http://t/api/v1/recompute', { method: 'POST', headers }))
const jobs = async (query = '') => {
  const res = await handleJobs(t.rt, new Request(`http://t/api/v1/jobs${query}`, { headers: { authorization: `Bearer ${READ_SECRET}` } }))
  return { status: res.status, body: await res.json() }
}

describe('recompute jobs', () => {
  it('lets planners, ops managers and admins start one, not executives or read-only keys', async () => {
    const exec = await post(await as('u-exec'))
    expect(exec.status).toBe(403)
    expect((await exec.json()).error).toMatch(/executive may not start a recompute/)
    expect((await post({ authorization: `Bearer ${READ_SECRET}` })).status).toBe(403)
    expect((await post({})).status).toBe(401)
    expect((await jobs()).body.jobs).toEqual([])
  })

  it('queues one and joins later requests to it while it waits', async () => {
    const first = await post(await as('u-planner'))
    expect(first.status).toBe(202)
    const { job_id } = await first.json()
    const second = await post({ authorization: 'Bearer ops-secret' })
    expect(second.status).toBe(202)
    expect(await second.json()).toEqual({ job_id, already_running: true })

    const { status, body } = await jobs()
    expect(status).toBe(200)
    expect(body.jobs).toHaveLength(1)
    expect(body.jobs[0]).toMatchObject({ id: job_id, name: 'on-demand', state: 'waiting', requested_by: 'user:u-planner', started_at: null, finished_at: null })
    expect(body.schedule.pattern).toBe(RECOMPUTE_SCHEDULE.pattern)
  })

  it('runs it when the workers start: the list shows what it did, the worker pushes its progress, and the schedule its next run', async () => {
    workers = startWorkers(t.rt, { emit: (room, event, payload) => emitted.push({ room, event, payload }) })
    const done = await waitFor(async () => {
      const j = (await jobs()).body.jobs[0]
      return j?.state === 'completed' ? j : undefined
    }, 30_000)
    expect(done.result).toMatchObject({ locations: 0, series: 0 })
    expect(Date.parse(done.finished_at)).toBeGreaterThanOrEqual(Date.parse(done.started_at))
    // The 'done' push follows BullMQ's completion, so a page refetching on it reads the outcome.
    await waitFor(() => emitted.find((e) => e.room === 'jobs' && (e.payload as { id: string }).id === done.id && (e.payload as { phase: string }).phase === 'done'))

    const next = await waitFor(async () => (await jobs()).body.schedule.next_run_at ?? undefined)
    expect(Date.parse(next)).toBeGreaterThan(Date.now())
    expect(new Date(next).getUTCHours()).toBe(2)
    // ... and waits as a delayed job, which the list shows as the schedule, not as a run.
    expect(await t.rt.queues.recompute.getDelayedCount()).toBe(1)
    expect((await jobs()).body.jobs.map((j: { name: string }) => j.name)).toEqual(['on-demand'])

    // The nightly run waits as a delayed job: it is not a run under way, so a new request queues a new job.
    const again = await post(await as('u-admin'))
    const body = await again.json()
    expect(body.already_running).toBeUndefined()
    expect(body.job_id).not.toBe(done.id)
    const one = await handleJob(t.rt, new Request(`http://t/api/v1/jobs/${body.job_id}`, { headers: { authorization: `Bearer ${READ_SECRET}` } }), body.job_id)
    expect(one.status).toBe(200)
    expect(await one.json()).toMatchObject({ id: body.job_id, requested_by: 'user:u-admin' })
  })

  it('answers 400 naming the field for a bad limit', async () => {
    const { status, body } = await jobs('?limit=0')
    expect(status).toBe(400)
    expect(body.errors[0].path).toBe('limit')
  })
})
