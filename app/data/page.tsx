import { redirect } from 'next/navigation'
import { currentUser } from '@/server/session'
import { getRuntime } from '@/server/runtime'
import { ingestStatus } from '@/server/api/ingest-status'
import { AppHeader } from '@/components/AppHeader'
import { DataClient } from '@/components/data/DataClient'
import { CsvUpload } from '@/components/data/CsvUpload'

export const dynamic = 'force-dynamic'

export default async function DataPage() {
  const user = await currentUser()
  if (!user) redirect('/login?next=/data')
  const initial = await ingestStatus(getRuntime())
  return (
    <>
      <AppHeader user={user} current="/data" />
      <DataClient initial={JSON.parse(JSON.stringify(initial))}>{user.role === 'admin' ? <CsvUpload /> : null}</DataClient>
    </>
  )
}
