import { redirect } from 'next/navigation'
import { currentUser } from '@/server/session'
import { getRuntime } from '@/server/runtime'
import { ingestStatus } from '@/server/api/ingest-status'
import { recomputeJobs } from '@/server/api/planning'
import { may } from '@/lib/auth/roles'
import { DEMO_USERS } from '@/lib/auth/users'
import { listUsers } from '@/lib/auth/user-store'
import { RECOMPUTE_SCHEDULE } from '@/lib/queues'
import { AppHeader } from '@/components/AppHeader'
import { DataClient } from '@/components/data/DataClient'
import { CsvUpload } from '@/components/data/CsvUpload'
import { RecomputePanel } from '@/components/data/RecomputePanel'
import { pageOf } from '@/lib/pages'

export const dynamic = 'force-dynamic'
export const metadata = { title: pageOf('/data').title }

export default async function DataPage() {
  const user = await currentUser()
  if (!user) redirect('/login?next=/data')
  const rt = getRuntime()
  const [initial, jobs, locals] = await Promise.all([
    ingestStatus(rt),
    // The panel refetches once its socket connects; a queue that does not answer now shows no runs.
    recomputeJobs(rt).catch(() => ({ as_of: new Date().toISOString(), schedule: { pattern: RECOMPUTE_SCHEDULE.pattern, next_run_at: null }, jobs: [] })),
    listUsers(rt.identity),
  ])
  const people = Object.fromEntries([...DEMO_USERS, ...locals].map((u) => [u.id, u.name]))
  return (
    <>
      <AppHeader user={user} current="/data" />
      <DataClient initial={JSON.parse(JSON.stringify(initial))} canUndoImports={may(user, 'undo_imports')}>
        <RecomputePanel initial={jobs} canRun={may(user, 'run_recompute')} people={people} />
        {may(user, 'import_files') ? <CsvUpload /> : null}
      </DataClient>
    </>
  )
}
