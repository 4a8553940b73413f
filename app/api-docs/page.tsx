import Link from 'next/link'
import { openApiDocument, eventSchemaName } from '@/lib/openapi'
import { EVENT_TYPES } from '@/lib/events/schema'
import { pageOf } from '@/lib/pages'

export const metadata = { title: pageOf('/api-docs').title }

type Prop = { type?: string | string[]; enum?: unknown[]; const?: unknown; format?: string; minimum?: number; exclusiveMinimum?: number; maximum?: number; minLength?: number; maxLength?: number; pattern?: string; items?: Prop; description?: string; default?: unknown }
type Obj = { properties: Record<string, Prop>; required?: string[] }
type Param = { name: string; in: string; required: boolean; schema: Prop }
type Op = { summary: string; description?: string; security?: Record<string, unknown>[]; parameters?: Param[]; responses: Record<string, { description: string }> }

function describeType(p: Prop): string {
  if (p.const !== undefined) return JSON.stringify(p.const)
  if (p.enum) return p.enum.map((e) => JSON.stringify(e)).join(' | ')
  if (p.type === 'array') return `array of ${p.items ? describeType(p.items) : 'values'}`
  return [p.type ?? 'value', p.format].filter(Boolean).join(', ')
}

function describeRules(p: Prop): string {
  const r: string[] = []
  if (p.exclusiveMinimum !== undefined) r.push(`> ${p.exclusiveMinimum}`)
  if (p.minimum !== undefined) r.push(`>= ${p.minimum}`)
  if (p.maximum !== undefined) r.push(`<= ${p.maximum}`)
  if (p.minLength !== undefined || p.maxLength !== undefined) r.push(`${p.minLength ?? 0} to ${p.maxLength ?? '∞'} chars`)
  if (p.pattern === '^[\\x21-\\x7e]+$') r.push('printable ASCII, no spaces')
  if (p.description) r.push(p.description)
  return r.join('; ')
}

export default function ApiDocs() {
  const doc = openApiDocument() as { info: { description: string }; paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, Obj> } }
  return (
    <main id="main" className="mx-auto max-w-5xl space-y-8 px-6 py-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">StockPulse API reference</h1>
        <p className="mt-2 text-slate-600 dark:text-slate-300">{doc.info.description}</p>
        <p className="mt-2 text-sm">
          Machine-readable: <Link className="text-blue-600 underline dark:text-blue-400" href="/api/v1/openapi.json">/api/v1/openapi.json</Link> (OpenAPI 3.1, generated from the validation schemas).
        </p>
      </header>
      <section aria-labelledby="endpoints">
        <h2 id="endpoints" className="mb-3 text-xl font-semibold">Endpoints</h2>
        <div className="space-y-4">
          {Object.entries(doc.paths).flatMap(([path, ops]) =>
            Object.entries(ops).map(([method, op]) => (
              <article key={`${method} ${path}`} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                <h3 className="font-mono text-sm">
                  <span className="mr-2 rounded bg-slate-200 px-1.5 py-0.5 font-semibold uppercase dark:bg-slate-700">{method}</span>
                  {path}
                </h3>
                <p className="mt-2 font-medium">{op.summary}</p>
                {op.description && <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">{op.description}</p>}
                <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Auth: {op.security?.length ? op.security.map((s) => Object.keys(s)[0]).join(' or ') : 'none'}</p>
                {op.parameters && op.parameters.length > 0 && (
                  <ul className="mt-2 space-y-0.5 text-sm">
                    {op.parameters.map((q) => (
                      <li key={q.name}>
                        <code>{q.name}</code> <span className="text-xs text-slate-500 dark:text-slate-400">({q.in}, {q.required ? 'required' : 'optional'})</span>{' '}
                        {describeType(q.schema)}
                        {describeRules(q.schema) && <span className="text-slate-600 dark:text-slate-300">; {describeRules(q.schema)}</span>}
                        {q.schema.default !== undefined && <span className="text-slate-600 dark:text-slate-300">; default {JSON.stringify(q.schema.default)}</span>}
                      </li>
                    ))}
                  </ul>
                )}
                <ul className="mt-2 grid gap-x-4 text-sm sm:grid-cols-2">
                  {Object.entries(op.responses).map(([code, r]) => (
                    <li key={code}>
                      <span className="num font-mono font-semibold">{code}</span> {r.description}
                    </li>
                  ))}
                </ul>
              </article>
            )),
          )}
        </div>
      </section>
      <section aria-labelledby="events">
        <h2 id="events" className="mb-3 text-xl font-semibold">Event types</h2>
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">
          Every event carries <code>type</code>, <code>event_id</code> (unique per event; replays with the same id count once) and <code>ts</code>. Unknown fields are refused.
        </p>
        <nav aria-label="Event types" className="mb-4 flex flex-wrap gap-2 text-sm">
          {EVENT_TYPES.map((t) => (
            <a key={t} href={`#${t}`} className="rounded border border-slate-300 px-2 py-0.5 font-mono hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">{t}</a>
          ))}
        </nav>
        <div className="space-y-6">
          {EVENT_TYPES.map((t) => {
            const s = doc.components.schemas[eventSchemaName(t)]
            return (
              <article key={t} id={t} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                <h3 className="font-mono font-semibold">{t}</h3>
                <table className="mt-2 w-full text-left text-sm">
                  <thead className="text-slate-500 dark:text-slate-400">
                    <tr><th className="py-1 pr-3 font-medium">field</th><th className="py-1 pr-3 font-medium">type</th><th className="py-1 pr-3 font-medium">required</th><th className="py-1 font-medium">rules</th></tr>
                  </thead>
                  <tbody>
                    {Object.entries(s.properties).map(([name, p]) => (
                      <tr key={name} className="border-t border-slate-100 dark:border-slate-800">
                        <td className="py-1 pr-3 font-mono">{name}</td>
                        <td className="py-1 pr-3">{describeType(p)}</td>
                        <td className="py-1 pr-3">{s.required?.includes(name) ? 'yes' : 'no'}</td>
                        <td className="py-1 text-slate-600 dark:text-slate-300">{describeRules(p)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </article>
            )
          })}
        </div>
      </section>
    </main>
  )
}
