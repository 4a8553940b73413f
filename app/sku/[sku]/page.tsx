import { notFound, redirect } from 'next/navigation'
import Link from 'next/link'
import { currentUser } from '@/server/session'
import { getRuntime } from '@/server/runtime'
import { inboundTransfers, latestForecasts, latestForecastsIn, latestPolicy, openPurchaseOrders, productLabel, promotionsFor, salesHistory } from '@/lib/clickhouse/queries/planning'
import { stockLookbackStart } from '@/lib/planning/compute'
import { AppHeader } from '@/components/AppHeader'
import { SkuDetail, type Inbound } from '@/components/sku/SkuDetail'
import { pageOf } from '@/lib/pages'
import { forecastSignalsFor } from '@/lib/clickhouse/queries/signals'
import { driversOfRow, signalNote } from '@/lib/planning/signal-note'
import { canSeeLocation } from '@/lib/auth/access'
import { childLocationsOf } from '@/lib/clickhouse/queries/agent-inputs'
import { userScope } from '@/server/access'

export const dynamic = 'force-dynamic'

const ID = /^[\x21-\x7e]{1,128}$/

type Props = { params: Promise<{ sku: string }>; searchParams: Promise<Record<string, string | undefined>> }

/** "SKU00001 at S01 · SKU detail": which SKU, where, then the page. */
export async function generateMetadata({ params, searchParams }: Props) {
  const sku = decodeURIComponent((await params).sku)
  const { location } = await searchParams
  const own = pageOf('/sku/[sku]').title
  return { title: ID.test(sku) && location && ID.test(location) ? `${sku} at ${location} · ${own}` : own }
}

/** The UTC date `n` days before now (a request-time value: this page is rendered per request). */
function isoDaysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)
}

/** How far back in-transit transfers are looked for: the recompute's stock look-back, from now. */
const transfersSince = () => stockLookbackStart(Date.now())

export default async function SkuPage({ params, searchParams }: Props) {
  const { sku: rawSku } = await params
  const { location } = await searchParams
  const sku = decodeURIComponent(rawSku)
  const user = await currentUser()
  if (!user) redirect(`/login?next=${encodeURIComponent(`/sku/${rawSku}${location ? `?location=${location}` : ''}`)}`)
  if (!ID.test(sku) || !location || !ID.test(location)) {
    return (
      <>
        <AppHeader user={user} current="/board" />
        <main id="main" className="mx-auto max-w-3xl px-4 py-8">
          <h1 className="text-xl font-semibold">SKU detail</h1>
          <p role="alert" className="mt-2 text-slate-600 dark:text-slate-300">Give a SKU and a location, e.g. /sku/SKU00001?location=S01. Pick one from the board&apos;s at-risk list.</p>
          <Link href="/board" className="mt-4 inline-block text-blue-600 underline dark:text-blue-400">Back to the board</Link>
        </main>
      </>
    )
  }
  const rt = getRuntime()
  // Another location than a scoped person's own is not found (as an alert by id is not).
  if (!canSeeLocation(await userScope(rt, user), location)) notFound()
  const ch = rt.clickhouse.interactive
  const from = isoDaysAgo(90)
  const [ownHistory, forecasts, [policy], pos, transfers, promotions, [product], [signals], children] = await Promise.all([
    salesHistory(ch, { sku, locations: [location], from }),
    latestForecasts(ch, { sku, location, channel: '' }),
    latestPolicy(ch, { sku, location }),
    openPurchaseOrders(ch, { sku, location }),
    inboundTransfers(ch, { sku, location, since: transfersSince() }),
    promotionsFor(ch, { sku, location, from }),
    productLabel(ch, { sku }),
    forecastSignalsFor(ch, { sku, location }),
    childLocationsOf(ch, { parents: [location] }),
  ])
  // A DC is planned on the demand of the locations it feeds (lib/planning/downstream.ts), so its
  // chart draws their sales and forecasts summed with its own (a DC sells little or nothing itself).
  const fed = children.map((c) => c.location).slice(0, 999)
  const [fedForecasts, history] = fed.length
    ? await Promise.all([latestForecastsIn(ch, { sku, locations: fed }), salesHistory(ch, { sku, locations: [location, ...fed], from })])
    : [[], ownHistory]
  // What the position counts as on order, by due date.
  const inbound: Inbound[] = [
    ...pos.map((p): Inbound => ({ kind: 'PO', ref: p.po_id, from: p.supplier, qty: p.ordered_qty - p.received_qty, due: p.promised_at })),
    ...transfers.map((t): Inbound => ({ kind: 'transfer', ref: t.transfer_id, from: t.from_location, qty: t.qty, due: t.expected_at })),
  ].sort((a, b) => a.due.localeCompare(b.due))
  return (
    <>
      <AppHeader user={user} current="/board" />
      <SkuDetail sku={sku} product={product ?? null} location={location} historyFrom={from} history={history} forecasts={forecasts} policy={policy ?? null} inbound={inbound} promotions={promotions} signalNote={signals ? signalNote(driversOfRow(signals), signals.start_date) : null} fed={fed.length ? { locations: fed, forecasts: fedForecasts } : undefined} />
    </>
  )
}
