/**
 * The typed API client the project's own callers use: the simulator's event posting
 * (server/simulator.ts), `npm run import` on a running server (server/import/target.ts) and the
 * benches that drive the HTTP API (bench/ingest-load.ts, ingest.ts, freshness.ts, soak.ts, lib.ts).
 *
 *   const api = createApiClient({ baseUrl: 'http://127.0.0.1:3000', apiKey })
 *   const { data, error, response } = await api.GET('/api/v1/kpis', { params: { query: { location: 'S01' } } })
 *
 * Why openapi-typescript with openapi-fetch: the types are generated from the OpenAPI document
 * (lib/api/openapi-types.d.ts by `npm run gen:api`), and openapi-fetch is a thin typed wrapper
 * over the platform's fetch, about 6 kB, with no code generated for run time and nothing done
 * per call beyond building the request. tsc checks every path, parameter, body and answer
 * against the document: when the document changes, lib/api/openapi-types.test.ts fails until the
 * types are regenerated, and then every caller that no longer fits fails the typecheck, not a
 * customer. Generators that emit a client class per operation (openapi-generator, orval) add
 * generated run-time code to review and keep in step; a client that validates each answer adds
 * a cost per call on an ingest path that posts tens of thousands of events a second.
 *
 * Speed: a body that is already a string (a JSON array serialised ahead, NDJSON, CSV text) or a
 * stream goes out as it is, never parsed or serialised again. The platform fetch keeps its
 * connections alive; `fetch` swaps in another (an upload with no time limit: the import).
 */
import createClient, { type Client } from 'openapi-fetch'
import type { paths } from './openapi-types'

export type ApiClient = Client<paths>
export type { paths } from './openapi-types'

export interface ApiClientOptions {
  /** The server, e.g. http://127.0.0.1:3000 (no trailing path). */
  baseUrl: string
  /** An API key, sent as `Authorization: Bearer <key>`; its scopes decide what it may call. */
  apiKey?: string
  /** Another fetch, e.g. one without time limits for a long upload. */
  fetch?: (request: Request) => Promise<Response>
}

/** Objects and arrays as JSON; a string, bytes or a stream as they are (serialised by the caller). */
export function serialiseBody(body: unknown): BodyInit {
  if (typeof body === 'string' || body instanceof Uint8Array || body instanceof ReadableStream) return body as BodyInit
  return JSON.stringify(body)
}

export function createApiClient(o: ApiClientOptions): ApiClient {
  return createClient<paths>({
    baseUrl: o.baseUrl,
    headers: o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {},
    bodySerializer: serialiseBody,
    ...(o.fetch ? { fetch: o.fetch } : {}),
  })
}
