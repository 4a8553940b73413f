/**
 * The strict import's second thread (pass-worker.ts), seen from the import: start it early (it
 * takes about half a second to load), hand it parts of the file, get back what it found.
 *
 * Why a thread: a strict import writes nothing until every row passed, so its byte pass (about
 * 0.7 CPU-µs a row, 1.4 s of a 6 s import of 2,000,000 sales) runs with ClickHouse idle. Two
 * threads take parts of the file from one queue, so the thread that starts late simply takes fewer.
 * If the thread cannot start (or fails to load), the import's own thread takes every part.
 */
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { ChunkBook } from './bookkeeping'
import type { ByteRange, HeldByteChunk } from './byte-pass'
import type { PassMessage, PassRequest, PassWorkerData } from './pass-worker'

const WORKER_FILE = path.resolve(process.cwd(), 'server/import/pass-worker.ts')

export interface PartHandlers {
  held: (h: HeldByteChunk) => void
  bad: (line: number, reason: string, raw: string) => void
  /** Bytes of the part checked so far. */
  progress: (done: number) => void
}

export interface PartResult {
  rows: number
  bad: number
  touched: string[]
}

export class PassThread {
  private readonly worker: Worker
  /** True once loaded; false if it failed to start. */
  readonly ready: Promise<boolean>
  private current: { handlers: PartHandlers; range: ByteRange; resolve: (r: PartResult) => void; reject: (e: Error) => void } | undefined
  private failed: Error | undefined

  constructor(data: PassWorkerData) {
    // A TypeScript worker file needs tsx's loader registered inside the thread first.
    this.worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER_FILE)})`, { eval: true, workerData: data })
    // Never what keeps the process alive: the import closes it, but an error on the way must not leave it holding on.
    this.worker.unref()
    this.ready = new Promise((resolve) => {
      this.worker.on('message', (m: PassMessage) => {
        if (m.kind === 'ready') resolve(true)
        else this.onMessage(m)
      })
      this.worker.on('error', (err) => {
        this.failed = err
        resolve(false)
        this.current?.reject(err)
        this.current = undefined
      })
      this.worker.on('exit', () => resolve(false))
    })
  }

  /** Check one part; resolves when it is done (its held chunks and bad rows reported before). */
  run(req: PassRequest, handlers: PartHandlers): Promise<PartResult> {
    if (this.failed) return Promise.reject(this.failed)
    if (this.current) return Promise.reject(new Error('pass thread: one part at a time'))
    return new Promise((resolve, reject) => {
      this.current = { handlers, range: req.range, resolve, reject }
      this.worker.postMessage(req)
    })
  }

  private onMessage(m: PassMessage) {
    const cur = this.current
    if (!cur) return
    switch (m.kind) {
      case 'held':
        cur.handlers.held({ ...m.held, book: ChunkBook.fromWire(m.held.book) })
        return
      case 'bad':
        cur.handlers.bad(m.line, m.reason, m.raw)
        return
      case 'progress':
        cur.handlers.progress(m.done - cur.range.start)
        return
      case 'part-done':
        this.current = undefined
        cur.resolve({ rows: m.rows, bad: m.bad, touched: m.touched })
        return
      case 'error':
        this.current = undefined
        cur.reject(new Error(`import pass thread: ${m.error}`))
        return
    }
  }

  async close(): Promise<void> {
    await this.worker.terminate()
  }
}
