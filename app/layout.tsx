import type { Metadata } from 'next'
import { connection } from 'next/server'
import { APP_NAME } from '@/lib/pages'
import { ZodJitless } from '@/components/ZodJitless'
import { CurrencySetting } from '@/components/CurrencySetting'
import { getRuntime } from '@/server/runtime'
import { DEFAULT_CURRENCY } from '@/lib/money'
import './globals.css'

export const metadata: Metadata = {
  // Each page names itself (lib/pages.ts); the app's name follows: "Board · StockPulse".
  title: { default: APP_NAME, template: `%s · ${APP_NAME}` },
  description: 'Real-time inventory intelligence for retail',
}

/**
 * Every page renders per request (`connection`): its inline scripts then carry the request's CSP
 * nonce (server/security.ts). A page prerendered at build time (/api-docs, the not-found page)
 * would have none, and the Content-Security-Policy would block its scripts.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection()
  // The deployment's currency, for every figure the browser formats (lib/money.ts).
  let currency = DEFAULT_CURRENCY
  try {
    currency = getRuntime().config.CURRENCY
  } catch {
    // No runtime (a page rendered outside the custom server): the default.
  }
  return (
    <html lang="en">
      <body className="min-h-screen">
        <CurrencySetting code={currency} />
        <ZodJitless />
        <a href="#main" className="skip-link">Skip to main content</a>
        {children}
      </body>
    </html>
  )
}
