import { describe, expect, it } from 'vitest'
import { documentTitle, navFor, PAGES, roleSees, routeOfPageFile } from './pages'

describe('the page list', () => {
  it('names the route a page file serves', () => {
    expect(routeOfPageFile('page.tsx')).toBe('/')
    expect(routeOfPageFile('board/page.tsx')).toBe('/board')
    expect(routeOfPageFile('sku/[sku]/page.tsx')).toBe('/sku/[sku]')
    expect(routeOfPageFile('(admin)/governance/page.tsx')).toBe('/governance')
    expect(routeOfPageFile('api/v1/kpis/route.ts')).toBeUndefined()
    expect(routeOfPageFile('board/BoardClient.tsx')).toBeUndefined()
  })

  it('gives every page a title of its own', () => {
    const titles = PAGES.map((p) => documentTitle(p.title))
    expect(new Set(titles).size).toBe(PAGES.length)
    expect(documentTitle('Board')).toBe('Board · StockPulse')
  })

  it('builds the navigation from the rows a role can see', () => {
    expect(navFor('executive').map((n) => n.href)).toEqual(['/board', '/alerts', '/data', '/reports/value', '/api-docs'])
    expect(navFor('planner').map((n) => n.href)).not.toContain('/reports/value')
    expect(roleSees(PAGES.find((p) => p.route === '/login')!, 'admin')).toBe(false)
  })
})
