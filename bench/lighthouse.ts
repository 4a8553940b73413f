/**
 * bench:lighthouse: Lighthouse's mobile audit (its default: a mid-range phone on slow 4G, CPU
 * slowed 4x, simulated throttling) of /login and /board, signed in as the operations manager,
 * in Debian's Chromium. Prints performance, accessibility and best-practice scores and Total
 * Blocking Time against the targets (performance >= 90, TBT <= 200 ms on /board).
 *
 * Against a running server: BENCH_URL=http://127.0.0.1:3000 npm run bench:lighthouse (a server
 * with the simulator streaming is the realistic case). Without BENCH_URL it starts its own server
 * with a short simulator backfill, like the other benches. LIGHTHOUSE_RUNS (default 3) runs per
 * page; the median run by performance score is reported, as Lighthouse's own docs advise.
 * LIGHTHOUSE_SAVE=<dir> keeps each run's full JSON report there.
 */
import * as chromeLauncher from 'chrome-launcher'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { signIn, startServerProcess } from './lib'

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

interface Audit {
  page: string
  performance: number
  accessibility: number
  bestPractices: number
  tbtMs: number
  lcpMs: number
  fcpMs: number
  cls: number
}


interface Lhr {
  runtimeError?: { message: string }
  categories: Record<string, { score: number | null } | undefined>
  audits: Record<string, { numericValue?: number } | undefined>
}

/**
 * Lighthouse's own CLI in a plain node process: under tsx, the functions Lighthouse serialises into
 * the page carry esbuild's `__name` helper and fail there.
 */
async function audit(url: string, port: number, cookie?: string): Promise<Audit> {
  const args = [
    'node_modules/lighthouse/cli/index.js',
    url,
    `--port=${port}`,
    '--output=json',
    '--quiet',
    '--form-factor=mobile',
    '--only-categories=performance,accessibility,best-practices',
    ...(cookie ? [`--extra-headers=${JSON.stringify({ cookie })}`] : []),
  ]
  const { stdout } = await promisify(execFile)('node', args, { maxBuffer: 256 * 1024 * 1024 })
  if (process.env.LIGHTHOUSE_SAVE) writeFileSync(path.join(process.env.LIGHTHOUSE_SAVE, `${new URL(url).pathname.slice(1) || 'root'}-${Date.now()}.json`), stdout)
  const { categories, audits, runtimeError } = JSON.parse(stdout) as Lhr
  if (runtimeError) throw new Error(`${url}: ${runtimeError.message}`)
  const score = (k: string) => Math.round((categories[k]?.score ?? 0) * 100)
  const ms = (k: string) => Math.round(audits[k]?.numericValue ?? NaN)
  return {
    page: new URL(url).pathname,
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    tbtMs: ms('total-blocking-time'),
    lcpMs: ms('largest-contentful-paint'),
    fcpMs: ms('first-contentful-paint'),
    cls: Number((audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3)),
  }
}

const median = (runs: Audit[]) => [...runs].sort((a, b) => a.performance - b.performance)[Math.floor(runs.length / 2)]

async function main() {
  const own = process.env.BENCH_URL
    ? undefined
    : await startServerProcess({ REDIS_PREFIX: `spbenchlh${Date.now().toString(36)}`, SIMULATOR_BACKFILL_DAYS: '30' }, Number(process.env.BENCH_PORT ?? 3291))
  const base = process.env.BENCH_URL ?? own!.url
  const profile = mkdtempSync(path.join(os.tmpdir(), 'sp-lh-'))
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    userDataDir: profile,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    const cookie = await signIn(base, 'ops@stockpulse.demo')
    const pages: Array<[string, string | undefined]> = [
      [`${base}/login`, undefined],
      [`${base}/board`, cookie],
    ]
    const rows: Audit[] = []
    for (const [url, c] of pages) {
      const runs: Audit[] = []
      for (let i = 0; i < RUNS; i++) runs.push(await audit(url, chrome.port, c))
      rows.push(median(runs))
      console.log(`${url}: performance per run ${runs.map((r) => r.performance).join(', ')}; TBT ${runs.map((r) => r.tbtMs).join(', ')} ms`)
    }
    console.log('\nLighthouse, mobile (median of', RUNS, 'runs)')
    console.table(
      rows.map((r) => ({
        page: r.page,
        performance: r.performance,
        'target perf': r.page === '/board' ? '>= 90' : '',
        'TBT ms': r.tbtMs,
        'target TBT': r.page === '/board' ? '<= 200' : '',
        'LCP ms': r.lcpMs,
        'FCP ms': r.fcpMs,
        CLS: r.cls,
        accessibility: r.accessibility,
        'best practices': r.bestPractices,
      })),
    )
  } finally {
    chrome.kill()
    rmSync(profile, { recursive: true, force: true })
    await own?.stop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
