import { redirect } from 'next/navigation'
import Link from 'next/link'
import { currentUser } from '@/server/session'
import { getRuntime } from '@/server/runtime'
import { latestForecasts, latestPolicy, openPurchaseOrders, promotionsFor, salesHistory } from '@/lib/clickhouse/queries/planning'
import { AppHeader } from '@/components/AppHeader'
import { SkuDetail } from '@/components/sku/SkuDetail'

export const dynamic = 'force-dynamic'

const ID = /^[\x21-\x7e]{1,128}$/

/** The UTC date `n` days before now (a request-time value: this page is rendered per request). */
function isoDaysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)
}

export default async function SkuPage({ params, searchParams }: { params: Promise<{ sku: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { sku: rawSku } = await params
  const { location } = await searchParams
  const sku = decodeURIComponent(rawSku)
  const user = await currentUser()
  if (!user) redirect(`/login?next=${encodeURIComponent(`/sku/${rawSku}${location ? `?location=${location}` : ''}`)}`)
  if (!ID.test(sku) || !location || !ID.test(location)) {
    return (
      <>
        <AppHeader user={user} current="/board" />
        <main className="mx-auto max-w-3xl px-4 py-8">
          <h1 className="text-xl font-semibold">SKU detail</h1>
          <p role="alert" className="mt-2 text-slate-600">Give a SKU and a location, e.g. /sku/SKU00001?location=S01. Pick one from the board&apos;s at-risk list.</p>
          <Link href="/board" className="mt-4 inline-block text-blue-600 underline">Back to the board</Link>
        </main>
      </>
    )
  }
  const ch = getRuntime().clickhouse.interactive
  const from = isoDaysAgo(90)
  const [history, forecasts, [policy], pos, promotions] = await Promise.all([
    salesHistory(ch, { sku, location, from }),
    latestForecasts(ch, { sku, location, channel: '' }),
    latestPolicy(ch, { sku, location }),
    openPurchaseOrders(ch, { sku, location }),
    promotionsFor(ch, { sku, location, from }),
  ])
  return (
    <>
      <AppHeader user={user} current="/board" />
      <SkuDetail sku={sku} location={location} historyFrom={from} history={history} forecasts={forecasts} policy={policy ?? null} openPos={pos} promotions={promotions} />
    </>
  )
}
