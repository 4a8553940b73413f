import { chromium } from 'playwright-core'
const base = 'http://127.0.0.1:3330'
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const page = await b.newPage({ viewport: { width: 1400, height: 1000 } })
await page.goto(`${base}/login`)
await page.getByLabel('Email').fill(process.env.WHO ?? 'planner@stockpulse.demo')
await page.getByLabel('Password').fill('stockpulse')
await page.getByRole('button', { name: 'Sign in' }).click()
await page.waitForURL((u) => !u.pathname.startsWith('/login'))
for (const [i, path] of process.argv.slice(2).entries()) {
  await page.goto(`${base}${path}`)
  await page.waitForTimeout(2500)
  await page.screenshot({ path: `/tmp/look/shot${i}.png`, fullPage: true })
  console.log(path, await page.title())
}
if (process.env.EVAL) console.log(await page.evaluate(process.env.EVAL))
await b.close()
