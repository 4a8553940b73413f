/**
 * WCAG 2.2 A/AA (axe) on every page × every role that sees it × light and dark, generated from the
 * one page list (lib/pages.ts), with the board's data seeded so its heatmap, at-risk list and trend
 * render. A page file under app/ without a row in the list fails here; so does a dynamic route
 * without a sample path below, or a page without a READY condition. Each check also asserts the
 * page's own <title>.
 */
import { expect, test, type Page } from '@playwright/test'
import { ROLES, type Role } from '../lib/auth/roles'
import { DEMO_PASSWORD, DEMO_USERS } from '../lib/auth/users'
import { APP_NAME, PAGES, type PageEntry } from '../lib/pages'
import { appPageRoutes } from './support/app-pages'
import { describeViolations, recordOutcome, runAxe } from './support/axe'
import { SEEDED_AT_RISK, seedBoard } from './support/seed-board'
import { openHeatmapDrilldown } from './support/board'

type Viewer = Role | 'signed out'
const SCHEMES = ['light', 'dark'] as const

/** A URL for each dynamic route: a page with data in it. */
const SAMPLE_PATHS: Record<string, string> = {
  '/sku/[sku]': `/sku/${SEEDED_AT_RISK.sku}?location=${SEEDED_AT_RISK.location}`,
}

/** What shows that a page has rendered its content (data included), before axe looks. */
const READY: Record<string, (page: Page) => Promise<void>> = {
  '/login': (page) => expect(page.getByLabel('Email')).toBeVisible(),
  '/board': async (page) => {
    await expect(page.getByTestId('risk-heatmap').locator('tbody tr').first()).toBeVisible()
    await expect(page.getByTestId('at-risk').locator('tbody tr').first()).toBeVisible()
    await expect(page.getByTestId('units-chart')).toBeVisible()
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live')
    const rates = page.getByTestId('decision-rates')
    await expect(rates.getByTestId('decision-rates-table').or(rates.getByTestId('decision-rates-empty'))).toBeVisible()
  },
  '/alerts': async (page) => {
    // Cards when alerts exist, the designed empty state when none do; never the loading frames.
    await expect(page.getByTestId('alert-list').or(page.getByTestId('alerts-empty'))).toBeVisible()
    await expect(page.getByTestId('key-legend')).toBeVisible()
  },
  '/data': (page) => expect(page.getByTestId('sources')).toBeVisible(),
  '/sku/[sku]': (page) => expect(page.getByTestId('why')).toBeVisible(),
  '/governance': (page) => expect(page.getByTestId('audit-table').or(page.getByTestId('audit-empty'))).toBeVisible(),
  '/reports/value': async (page) => {
    await expect(page.getByTestId('figures')).toBeVisible()
    await expect(page.getByTestId('use-case-table')).toBeVisible()
    await expect(page.getByTestId('daily')).toBeVisible()
  },
  '/api-docs': (page) => expect(page.getByRole('heading', { name: 'Event types' })).toBeVisible(),
}

/** States of a page beyond its first render, checked as pages of their own. */
const STATES: Record<string, { name: string; open: (page: Page) => Promise<void> }[]> = {
  '/login': [{ name: 'sign-in refused', open: async (page) => {
    await page.goto('/login?error=wrong%20email%20or%20password')
    await expect(page.getByRole('alert').filter({ hasText: 'wrong email or password' })).toBeVisible()
  } }],
  '/board': [{ name: 'heatmap drill-down open', open: openHeatmapDrilldown }],
}

function viewersOf(entry: PageEntry): Viewer[] {
  if (entry.access === 'signed-out') return ['signed out']
  if (entry.access === 'public') return ['signed out', ...ROLES]
  return [...entry.access]
}

async function signIn(page: Page, role: Role) {
  const user = DEMO_USERS.find((u) => u.role === role)!
  const res = await page.request.post('/api/auth/login', { headers: { origin: test.info().project.use.baseURL! }, data: { email: user.email, password: DEMO_PASSWORD } })
  expect(res.status(), `sign in as ${role}`).toBe(200)
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

test('every page under app/ has a row in the page list (lib/pages.ts)', () => {
  const listed = new Set<string>(PAGES.map((p) => p.route))
  const missing = appPageRoutes().filter((r) => !listed.has(r))
  expect(missing, `add a row to PAGES in lib/pages.ts for: ${missing.join(', ')}`).toEqual([])
  const dynamic = PAGES.filter((p) => p.route.includes('[') && !SAMPLE_PATHS[p.route])
  expect(dynamic.map((p) => p.route), 'add a sample path with data for these dynamic routes to SAMPLE_PATHS').toEqual([])
  const unready = (PAGES as readonly PageEntry[]).filter((p) => !p.redirectsTo && !READY[p.route])
  expect(unready.map((p) => p.route), 'say in READY what shows these pages have rendered their content').toEqual([])
})

test('/favicon.ico and the icon the pages link to answer 200', async ({ page, request }) => {
  expect((await request.get('/favicon.ico')).status()).toBe(200)
  await page.goto('/login')
  const icons = await page.locator('link[rel~="icon"]').evaluateAll((ls) => ls.map((l) => (l as HTMLLinkElement).href))
  expect(icons.length).toBeGreaterThan(0)
  for (const href of icons) expect((await request.get(href)).status(), href).toBe(200)
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
})

test.describe('axe, WCAG 2.2 A and AA: no serious or critical violation', () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(180_000)
    await seedBoard(request)
  })

  for (const entry of PAGES as readonly PageEntry[]) {
    if (entry.redirectsTo) {
      test(`${entry.route} sends a signed-in person on to ${entry.redirectsTo}`, async ({ page }) => {
        await signIn(page, 'planner')
        await page.goto(entry.route)
        await expect(page).toHaveURL(new RegExp(`${escapeRe(entry.redirectsTo!)}$`))
      })
      continue
    }
    const path = SAMPLE_PATHS[entry.route] ?? entry.route
    const states = [{ name: '', open: async () => {} }, ...(STATES[entry.route] ?? [])]
    for (const viewer of viewersOf(entry)) {
      for (const state of states) {
        const name = `${path}${state.name ? ` (${state.name})` : ''} as ${viewer}`
        // One load per page, viewer and state; each colour scheme is then emulated in turn and checked.
        test(`${name}: ${SCHEMES.join(' and ')}`, async ({ page }) => {
          if (viewer !== 'signed out') await signIn(page, viewer)
          await page.goto(path)
          await READY[entry.route]?.(page)
          await expect(page).toHaveTitle(new RegExp(`(^|· )${escapeRe(entry.title)} · ${APP_NAME}$`))
          await state.open(page)
          const backgrounds = new Set<string>()
          for (const colorScheme of SCHEMES) {
            await test.step(colorScheme, async () => {
              await page.emulateMedia({ colorScheme })
              backgrounds.add(await page.evaluate(() => getComputedStyle(document.body).backgroundColor))
              const outcome = await runAxe(page)
              recordOutcome(`${name}, ${colorScheme}`, outcome)
              expect.soft(outcome.blocking, `serious or critical axe violations on ${name}, ${colorScheme}:\n${describeViolations(outcome.blocking)}`).toEqual([])
            })
          }
          // The app's dark mode follows prefers-color-scheme (Tailwind's dark: variant): if it moves to a class, set that here.
          expect(backgrounds.size, 'the dark scheme must restyle the page').toBe(SCHEMES.length)
        })
      }
    }
  }
})
