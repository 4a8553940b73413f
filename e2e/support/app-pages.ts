/** The routes of the page files under app/, read from the file system. */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { routeOfPageFile } from '../../lib/pages'

export function appPageRoutes(appDir = path.join(__dirname, '..', '..', 'app')): string[] {
  const files = readdirSync(appDir, { recursive: true, encoding: 'utf8' })
  return files.map((f) => routeOfPageFile(f)).filter((r): r is string => r !== undefined).sort()
}
