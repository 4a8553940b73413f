/**
 * The app's routes and pages as the file system declares them (app/**\/route.ts with their
 * exported HTTP methods, app/**\/page.tsx), loaded as Next.js would, and a plain node:http server
 * that dispatches to every route by its path template. Unlike route-server.ts it does not need
 * the OpenAPI document to list a route: a route added anywhere under app/ is served (and must
 * then have a row in the access matrix).
 */
import { readdirSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { Readable } from 'node:stream'

const ROOT = path.resolve(__dirname, '../..')
const APP = path.join(ROOT, 'app')
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Response | Promise<Response>

export interface AppRoute {
  /** '/api/v1/alerts/[id]' */
  template: string
  method: string
  /** 'GET /api/v1/alerts/[id]' */
  key: string
  file: string
  handler: Handler
}

export interface AppPage {
  /** '/sku/[sku]' */
  template: string
  file: string
}

function filesNamed(name: string): string[] {
  return (readdirSync(APP, { recursive: true }) as string[])
    .filter((f) => path.basename(f) === name)
    .map((f) => path.join(APP, f))
    .sort()
}

/** The URL path template of a file under app/ (route groups `(x)` leave no segment). */
const templateOf = (file: string) => {
  const segs = path.relative(APP, path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s))
  return `/${segs.join('/')}`
}

export async function appRoutes(): Promise<AppRoute[]> {
  const out: AppRoute[] = []
  for (const file of filesNamed('route.ts')) {
    const mod = (await import(file)) as Record<string, unknown>
    const template = templateOf(file)
    for (const method of HTTP_METHODS) {
      if (typeof mod[method] === 'function') out.push({ template, method, key: `${method} ${template}`, file: path.relative(ROOT, file), handler: mod[method] as Handler })
    }
  }
  return out
}

export function appPages(): AppPage[] {
  return filesNamed('page.tsx').map((file) => ({ template: templateOf(file), file }))
}

/** The params of `pathname` when it matches `template` ('[id]' one segment, '[...x]' the rest). */
export function matchTemplate(template: string, pathname: string): Record<string, string> | undefined {
  const t = template.split('/').filter(Boolean)
  const p = pathname.split('/').filter(Boolean)
  const params: Record<string, string> = {}
  for (let i = 0; i < t.length; i++) {
    const catchAll = /^\[\.\.\.(\w+)\]$/.exec(t[i])
    if (catchAll) {
      if (i >= p.length) return undefined
      params[catchAll[1]] = p.slice(i).map(decodeURIComponent).join('/')
      return params
    }
    if (i >= p.length) return undefined
    const dyn = /^\[(\w+)\]$/.exec(t[i])
    if (dyn) params[dyn[1]] = decodeURIComponent(p[i])
    else if (t[i] !== p[i]) return undefined
  }
  return t.length === p.length ? params : undefined
}

export interface AppServer {
  url: string
  close(): Promise<void>
}

/**
 * Serve `routes` on 127.0.0.1 (the runtime must be set: setRuntime). Static segments win over
 * dynamic ones, as in Next.js (`/alerts/rates` before `/alerts/[id]`).
 */
export async function serveApp(routes: AppRoute[], opts: { around?: (req: Request, run: () => Promise<Response>) => Promise<Response> } = {}): Promise<AppServer> {
  const around = opts.around ?? ((_req, run) => run())
  const ordered = [...routes].sort((a, b) => (a.template.includes('[') ? 1 : 0) - (b.template.includes('[') ? 1 : 0))
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      let found: { route: AppRoute; params: Record<string, string> } | undefined
      for (const route of ordered) {
        if (route.method !== req.method) continue
        const params = matchTemplate(route.template, url.pathname)
        if (params) {
          found = { route, params }
          break
        }
      }
      if (!found) {
        res.writeHead(404).end()
        return
      }
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers)) for (const v of [value ?? []].flat()) headers.append(name, v)
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
      const request = new Request(url.href, { method: req.method, headers, body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined, ...(hasBody ? { duplex: 'half' } : {}) })
      const { route, params } = found
      const answer = await around(request, async () => route.handler(request, { params: Promise.resolve(params) }))
      res.writeHead(answer.status, Object.fromEntries(answer.headers))
      res.end(Buffer.from(await answer.arrayBuffer()))
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(String(err instanceof Error ? err.stack : err))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
