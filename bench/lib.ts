/** Shared bench helpers: run the real server as a child process, read its RSS, print a table. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, type Dirent } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deleteKeysWithPrefix } from '@/lib/redis'
import { createApiClient, type ApiClient } from '@/lib/api/client'

export interface ServerProc {
  url: string
  child: ChildProcess
  startMs: number
  stop(): Promise<void>
}

export async function startServerProcess(env: Record<string, string>, port: number): Promise<ServerProc> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'sp-bench-'))
  const t0 = Date.now()
  // BENCH_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn('node', [...extra, '--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const url = `http://127.0.0.1:${port}`
  const api = createApiClient({ baseUrl: url })
  for (;;) {
    if (child.exitCode !== null) throw new Error('server exited during start')
    try {
      if ((await api.GET('/api/health')).response.ok) break
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    child,
    startMs: Date.now() - t0,
    /** Stop the server, then remove what it made: its temporary data directory and its Redis keys. */
    async stop() {
      child.kill('SIGTERM')
      await exited
      if (process.env.BENCH_KEEP === '1') return
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true })
      if (env.REDIS_PREFIX) await deleteKeysWithPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.REDIS_PREFIX)
    },
  }
}

/** Peak resident set size of a process in MiB (Linux; 'self' for this one). */
export function peakRssMiB(pid: number | 'self'): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)
  return m ? Number(m[1]) / 1024 : NaN
}

/** CPU seconds a process has used so far, all its threads (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** Resident set size of a process in MiB (Linux). */
export function rssMiB(pid: number): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)
  return m ? Number(m[1]) / 1024 : NaN
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

export function printTable(title: string, rows: { metric: string; value: string; target?: string; ok?: boolean }[]) {
  const w1 = Math.max(6, ...rows.map((r) => r.metric.length))
  const w2 = Math.max(5, ...rows.map((r) => r.value.length))
  const w3 = Math.max(6, ...rows.map((r) => (r.target ?? '').length))
  console.log(`\n${title}`)
  console.log(`| ${'metric'.padEnd(w1)} | ${'value'.padEnd(w2)} | ${'target'.padEnd(w3)} | status |`)
  console.log(`|${'-'.repeat(w1 + 2)}|${'-'.repeat(w2 + 2)}|${'-'.repeat(w3 + 2)}|--------|`)
  for (const r of rows) {
    const status = r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED'
    console.log(`| ${r.metric.padEnd(w1)} | ${r.value.padEnd(w2)} | ${(r.target ?? '').padEnd(w3)} | ${status.padEnd(6)} |`)
  }
}

export interface LatencyStats {
  n: number
  p50: number
  p95: number
  max: number
}

/** p50 / p95 / max of latency samples (ms). */
export function latencyStats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b)
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.length ? sorted[sorted.length - 1] : NaN }
}

/** A printTable row for a latency distribution, judged on p95 against `targetMs` (if any). */
export function latencyRow(metric: string, samples: number[], targetMs?: number): { metric: string; value: string; target?: string; ok?: boolean } {
  const s = latencyStats(samples)
  const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0))
  return {
    metric,
    value: `p50 ${ms(s.p50)} / p95 ${ms(s.p95)} / max ${ms(s.max)} ms`,
    ...(targetMs === undefined ? {} : { target: `p95 <= ${targetMs} ms`, ok: s.p95 <= targetMs }),
  }
}

/** Wall time of `n` sequential runs of `fn`, in ms each. */
export async function timeRuns(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fn()
    out.push(performance.now() - t)
  }
  return out
}

/** Total size of the files under `dir`, in bytes (0 when it does not exist). */
export function dirBytes(dir: string): number {
  let total = 0
  let entries: Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const e of entries) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) total += dirBytes(p)
    else if (e.isFile()) total += statSync(p).size
  }
  return total
}

export function fmtBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let i = 0
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024
    i++
  }
  return `${n.toFixed(i ? 2 : 0)} ${units[i]}`
}

/** The 1/5/15-minute load averages, for printing next to timings on a shared machine. */
export const loadAverage = () => os.loadavg().map((x) => x.toFixed(2)).join(' ')

/** A demo person's session cookie, from the browser's sign-in (a form endpoint outside the API document). */
export async function signIn(url: string, email = 'ops@stockpulse.demo'): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    // Sign-in must come from this site (CSRF); so must any POST sent with the cookie.
    headers: { 'content-type': 'application/json', origin: new URL(url).origin },
    body: JSON.stringify({ email, password: 'stockpulse' }),
  })
  if (!res.ok) throw new Error(`sign-in answered ${res.status}`)
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  if (!cookie) throw new Error('sign-in set no cookie')
  return cookie
}

/** GET /api/v1/ingest/status through the typed client; anything but its answer throws. */
export async function ingestStatus(api: ApiClient) {
  const { data, response } = await api.GET('/api/v1/ingest/status')
  if (!data) throw new Error(`ingest status answered ${response.status}`)
  return data
}
