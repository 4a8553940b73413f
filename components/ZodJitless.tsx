'use client'
/**
 * In the browser, zod runs without its JIT. Zod 4 probes `Function('')` on its first object parse
 * to decide whether to compile parsers; under the Content-Security-Policy (no 'unsafe-eval') that
 * probe is refused and reported as a violation, though zod then falls back by itself. `jitless`
 * skips the probe. Only in the browser: the server's zod (ingest validation) keeps its JIT, and
 * the setting lives on globalThis, shared by every copy of zod in a process.
 */
import { z } from 'zod'

if (typeof window !== 'undefined') z.config({ jitless: true })

export function ZodJitless() {
  return null
}
