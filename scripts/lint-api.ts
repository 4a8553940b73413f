/**
 * npm run lint:api: lint the OpenAPI document the server serves (lib/openapi.ts) with Redocly
 * (rules: redocly.yaml). Writes the generated document to a temporary file, runs `redocly lint`
 * on it, prints every problem and exits 1 when there is any, error or warning.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openApiDocument } from '@/lib/openapi'

interface Problem {
  ruleId: string
  severity: 'error' | 'warn'
  message: string
  location: { pointer: string }[]
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-openapi-'))
try {
  const file = path.join(dir, 'openapi.json')
  writeFileSync(file, JSON.stringify(openApiDocument(), null, 2))
  const bin = path.resolve('node_modules/.bin/redocly')
  const run = spawnSync(bin, ['lint', file, '--config', path.resolve('redocly.yaml'), '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  })
  const start = run.stdout.indexOf('{')
  if (start < 0) {
    console.error(`redocly lint gave no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`)
    process.exit(1)
  }
  const report = JSON.parse(run.stdout.slice(start)) as { totals: { errors: number; warnings: number; ignored: number }; problems: Problem[] }
  for (const p of report.problems) console.log(`${p.severity === 'error' ? 'error' : 'warning'}  ${p.ruleId}  ${p.location[0]?.pointer ?? ''}  ${p.message}`)
  const { errors, warnings, ignored } = report.totals
  console.log(`OpenAPI document (${Object.keys((openApiDocument() as { paths: object }).paths).length} paths): ${errors} errors, ${warnings} warnings, ${ignored} ignored (redocly lint, redocly.yaml)`)
  process.exitCode = errors + warnings + ignored > 0 ? 1 : 0
} finally {
  rmSync(dir, { recursive: true, force: true })
}
