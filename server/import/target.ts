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
import { createApiClient } from '@/lib/api/client'
import type { EventType } from '@/lib/events/schema'
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
    const { data, error } = await createApiClient({ baseUrl: url }).GET('/api/health', { signal: AbortSignal.timeout(timeoutMs) })
    // 503 (degraded) answers with the same body: a server all the same.
    const body: unknown = data ?? error
    return typeof (body as { status?: unknown } | undefined)?.status === 'string'
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
  const api = createApiClient({ baseUrl: url, apiKey: key, fetch: untimedFetch })
  return {
    kind: 'server',
    where: url,
    async run(job) {
      const t0 = performance.now()
      const size = typeof job.input === 'string' ? statSync(job.input).size : undefined
      const file = typeof job.input === 'string' ? createReadStream(job.input) : job.input()
      const { data, error, response } = await api.POST('/api/v1/imports', {
        params: { query: { type: job.type as EventType, mode: job.mode } },
        // The file's bytes as they are read (the document types the body as the CSV text).
        body: Readable.toWeb(countingUpload(file, size, job.onProgress)) as unknown as string,
        headers: { 'content-type': 'text/csv; charset=utf-8', ...(size !== undefined ? { 'content-length': String(size) } : {}) },
        // A stream body must say so to Node's fetch (not in the DOM's RequestInit type).
        ...({ duplex: 'half' } as object),
      }).catch((err: unknown) => {
        throw err instanceof SyntaxError ? new TargetError(`the server's answer is not JSON: ${err.message}`) : err
      })
      const status = response.status
      if (status === 401 || status === 403) throw new TargetError(`the server refused the API key (${status}): ${errorText(error)}`)
      // 400: refused, with the bad rows (strict) or the problem with the whole file; nothing was written.
      const refused = status === 400 && error && typeof error === 'object' && 'errors' in error ? error : undefined
      if (!data && !refused) throw new TargetError(`the server answered ${status}: ${errorText(error)}`)
      const counts = data ?? refused
      const rejects: RowError[] = data?.rejects ?? []
      if (job.mode === 'skip-bad' && job.rejectsPath && rejects.length) await writeRejects(job.rejectsPath, rejects)
      return {
        ok: data !== undefined,
        ...(data ? { import_id: data.import_id } : {}),
        quarantined: data?.quarantined ?? 0,
        type: job.type,
        mode: job.mode,
        rows: counts?.rows ?? 0,
        landed: counts?.landed ?? 0,
        duplicates: counts?.duplicates ?? 0,
        rejected: counts?.rejected ?? 0,
        ms: performance.now() - t0,
        bytes: counts?.bytes ?? size ?? 0,
        errors: data ? rejects.slice(0, 100) : (refused?.errors ?? []),
        // A strict rejection lists its rows; the error line is for problems with the whole file.
        ...(refused?.error && !refused.errors.length ? { error: refused.error } : {}),
        ...(job.mode === 'skip-bad' && job.rejectsPath && rejects.length ? { rejectsPath: job.rejectsPath } : {}),
      }
    },
    close: async () => {},
  }
}

const errorText = (error: unknown) => (typeof error === 'string' ? error.slice(0, 500) : ((error as { error?: string } | undefined)?.error ?? JSON.stringify(error)?.slice(0, 500) ?? ''))

async function writeRejects(file: string, rows: RowError[]): Promise<void> {
  const out = createWriteStream(file)
  out.write('line,reason,row\n')
  for (const r of rows) out.write(spreadsheetRow([r.line, r.reason, r.row]))
  out.end()
  await new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject))
}

/** The upload, counted as it goes out: progress every 200 ms at most. */
function countingUpload(body: Readable, size: number | undefined, onProgress: TargetImport['onProgress']): Readable {
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
  pipeline(body, count).catch((err) => count.destroy(err))
  return count
}

/**
 * fetch over node:http with no time limit, for the API client of an import: a big file answers
 * when it has landed, which may be later than the platform fetch waits for an answer (300 s).
 */
export function untimedFetch(request: Request): Promise<Response> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url)
    const req = (url.protocol === 'https:' ? https : http).request(url, { method: request.method, headers: Object.fromEntries(request.headers) })
    req.setTimeout(0)
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const headers = new Headers()
        for (const [name, value] of Object.entries(res.headers)) for (const v of [value ?? []].flat()) headers.append(name, v)
        resolve(new Response(res.statusCode === 204 ? null : Buffer.concat(chunks), { status: res.statusCode ?? 0, headers }))
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    if (request.body) pipeline(Readable.fromWeb(request.body as import('node:stream/web').ReadableStream), req).catch(reject)
    else req.end()
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
