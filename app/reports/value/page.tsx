import { redirect } from 'next/navigation'
import { currentUser } from '@/server/session'
import { pageOf, roleSees } from '@/lib/pages'
import { periodFromQuery, valueHref } from '@/lib/value/period'
import { AppHeader } from '@/components/AppHeader'
import { ValueReportClient } from '@/components/value/ValueReportClient'

export const dynamic = 'force-dynamic'
export const metadata = { title: pageOf('/reports/value').title }

/** The time the page is rendered at (today's UTC day is the presets' last day). */
const renderedAt = () => Date.now()
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)

/**
 * The executive value report. The period is the address's (`?from=&to=`, UTC days, a bad one
 * replaced by the last 28 days with the reason shown); the figures come from the report API.
 * Roles the page is not for see why, under the header.
 */
export default async function ValueReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams
  const now = renderedAt()
  const { period, problem } = periodFromQuery({ from: first(params.from), to: first(params.to) }, now)
  const user = await currentUser()
  if (!user) redirect(`/login?next=${encodeURIComponent(problem ? '/reports/value' : valueHref(period))}`)
  if (!roleSees(pageOf('/reports/value'), user.role)) {
    return (
      <>
        <AppHeader user={user} current="/reports/value" />
        <main id="main" className="mx-auto max-w-3xl px-4 py-8">
          <h1 className="text-xl font-semibold">Value report</h1>
          <p role="alert" data-testid="not-for-role" className="mt-4 rounded border border-slate-300 bg-slate-50 p-4 text-sm dark:border-slate-700 dark:bg-slate-900">
            <span aria-hidden="true">🔒 </span>
            The value report is for executives, operations managers and administrators. You are signed in as {user.name}, {user.role.replace('_', ' ')}.{' '}
            <a href="/board" className="text-blue-700 underline dark:text-blue-400">Back to the board</a>
          </p>
        </main>
      </>
    )
  }
  return (
    <>
      <AppHeader user={user} current="/reports/value" />
      <ValueReportClient period={period} problem={problem} now={now} />
    </>
  )
}
