import { notFound, redirect } from 'next/navigation'
import { currentUser } from '@/server/session'
import { getRuntime } from '@/server/runtime'
import { listAlerts } from '@/lib/clickhouse/queries/alerts'
import { knownLocations } from '@/lib/clickhouse/queries/kpis'
import { parseInboxQuery } from '@/lib/alerts/inbox-params'
import { filtersOf, inboxHref } from '@/lib/alerts/inbox-query'
import type { AlertsAnswer } from '@/lib/alerts/api-schemas'
import { AppHeader } from '@/components/AppHeader'
import { AlertsInbox } from '@/components/alerts/AlertsInbox'
import { pageOf } from '@/lib/pages'
import { may } from '@/lib/auth/roles'
import { allowedParam, canSeeLocation, filterLocations } from '@/lib/auth/access'
import { userScope } from '@/server/access'
import { currentRules } from '@/lib/actions/rules-store'

export const dynamic = 'force-dynamic'
export const metadata = { title: pageOf('/alerts').title }

/**
 * The planner's inbox: the first view (the filters in the address, a bad one dropped) loaded here,
 * then the client keeps it live. A store that does not answer still renders the page, with the
 * error and a retry in place of the cards.
 */
export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams
  const query = parseInboxQuery(params)
  const filters = filtersOf(query)
  const user = await currentUser()
  if (!user) redirect(`/login?next=${encodeURIComponent(inboxHref(filters))}`)
  const rt = getRuntime()
  const ch = rt.clickhouse.interactive
  // A scoped person's inbox holds its locations' alerts only; another location's filter is not found.
  const scope = await userScope(rt, user)
  if (query.location && !canSeeLocation(scope, query.location)) notFound()
  const [answer, known, rules] = await Promise.all([
    listAlerts(ch, query, allowedParam(scope)).then(
      (a): { ok: true; value: AlertsAnswer } => ({ ok: true, value: a }),
      (err: unknown) => ({ ok: false as const, error: err instanceof Error ? err.message : String(err) }),
    ),
    knownLocations(ch).catch(() => []),
    // Cards say who must approve; without the rules they say nothing of it.
    currentRules({ clickhouse: rt.clickhouse }).then((r) => ({ version: r.version, rules: r.rules }), () => null),
  ])
  const locations = filterLocations(scope, known, (l) => l.location)
  return (
    <>
      <AppHeader user={user} current="/alerts" />
      <AlertsInbox
        initial={answer.ok ? answer.value : null}
        initialError={answer.ok ? null : `the alert store did not answer (${answer.error})`}
        initialFilters={filters}
        limit={query.limit}
        locations={locations.map((l) => ({ location: l.location, name: l.name, region: l.region }))}
        canDecide={may(user, 'decide_alerts')}
        rules={rules}
      />
    </>
  )
}
