/**
 * Where a command-line import goes: the running server, or this process.
 *
 * Embedded ClickHouse lets one process own a data directory, so while a StockPulse server runs
 * on DATA_DIR the import command cannot open it: it sends the file to the server instead
 * (POST /api/v1/imports, IMPORT_URL or http://127.0.0.1:$PORT, with the ingest API key in
 * IMPORT_API_KEY). When no server answers, it opens the runtime itself (Redis and ClickHouse,
 * as the server would) and imports in-process. Used by scripts/import.ts and the data-set loaders.
 */
import http from 'node:http'
import https from 'node:https'
import { createReadStream, createWriteStream, statSync } from 'node:fs'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { loadConfig } from '@/lib/config'
import { spreadsheetRow } from '@/lib/csv-safe'
import { createRuntime, closeRuntime } from '../bootstrap'
import type { Runtime } from '@/lib/runtime-types'
import { importCsv, type ImportMode } from './import-csv'
import type { ImportProgress, ImportSummary, RowError } from './types'

export interface TargetImport {
  type: string
  /** A file path, or a function that makes a fresh stream of CSV text (generated data). */
  input: string | (() => Readable)
  mode: ImportMode
  /** skip-bad: where rejected rows are written. */
  rejectsPath?: string
  onProgress?: (p: ImportProgress | { phase: 'uploading'; bytesDone: number; bytesTotal: number | undefined }) => void
}

export interface ImportTarget {
  kind: 'server' | 'in-process'
  /** The server's URL or the data directory. */
  where: string
  run(job: TargetImport): Promise<ImportSummary>
  close(): Promise<void>
}

export class TargetError extends Error {}

/** Is a StockPulse server answering at `url`? Anything that answers its health check as JSON counts. */
export async function serverAnswers(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const res = await fetch(new URL('/api/health', url), { signal: AbortSignal.timeout(timeoutMs) })
    const body = (await res.json().catch(() => undefined)) as { status?: unknown } | undefined
    return typeof body?.status === 'string'
  } catch {
    return false
  }
}

export async function openImportTarget(env: Record<string, string | undefined> = process.env, opts: { source: string } = { source: 'csv-import' }): Promise<ImportTarget> {
  const url = env.IMPORT_URL ?? `http://127.0.0.1:${env.PORT ?? 3000}`
  if (await serverAnswers(url)) {
    const key = env.IMPORT_API_KEY
    if (!key) {
      throw new TargetError(
        `A StockPulse server answers at ${url} and holds the data directory, so the import goes through it: ` +
          'set IMPORT_API_KEY to an API key with the ingest scope (one of API_KEYS), or stop the server.',
      )
    }
    return serverTarget(url, key)
  }
  if (env.IMPORT_URL) throw new TargetError(`No StockPulse server answers at IMPORT_URL=${url}.`)
  let rt: Runtime
  try {
    rt = await createRuntime(loadConfig({ ...env, SIMULATOR: 'off' }))
  } catch (err) {
    throw new TargetError(
      `No server answers at ${url}, and opening the data directory in this process failed: ${err instanceof Error ? err.message : String(err)}. ` +
        '(Is a server running on this DATA_DIR at another address? Then set IMPORT_URL.)',
    )
  }
  return inProcessTarget(rt, opts.source)
}

export function inProcessTarget(rt: Runtime, source: string): ImportTarget {
  return {
    kind: 'in-process',
    where: rt.config.DATA_DIR,
    run: (job) =>
      importCsv(rt, {
        type: job.type,
        input: typeof job.input === 'string' ? job.input : job.input(),
        mode: job.mode,
        source,
        rejectsPath: job.rejectsPath,
        onProgress: job.onProgress,
      }),
    close: () => closeRuntime(rt),
  }
}

function serverTarget(url: string, key: string): ImportTarget {
  return {
    kind: 'server',
    where: url,
    async run(job) {
      const t0 = performance.now()
      const target = new URL('/api/v1/imports', url)
      target.searchParams.set('type', job.type)
      target.searchParams.set('mode', job.mode)
      const size = typeof job.input === 'string' ? statSync(job.input).size : undefined
      const body = typeof job.input === 'string' ? createReadStream(job.input) : job.input()
      const res = await post(target, key, body, size, job.onProgress)
      let answer: Partial<ImportSummary> & { error?: string; rejects?: RowError[] }
      try {
        answer = JSON.parse(res.body)
      } catch {
        throw new TargetError(`the server answered ${res.status}: ${res.body.slice(0, 500)}`)
      }
      if (res.status === 401 || res.status === 403) throw new TargetError(`the server refused the API key (${res.status}): ${answer.error ?? ''}`)
      if (res.status !== 200 && res.status !== 400) throw new TargetError(`the server answered ${res.status}: ${answer.error ?? res.body.slice(0, 500)}`)
      const rejects = answer.rejects ?? []
      if (job.mode === 'skip-bad' && job.rejectsPath && rejects.length) await writeRejects(job.rejectsPath, rejects)
      return {
        ok: res.status === 200,
        ...(answer.import_id ? { import_id: answer.import_id } : {}),
        quarantined: answer.quarantined ?? 0,
        type: job.type,
        mode: job.mode,
        rows: answer.rows ?? 0,
        landed: answer.landed ?? 0,
        duplicates: answer.duplicates ?? 0,
        rejected: answer.rejected ?? 0,
        ms: performance.now() - t0,
        bytes: answer.bytes ?? size ?? 0,
        errors: res.status === 200 ? rejects.slice(0, 100) : (answer.errors ?? []),
        // A strict rejection lists its rows; the error line is for problems with the whole file.
        ...(answer.error && res.status !== 200 && !answer.errors?.length ? { error: answer.error } : {}),
        ...(job.mode === 'skip-bad' && job.rejectsPath && rejects.length ? { rejectsPath: job.rejectsPath } : {}),
      }
    },
    close: async () => {},
  }
}

async function writeRejects(file: string, rows: RowError[]): Promise<void> {
  const out = createWriteStream(file)
  out.write('line,reason,row\n')
  for (const r of rows) out.write(spreadsheetRow([r.line, r.reason, r.row]))
  out.end()
  await new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject))
}

/** POST a stream; no time limit (a big import answers when it is done). */
function post(url: URL, key: string, body: Readable, size: number | undefined, onProgress: TargetImport['onProgress']): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'text/csv; charset=utf-8', authorization: `Bearer ${key}` }
    if (size !== undefined) headers['content-length'] = String(size)
    const req = (url.protocol === 'https:' ? https : http).request(url, { method: 'POST', headers })
    req.setTimeout(0)
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    let sent = 0
    let last = 0
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        sent += chunk.length
        if (onProgress && performance.now() - last > 200) {
          last = performance.now()
          onProgress({ phase: 'uploading', bytesDone: sent, bytesTotal: size })
        }
        cb(null, chunk)
      },
    })
    pipeline(body, count, req).catch(reject)
  })
}

/** The summary for a terminal. */
export function describeSummary(s: ImportSummary, where: string): string {
  const n = (x: number) => x.toLocaleString('en-GB')
  const secs = s.ms / 1000
  const lines = [
    `${s.ok ? 'imported' : 'REFUSED'}: ${s.type} (${s.mode}) via ${where}`,
    `  rows        ${n(s.rows)}`,
    `  landed      ${n(s.landed)}`,
    `  duplicates  ${n(s.duplicates)}`,
    ...(s.quarantined ? [`  quarantined ${n(s.quarantined)} (implausible: kept aside, not summed; listed on /data)`] : []),
    `  rejected    ${n(s.rejected)}`,
    `  time        ${secs.toFixed(1)} s (${n(Math.round(s.rows / Math.max(secs, 1e-3)))} rows/s)`,
  ]
  if (s.error) lines.push(`  error       ${s.error}`)
  if (!s.ok && s.errors.length) {
    lines.push(`  bad rows (${s.errors.length < s.rejected ? `first ${s.errors.length} of ${n(s.rejected)}` : n(s.rejected)}); nothing was written:`)
    for (const e of s.errors) lines.push(`    line ${e.line}: ${e.reason}`)
  }
  if (s.rejectsPath) lines.push(`  rejected rows written to ${s.rejectsPath}`)
  if (s.ok && s.import_id) lines.push(`  import id   ${s.import_id} (undo: DELETE /api/v1/imports/${s.import_id}, or on /data)`)
  return lines.join('\n')
}

/** A progress line for a terminal. */
export function describeProgress(p: Parameters<NonNullable<TargetImport['onProgress']>>[0]): string {
  const pct = p.bytesTotal ? ` ${((100 * p.bytesDone) / p.bytesTotal).toFixed(0)}%` : ''
  const mb = (p.bytesDone / 1e6).toFixed(1)
  if (p.phase === 'uploading' || p.phase === 'receiving') return `${p.phase} ${mb} MB${pct}`
  return `${p.phase}${pct}: ${p.rows.toLocaleString('en-GB')} rows read, ${p.landed.toLocaleString('en-GB')} landed, ${p.duplicates.toLocaleString('en-GB')} duplicates, ${p.rejected.toLocaleString('en-GB')} rejected`
}

/** Write progress to stderr: rewritten in place on a terminal, every few seconds otherwise. */
export function progressPrinter(): (p: Parameters<NonNullable<TargetImport['onProgress']>>[0]) => void {
  let last = 0
  return (p) => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${describeProgress(p)}`)
    else if (performance.now() - last > 5_000) {
      last = performance.now()
      process.stderr.write(describeProgress(p) + '\n')
    }
  }
}

export function endProgress() {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K')
}
