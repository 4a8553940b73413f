import { redirect } from 'next/navigation'
import { currentUser } from '@/server/session'
import { getRuntime } from '@/server/runtime'
import { kpiSnapshots, knownLocations } from '@/lib/clickhouse/queries/kpis'
import { ALL_LOCATIONS } from '@/lib/kpis/definitions'
import { AppHeader } from '@/components/AppHeader'
import { BoardClient } from '@/components/board/BoardClient'
import { pageOf } from '@/lib/pages'

export const dynamic = 'force-dynamic'
export const metadata = { title: pageOf('/board').title }

export default async function BoardPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await currentUser()
  if (!user) redirect('/login?next=/board')
  const { location: requested } = await searchParams
  const ch = getRuntime().clickhouse.interactive
  const locations = await knownLocations(ch)
  const location = requested && /^[\x21-\x7e]{1,128}$/.test(requested) ? requested : ALL_LOCATIONS
  const [initial] = await kpiSnapshots(ch, [location])
  return (
    <>
      <AppHeader user={user} current="/board" />
      <BoardClient initial={initial} locations={locations} />
    </>
  )
}
