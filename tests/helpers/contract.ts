/**
 * Real answers checked against the OpenAPI document (lib/openapi.ts), with Ajv (JSON Schema
 * 2020-12, as OpenAPI 3.1 uses) and ajv-formats.
 *
 * `checkAnswer(operationId, response)` finds the operation and the status the route answered: a
 * status the document does not list fails, as does a body that does not fit that status's schema,
 * a Content-Type it does not list, or a header it says is always sent and was not. Objects are
 * checked closed: a field the document does not name fails too (the document leaves objects open
 * to clients, so that adding a field is no breaking change; here it must say what is answered).
 *
 * `checked(operationId, handler)` wraps a route handler so that every answer it gives in a test is
 * checked; `checkContractClaims(file)` makes a test file check, at its end, that it validated the answers
 * CONTRACT_CLAIMS lists for it (the union of the claims covers every operation: contract-coverage).
 * CONTRACT_DEBUG=1 prints what each file validated.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020'
import addFormatsPlugin from 'ajv-formats'
import { afterAll, afterEach, expect } from 'vitest'
import { openApiDocument } from '@/lib/openapi'
import { CONTRACT_CLAIMS } from './contract-claims'

type Schema = Record<string, unknown>
interface DocResponse {
  description: string
  headers?: Record<string, { required?: boolean }>
  content?: Record<string, { schema: Schema }>
}
interface Operation {
  operationId: string
  method: string
  path: string
  responses: Record<string, DocResponse>
}

// ajv-formats is CommonJS with a default export: under ESM interop it may come wrapped once.
const addFormats = ((addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ?? addFormatsPlugin) as typeof addFormatsPlugin

/** Every object schema that names its properties and says nothing of others gets additionalProperties: false. */
function closeObjects<T>(node: T): T {
  if (Array.isArray(node)) return node.map(closeObjects) as T
  if (!node || typeof node !== 'object') return node
  const out: Schema = Object.fromEntries(Object.entries(node as Schema).map(([k, v]) => [k, closeObjects(v)]))
  if (out.type === 'object' && out.properties && !('additionalProperties' in out)) out.additionalProperties = false
  return out as T
}

const DOC_ID = 'https://stockpulse.invalid/openapi.json'
const doc = openApiDocument() as { paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>> }

export const OPERATIONS: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
)
const byId = new Map(OPERATIONS.map((o) => [o.operationId, o]))

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
addFormats(ajv)
// The document's own keywords around its schemas: known, not validated.
ajv.addVocabulary(['openapi', 'info', 'servers', 'tags', 'components', 'paths', 'discriminator'])
ajv.addSchema({ ...closeObjects(openApiDocument()), $id: DOC_ID })

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')
const validators = new Map<string, ValidateFunction>()
function validatorFor(op: Operation, status: string, mediaType: string): ValidateFunction {
  const key = `${op.operationId} ${status} ${mediaType}`
  let v = validators.get(key)
  if (!v) {
    v = ajv.compile({ $ref: `${DOC_ID}#/${pointer('paths', op.path, op.method.toLowerCase(), 'responses', status, 'content', mediaType, 'schema')}` })
    validators.set(key, v)
  }
  return v
}

/** The answers validated in this test file (vitest runs each file in a process of its own). */
export const validated = new Set<string>()

/** Check one real answer of `operationId` against the document; returns its body (parsed JSON, or text). */
export async function checkAnswer(operationId: string, res: Response): Promise<unknown> {
  const op = byId.get(operationId)
  if (!op) throw new Error(`no operation ${operationId} in the OpenAPI document`)
  const status = String(res.status)
  const what = `${op.method} ${op.path} answered ${status}`
  const documented = op.responses[status]
  if (!documented) throw new Error(`${what}, which the document does not list (it lists ${Object.keys(op.responses).join(', ')})`)
  for (const [name, h] of Object.entries(documented.headers ?? {})) {
    if (h.required && !res.headers.get(name)) throw new Error(`${what} without the ${name} header the document says it sends`)
  }
  const text = await res.text()
  if (!documented.content) {
    if (text) throw new Error(`${what} with a body, where the document says none`)
    validated.add(`${operationId} ${status}`)
    return undefined
  }
  const mediaType = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
  if (!documented.content[mediaType]) throw new Error(`${what} as ${mediaType || 'no Content-Type'}, where the document says ${Object.keys(documented.content).join(' or ')}`)
  const body: unknown = mediaType === 'application/json' ? JSON.parse(text) : text
  const validate = validatorFor(op, status, mediaType)
  if (!validate(body)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`)
    throw new Error(`${what} with a body the document does not describe:\n  ${problems.slice(0, 20).join('\n  ')}\nbody: ${text.slice(0, 1_000)}`)
  }
  validated.add(`${operationId} ${status}`)
  return body
}

/** `handler`, with every answer it gives checked against `operationId` in the document (the caller gets the answer unread). */
export function checked<A extends unknown[]>(operationId: string, handler: (...args: A) => Promise<Response> | Response): (...args: A) => Promise<Response> {
  if (!byId.has(operationId)) throw new Error(`no operation ${operationId} in the OpenAPI document`)
  return async (...args: A) => {
    const res = await handler(...args)
    await checkAnswer(operationId, res.clone())
    return res
  }
}

interface TaskLike {
  type: string
  mode: string
  result?: { state?: string }
  tasks?: TaskLike[]
}
const tests = (t: TaskLike): TaskLike[] => (t.type === 'test' ? [t] : (t.tasks ?? []).flatMap(tests))

/**
 * At the end of `file` (its name in CONTRACT_CLAIMS), check that it validated every answer it
 * claims: a claim no test makes good any more fails here, not silently. Only when every test of
 * the file ran and passed (a run filtered by name, or a failure, says enough on its own).
 */
export function checkContractClaims(file: string): void {
  const claims = CONTRACT_CLAIMS[file]
  if (!claims) throw new Error(`${file} has no entry in CONTRACT_CLAIMS (tests/helpers/contract-claims.ts)`)
  // The file's tests, from any test's context (afterAll gets no context to read them from).
  let file_: TaskLike | undefined
  afterEach(({ task }) => {
    file_ ??= task.file as unknown as TaskLike
  })
  afterAll(() => {
    if (process.env.CONTRACT_DEBUG) console.log(`CONTRACT ${file}: ${JSON.stringify([...validated].sort())}`)
    const all = file_ ? tests(file_) : []
    if (!all.length || all.some((t) => t.mode !== 'run' || t.result?.state !== 'pass')) return
    expect(claims.filter((c) => !validated.has(c)), `answers ${file} claims to validate and did not`).toEqual([])
  })
}
