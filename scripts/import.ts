/**
 * Import a CSV file of one event type:
 *   node --import tsx scripts/import.ts --type sale --file sales.csv [--strict | --skip-bad] [--rejects <path>]
 *
 * Sends the file to the running server when one answers (IMPORT_URL or http://127.0.0.1:$PORT,
 * API key with the ingest scope in IMPORT_API_KEY), else opens DATA_DIR in this process.
 * --strict (default): one bad row and nothing is written; the bad rows are listed. --skip-bad:
 * good rows land, bad ones go to --rejects (default <file>.rejects.csv). Exit code 1 when the
 * file is refused or the import fails, 2 on a usage error. Column mapping: lib/import/README.md.
 */
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { IMPORT_TYPES } from '@/lib/import/mapping'
import { TargetError, describeSummary, endProgress, openImportTarget, progressPrinter } from '@/server/import/target'

const USAGE = `usage: npm run import -- --type <${IMPORT_TYPES.join('|')}> --file <path> [--strict | --skip-bad] [--rejects <path>]`

async function main(): Promise<number> {
  let args
  try {
    args = parseArgs({
      options: { type: { type: 'string' }, file: { type: 'string' }, strict: { type: 'boolean' }, 'skip-bad': { type: 'boolean' }, rejects: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }).values
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`)
    return 2
  }
  if (args.help) {
    console.log(USAGE)
    return 0
  }
  const { type, file } = args
  if (!type || !file || (args.strict && args['skip-bad'])) {
    console.error(USAGE)
    return 2
  }
  if (!(IMPORT_TYPES as readonly string[]).includes(type)) {
    console.error(`unknown type "${type}"\n${USAGE}`)
    return 2
  }
  if (!existsSync(file)) {
    console.error(`no such file: ${file}`)
    return 2
  }
  const mode = args['skip-bad'] ? 'skip-bad' : 'strict'
  const rejectsPath = mode === 'skip-bad' ? (args.rejects ?? `${file}.rejects.csv`) : undefined

  const target = await openImportTarget(process.env, { source: 'csv-import' })
  try {
    const summary = await target.run({ type, input: file, mode, rejectsPath, onProgress: progressPrinter() })
    endProgress()
    console.log(describeSummary(summary, target.where))
    return summary.ok ? 0 : 1
  } finally {
    await target.close()
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    endProgress()
    console.error(err instanceof TargetError ? err.message : err)
    process.exit(1)
  },
)
