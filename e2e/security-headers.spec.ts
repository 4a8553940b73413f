/**
 * The Content-Security-Policy holds in Chromium: signing in and loading /board and /alerts (and the
 * other pages) logs no CSP violation, Next's inline scripts carry the request's nonce, the live
 * socket connects under connect-src 'self'. Sign-out ends the session: the old cookie replayed in
 * a fresh browser context lands on /login. A hostile `next` stays on this site.
 */
import { expect, test, type Page } from '@playwright/test'

/** CSP violations a page reports (the DOM event and the console line), from before its first script runs. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = []
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      ;(window as unknown as { __cspViolation(v: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)
    })
  })
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(m.text())) violations.push(m.text())
  })
  return violations
}

test('signing in and loading the pages logs no CSP violation; inline scripts carry the nonce', async ({ page }) => {
  const violations = await watchCsp(page)
  const login = await page.goto('/login?next=%2Fboard')
  const csp = login!.headers()['content-security-policy']
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/)
  expect(csp).toContain("frame-ancestors 'none'")
  expect(login!.headers()['x-content-type-options']).toBe('nosniff')
  expect(login!.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin')
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]
  const scripts = await page.locator('script').evaluateAll((els) => els.map((e) => ({ nonce: (e as HTMLScriptElement).nonce, src: (e as HTMLScriptElement).src })))
  expect(scripts.length).toBeGreaterThan(0)
  expect(scripts.every((s) => s.nonce === nonce)).toBe(true)

  await page.getByLabel('Email').fill('ops@stockpulse.demo')
  await page.getByLabel('Password').fill('stockpulse')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/board$/)
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live')

  for (const path of ['/alerts', '/data', '/api-docs', '/board']) {
    await page.goto(path)
    await page.waitForLoadState('networkidle')
  }
  // Client-side navigation too (RSC fetches, prefetches).
  await page.getByRole('link', { name: 'Alerts' }).first().click()
  await expect(page).toHaveURL(/\/alerts/)
  await page.waitForLoadState('networkidle')
  expect(violations).toEqual([])
})

test('after sign-out the old cookie opens nothing; a hostile next stays on this site', async ({ page, browser, baseURL }) => {
  await page.goto('/login?next=%2F%5Cevil.example')
  await page.getByLabel('Email').fill('planner@stockpulse.demo')
  await page.getByLabel('Password').fill('stockpulse')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(`${baseURL}/board`)
  const cookies = (await page.context().cookies()).filter((c) => c.name === 'sp_session')
  expect(cookies).toHaveLength(1)

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login/)

  const replay = await browser.newContext({ baseURL })
  try {
    await replay.addCookies(cookies)
    const p = await replay.newPage()
    await p.goto('/board')
    await expect(p).toHaveURL(/\/login/)
    const api = await replay.request.get('/api/v1/jobs')
    expect(api.status()).toBe(401)
  } finally {
    await replay.close()
  }
})

test('a form posted from another site is refused before it acts', async ({ request, baseURL }) => {
  const res = await request.post('/api/auth/login', { headers: { origin: 'https://evil.example' }, form: { email: 'admin@stockpulse.demo', password: 'stockpulse' } })
  expect(res.status()).toBe(403)
  expect(res.headers()['set-cookie']).toBeUndefined()
  expect(new URL(baseURL!).origin).not.toBe('https://evil.example')
})
