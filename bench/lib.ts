/** Shared bench helpers: run the real server as a child process, read its RSS, print a table. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

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
  for (;;) {
    if (child.exitCode !== null) throw new Error('server exited during start')
    try {
      if ((await fetch(`${url}/api/health`)).ok) break
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    child,
    startMs: Date.now() - t0,
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
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
