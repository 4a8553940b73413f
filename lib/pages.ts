/**
 * Every page of the app, in one list: its route as the app-router folder names it, its title,
 * its place in the header's navigation and who can see it. The header builds its navigation from
 * it, each page takes its <title> from it, and the accessibility checks (e2e/a11y.spec.ts) are
 * generated from it: a page under app/ without a row here fails those checks.
 */
import { ROLES, type Role } from './auth/roles'

/** Who can see a page: these signed-in roles, anyone ('public'), or only someone signed out. */
export type PageAccess = readonly Role[] | 'public' | 'signed-out'

export interface PageEntry {
  /** The route as its folders under app/ name it, e.g. '/sku/[sku]'. */
  route: string
  /** The page's own part of the document title; the layout appends ' · StockPulse'. */
  title: string
  /** Its label in the header's main navigation, when it has a place there. */
  nav?: string
  access: PageAccess
  /** A page that renders nothing of its own and sends the browser on to this route. */
  redirectsTo?: string
}

export const APP_NAME = 'StockPulse'

export const PAGES = [
  { route: '/', title: APP_NAME, access: ROLES, redirectsTo: '/board' },
  { route: '/login', title: 'Sign in', access: 'signed-out' },
  { route: '/board', title: 'Board', nav: 'Board', access: ROLES },
  // Every role reads the inbox; executives see no decision keys (the API refuses their decisions).
  { route: '/alerts', title: 'Alerts', nav: 'Alerts', access: ROLES },
  { route: '/data', title: 'Data', nav: 'Data', access: ROLES },
  { route: '/sku/[sku]', title: 'SKU detail', access: ROLES },
  // What StockPulse is worth, by use case against the baseline: for executives, operations managers and admins.
  { route: '/reports/value', title: 'Value report', nav: 'Value', access: ['admin', 'executive', 'ops_manager'] },
  // Audit trail (and, as they come, approval rules, users and API keys): administrators only.
  { route: '/governance', title: 'Governance', nav: 'Governance', access: ['admin'] },
  { route: '/api-docs', title: 'API reference', nav: 'API', access: 'public' },
] as const satisfies readonly PageEntry[]

export type PageRoute = (typeof PAGES)[number]['route']

/** The row of a route (every route in PAGES has one). */
export function pageOf(route: PageRoute): PageEntry {
  return PAGES.find((p) => p.route === route)!
}

/** The <title> of a page: its own part, then the app's name (as the layout's template makes it). */
export const documentTitle = (own: string) => (own === APP_NAME ? APP_NAME : `${own} · ${APP_NAME}`)

/** Whether a signed-in person of this role sees the page. */
export function roleSees(entry: PageEntry, role: Role): boolean {
  return entry.access === 'public' || (typeof entry.access !== 'string' && entry.access.includes(role))
}

/** The header's main navigation for a role, in list order. */
export function navFor(role: Role): { href: string; label: string }[] {
  return (PAGES as readonly PageEntry[]).filter((p) => p.nav && roleSees(p, role)).map((p) => ({ href: p.route, label: p.nav! }))
}

/**
 * The route a page file under app/ serves: 'board/page.tsx' -> '/board', 'sku/[sku]/page.tsx' ->
 * '/sku/[sku]', 'page.tsx' -> '/'. Route groups '(name)' do not appear in the URL; parallel
 * '@slot' folders are not routes of their own. Undefined for a file that is not a page.
 */
export function routeOfPageFile(relativePath: string): string | undefined {
  const parts = relativePath.split(/[\\/]/)
  if (!/^page\.(tsx|ts|jsx|js|mdx)$/.test(parts.pop() ?? '')) return undefined
  const segments = parts.filter((s) => !(s.startsWith('(') && s.endsWith(')')) && !s.startsWith('@'))
  return `/${segments.join('/')}`
}
