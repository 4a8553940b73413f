/**
 * From the bytes of an ingest request body to validated events: UTF-8, then JSON (an array) or
 * NDJSON (one event per line), then the batch schema. The API runs it on every request; the ingest
 * writer runs it again only when it must read a queued batch back from Redis.
 */
import { parseBatch, type BatchResult, type FieldError } from './batch'

export type BodyFormat = 'json' | 'ndjson'

const utf8 = new TextDecoder('utf-8', { fatal: true })

export function parseBody(bytes: Uint8Array, format: BodyFormat, maxEvents: number): BatchResult {
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return { ok: false, errors: [{ index: -1, path: '', message: 'body is not valid UTF-8' }] }
  }
  const parsed = format === 'ndjson' ? parseNdjson(text) : parseJson(text)
  if (!parsed.ok) return parsed
  return parseBatch(parsed.value, maxEvents)
}

type Parsed = { ok: true; value: unknown } | { ok: false; errors: FieldError[] }

function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (err) {
    return { ok: false, errors: [{ index: -1, path: '', message: `invalid JSON: ${(err as Error).message}` }] }
  }
}

function parseNdjson(text: string): Parsed {
  const lines = text.split('\n')
  const value: unknown[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    if (!line) continue
    try {
      value.push(JSON.parse(line))
    } catch (err) {
      return { ok: false, errors: [{ index: value.length, path: '', message: `line ${i + 1}: invalid JSON: ${(err as Error).message}` }] }
    }
  }
  return { ok: true, value }
}
