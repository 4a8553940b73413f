/**
 * The building blocks of the OpenAPI document's operations (lib/openapi-paths.ts and the
 * per-area files it merges): answers, who may call, the usual errors, an operation and a read.
 */
import { ref, type JsonSchema } from './json-schema'

export type Tag = 'Ingest' | 'Imports' | 'KPIs' | 'Planning' | 'Alerts' | 'Actions' | 'Audit' | 'Access' | 'Reports' | 'Operations'
export type Security = Record<string, string[]>[]

export const json = (s: JsonSchema) => ({ 'application/json': { schema: s } })
export const answer = (description: string, body?: JsonSchema, headers?: JsonSchema) => ({ description, ...(headers ? { headers } : {}), ...(body ? { content: json(body) } : {}) })

export const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait before trying again', required: true, schema: { type: 'integer', minimum: 1 } } }
export const WWW_AUTHENTICATE = { 'WWW-Authenticate': { description: 'Bearer realm="stockpulse"', required: true, schema: { type: 'string' } } }

/** Who may call: an API key with `scope` (a role name, in OpenAPI 3.1 terms), a session too unless `keyOnly`. */
export const keyOrSession = (scope: 'read' | 'ingest' | 'actions'): Security => [{ apiKey: [scope] }, { session: [] }]
export const keyOnly = (scope: 'read' | 'ingest' | 'actions'): Security => [{ apiKey: [scope] }]
export const SESSION_ONLY: Security = [{ session: [] }]
/** No credentials needed. */
export const PUBLIC: Security = []

export const badQuery = answer('Invalid query or path parameter: every problem with its field', ref('Errors'))
export const unauthorized = (session: boolean) => answer(session ? 'Neither a valid API key nor a session' : 'No API key, or one that is not valid', ref('Message'), WWW_AUTHENTICATE)
export const forbidden = (scope: string, people?: string) => answer(`The API key lacks the ${scope} scope${people ? `, or ${people}` : ''}`, ref('Message'))
export const unavailable = (what: string) => answer(`${what} unavailable; nothing was done; retry after Retry-After seconds`, ref('Message'), RETRY_AFTER)

export interface Op {
  operationId: string
  tag: Tag
  summary: string
  description?: string
  security: Security
  parameters?: JsonSchema[]
  requestBody?: JsonSchema
  responses: Record<string, JsonSchema>
}
export const op = ({ tag, ...o }: Op): JsonSchema => ({ ...o, tags: [tag] })

/** A GET for an API key with the read scope, or a session: its answer, 401 and 403, and any other errors it gives. */
export function readOp(o: Omit<Op, 'security' | 'responses'> & { ok: [string, JsonSchema]; errors?: Record<string, JsonSchema> }): JsonSchema {
  const { ok, errors, ...rest } = o
  return { get: op({ ...rest, security: keyOrSession('read'), responses: { '200': answer(ok[0], ok[1]), '401': unauthorized(true), '403': forbidden('read', 'the read is outside the caller\'s access: a location that is not one of its own (a person\'s regions and locations, a key\'s locations), or the whole estate to a caller restricted to locations'), ...errors } }) }
}

export const pathParam = (name: string, s: JsonSchema & { description?: string }) => {
  const { description, ...rest } = s
  return { name, in: 'path', required: true, ...(description ? { description } : {}), schema: rest }
}
