'use client'
import { configureCurrency } from '@/lib/money'

/**
 * Hands the deployment's currency (config CURRENCY) to the browser's formatters (lib/money.ts,
 * lib/kpis/format.ts). Rendered first in the root layout, so it runs before any figure renders,
 * on the server (where bootstrap set the same code) and on hydration in the browser.
 */
export function CurrencySetting({ code }: { code: string }) {
  configureCurrency(code)
  return null
}
