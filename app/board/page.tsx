import { notFound, redirect } from 'next/navigation'
import { currentUser } from '@/server/session'
import { getRuntime } from '@/server/runtime'
import { kpiSnapshots, knownLocations } from '@/lib/clickhouse/queries/kpis'
import { ALL_LOCATIONS } from '@/lib/kpis/definitions'
import { AppHeader } from '@/components/AppHeader'
import { BoardClient } from '@/components/board/BoardClient'
import { pageOf } from '@/lib/pages'
import { allowedParam, canSeeLocation, filterLocations } from '@/lib/auth/access'
import { userScope } from '@/server/access'

export const dynamic = 'force-dynamic'
export const metadata = { title: pageOf('/board').title }

export default async function BoardPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await currentUser()
  if (!user) redirect('/login?next=/board')
  const { location: requested } = await searchParams
  const rt = getRuntime()
  const ch = rt.clickhouse.interactive
  // A scoped person sees its own locations only; 'all' is their aggregate (kpiSnapshots' within).
  const scope = await userScope(rt, user)
  const locations = filterLocations(scope, await knownLocations(ch), (l) => l.location)
  const location = requested && /^[\x21-\x7e]{1,128}$/.test(requested) ? requested : ALL_LOCATIONS
  if (location !== ALL_LOCATIONS && !canSeeLocation(scope, location)) notFound()
  const [initial] = await kpiSnapshots(ch, [location], new Date(), allowedParam(scope))
  return (
    <>
      <AppHeader user={user} current="/board" />
      <BoardClient initial={initial} locations={locations} />
    </>
  )
}
