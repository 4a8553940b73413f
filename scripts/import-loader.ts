/**
 * Shared by the data-set loaders: land a converted data set (one CSV stream per event type, in
 * order) through the same import as `npm run import`, on the running server or in-process.
 */
import { Readable } from 'node:stream'
import type { SourceFile } from '@/lib/import/sources'
import { csvText } from '@/lib/import/sources'
import type { ImportSummary } from '@/server/import'
import { describeSummary, endProgress, openImportTarget, progressPrinter } from '@/server/import/target'

export async function loadDataSet(name: string, files: SourceFile[]): Promise<{ summaries: ImportSummary[]; ms: number; where: string }> {
  const t0 = performance.now()
  const target = await openImportTarget(process.env, { source: name })
  const summaries: ImportSummary[] = []
  try {
    for (const file of files) {
      const s = await target.run({ type: file.type, input: () => Readable.from(csvText(file), { objectMode: false }), mode: 'strict', onProgress: progressPrinter() })
      endProgress()
      console.log(describeSummary(s, target.where))
      summaries.push(s)
      if (!s.ok) throw new Error(`${name}: the ${file.type} file was refused; nothing more is loaded`)
    }
  } finally {
    await target.close()
  }
  return { summaries, ms: performance.now() - t0, where: target.where }
}
