/**
 * Is the Next.js build current? A hash of everything the build reads, kept beside the build.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const INPUTS = ['app', 'components', 'lib', 'server', 'next.config.js', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json']
const STAMP = '.next/stockpulse-build.sha256'

function files(p: string): string[] {
  if (!existsSync(p)) return []
  if (statSync(p).isFile()) return [p]
  return readdirSync(p)
    .sort()
    .flatMap((f) => files(path.join(p, f)))
}

export function sourceHash(root = process.cwd()): string {
  const h = createHash('sha256')
  for (const f of INPUTS.flatMap((i) => files(path.join(root, i)))) {
    if (f.endsWith('.test.ts')) continue
    h.update(path.relative(root, f)).update('\0').update(readFileSync(f)).update('\0')
  }
  return h.digest('hex')
}

export function buildIsCurrent(root = process.cwd()): boolean {
  const stamp = path.join(root, STAMP)
  return existsSync(path.join(root, '.next/BUILD_ID')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === sourceHash(root)
}

export function writeBuildStamp(root = process.cwd()) {
  writeFileSync(path.join(root, STAMP), sourceHash(root))
}
