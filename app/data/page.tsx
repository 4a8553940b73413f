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
import { userScope } from '@/server/access'

export const dynamic = 'force-dynamic'
export const metadata = { title: pageOf('/data').title }

export default async function DataPage() {
  const user = await currentUser()
  if (!user) redirect('/login?next=/data')
  const rt = getRuntime()
  const scope = await userScope(rt, user)
  const [initial, jobs, locals] = await Promise.all([
    // The ingest status covers the whole estate (its sources, rejections, quarantine): not for a scoped person.
    scope.all ? ingestStatus(rt) : undefined,
    // The panel refetches once its socket connects; a queue that does not answer now shows no runs.
    recomputeJobs(rt, scope).catch(() => ({ as_of: new Date().toISOString(), schedule: { pattern: RECOMPUTE_SCHEDULE.pattern, next_run_at: null }, jobs: [] })),
    listUsers(rt.identity),
  ])
  const people = Object.fromEntries([...DEMO_USERS, ...locals].map((u) => [u.id, u.name]))
  if (!initial) {
    return (
      <>
        <AppHeader user={user} current="/data" />
        <main id="main" className="mx-auto max-w-5xl space-y-4 px-4 py-6">
          <p role="status" className="text-slate-600 dark:text-slate-300">
            Data feeds and imports cover the whole estate; your access is {scope.all ? 'the estate' : scope.label}, so only the planning runs show here.
          </p>
          <RecomputePanel initial={jobs} canRun={may(user, 'run_recompute')} people={people} />
        </main>
      </>
    )
  }
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
