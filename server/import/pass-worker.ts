/**
 * Worker thread: the strict byte pass (byte-pass.ts) over the parts of a file the import hands it,
 * side by side with the import's own thread (import-csv.ts, `parallelPass`). Each part's good rows
 * go to held chunk files, as on the main thread; what the main thread needs back (the held
 * chunks with their books, bad rows, row counts, touched locations, progress) is posted to it.
 *
 * It rebuilds the header plan and the validator from the header itself: they hold functions,
 * which cannot cross threads.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { EventType } from '@/lib/events/schema'
import { planHeader } from '@/lib/import/mapping'
import { byteRowPlan } from '@/lib/import/scan'
import { rowValidator } from '@/lib/import/validate'
import { addTouched, type ChunkBookWire } from './bookkeeping'
import { bytePass, encodeRows, holdByteChunk, type ByteRange, type HeldByteChunk } from './byte-pass'

export interface PassWorkerData {
  file: string
  type: EventType
  header: string[]
  source: string
  chunkRows: number
  readBytes: number
  spoolDir: string
  /** Bad rows posted in full per part; the rest are only counted. */
  maxErrors: number
}

/**
 * main -> worker: a part to check, with the file's derived-id prefix (known once the content hash
 * is); `stop`: the file is refused already, so count and check rows but keep none.
 */
export type PassRequest = { range: ByteRange; prefix: string; stop: boolean }

export type WireHeld = Omit<HeldByteChunk, 'book'> & { book: ChunkBookWire }

/** worker -> main */
export type PassMessage =
  | { kind: 'ready' }
  | { kind: 'held'; held: WireHeld }
  | { kind: 'bad'; line: number; reason: string; raw: string }
  | { kind: 'progress'; done: number }
  | { kind: 'part-done'; rows: number; bad: number; touched: string[] }
  | { kind: 'error'; error: string }

const d = workerData as PassWorkerData
const post = (m: PassMessage, transfer?: ArrayBuffer[]) => parentPort!.postMessage(m, transfer)

const planned = planHeader(d.type, d.header)
if (!planned.ok) throw new Error(`pass worker: ${planned.error}`)
const plan = planned.plan
const bytePlan = byteRowPlan(plan)
if (!bytePlan) throw new Error('pass worker: this file has no byte path')
const validate = rowValidator(plan)

parentPort!.on('message', (req: PassRequest) => {
  void runPart(req).catch((err) => post({ kind: 'error', error: err instanceof Error ? (err.stack ?? err.message) : String(err) }))
})
post({ kind: 'ready' })

async function runPart(req: PassRequest): Promise<void> {
  let rows = 0
  let bad = 0
  const touched = new Set<string>()
  const keep = () => !req.stop && bad === 0
  await bytePass({
    file: d.file,
    range: req.range,
    plan,
    bytePlan: bytePlan!,
    validate,
    prefix: req.prefix,
    chunkRows: d.chunkRows,
    readBytes: d.readBytes,
    keepRows: keep,
    good: (e) => {
      rows++
      if (e && keep()) addTouched(touched, e)
    },
    bad: (line, reason, raw) => {
      rows++
      if (bad++ < d.maxErrors) post({ kind: 'bad', line, reason, raw })
    },
    touched: (l) => touched.add(l),
    chunk: async (bc) => {
      if (!keep()) return
      const h = await holdByteChunk(bc, d.spoolDir, (payload) => encodeRows(payload, bc.lines, bc.n, validate, req.prefix, plan.type, d.source))
      post({ kind: 'held', held: { ...h, book: h.book.toWire() } }, [h.lines.buffer as ArrayBuffer])
    },
    progress: (done) => post({ kind: 'progress', done }),
  })
  post({ kind: 'part-done', rows, bad, touched: [...touched] })
}
