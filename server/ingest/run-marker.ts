/**
 * Did the previous process on this DATA_DIR stop cleanly? A marker file (`running`) is written
 * once the runtime is open and removed by a clean close (server/bootstrap.ts `closeRuntime`,
 * after the workers have flushed and the ClickHouse clients are closed). A marker found at start
 * means the process before was killed (kill -9, OOM, power) or its shutdown overran: the
 * materialized views of its last inserts may be half written (./crash-repair.ts).
 *
 * It records when that process started: every landing row it inserted has `ingested_at` (the
 * insert's own now64) at or after that time, which bounds what the repair has to look at. In
 * embedded mode only one process opens a data directory (chDB), so the marker is exact.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const FILE = 'running'

export interface RunMarker {
  pid: number
  /** When that process started (ms since the epoch), before its first insert. */
  startedAt: number
}

const fileOf = (dataDir: string) => path.join(dataDir, FILE)

/** The marker of a process that did not stop cleanly, if one is there. */
export function readRunMarker(dataDir: string): RunMarker | undefined {
  let text: string
  try {
    text = readFileSync(fileOf(dataDir), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  try {
    const m = JSON.parse(text) as Partial<RunMarker>
    if (typeof m.startedAt === 'number' && Number.isFinite(m.startedAt)) return { pid: Number(m.pid ?? 0), startedAt: m.startedAt }
  } catch {
    // A marker cut short while being written: its process started, and its time is unknown.
  }
  // Unknown start: look at everything (slow, but right).
  return { pid: 0, startedAt: 0 }
}

/** Mark this process as running since `startedAt`; written whole (rename), so never half a marker. */
export function writeRunMarker(dataDir: string, startedAt: number): void {
  const tmp = `${fileOf(dataDir)}.tmp`
  writeFileSync(tmp, JSON.stringify({ pid: process.pid, startedAt } satisfies RunMarker), { mode: 0o600 })
  renameSync(tmp, fileOf(dataDir))
}

/** A clean stop: nothing of this process is half written. */
export function removeRunMarker(dataDir: string): void {
  rmSync(fileOf(dataDir), { force: true })
}
