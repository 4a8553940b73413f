import type { ReactNode } from 'react'
import { redirect } from 'next/navigation'
import { currentUser } from '@/server/session'
import { getRuntime } from '@/server/runtime'
import { bodyOf } from '@/server/api/audit'
import { listAudit } from '@/lib/clickhouse/queries/audit'
import { may, type User } from '@/lib/auth/roles'
import type { AuditPage } from '@/lib/audit/api-schemas'
import { pageOf } from '@/lib/pages'
import { AppHeader } from '@/components/AppHeader'
import { AdminOnly } from '@/components/governance/AdminOnly'
import { AuditTrail } from '@/components/governance/AuditTrail'
import { ApprovalRules } from '@/components/governance/ApprovalRules'
import { currentRules, ruleHistory } from '@/lib/actions/rules-store'
import { listUsers } from '@/lib/auth/user-store'
import { listApiKeys } from '@/lib/auth/api-key-store'
import { Users } from '@/components/governance/Users'
import { ApiKeys } from '@/components/governance/ApiKeys'
import { ModelAccuracy } from '@/components/governance/ModelAccuracy'

export const dynamic = 'force-dynamic'
export const metadata = { title: pageOf('/governance').title }

const FIRST_PAGE = 50

/** The trail's first page, or the error that stood in its way (the section shows it with a retry). */
async function firstAuditPage(): Promise<{ page: AuditPage | null; error: string | null }> {
  try {
    const rows = await listAudit(getRuntime().clickhouse.interactive, {}, FIRST_PAGE + 1)
    const entries = rows.slice(0, FIRST_PAGE)
    const next = rows.length > FIRST_PAGE ? entries[entries.length - 1].seq : null
    return { page: { entries: entries.map(bodyOf), next_before_seq: next, as_of: new Date().toISOString() }, error: null }
  } catch (err) {
    return { page: null, error: `the audit store did not answer (${err instanceof Error ? err.message : String(err)})` }
  }
}

/**
 * The sections of /governance, in order: each loads its own first view and renders its client
 * component. New sections (approval rules, users, API keys) are added here as rows.
 */
/** `ownHeading`: the section component draws its own box and heading (the page adds only the anchor). */
const SECTIONS: { id: string; title: string; ownHeading?: boolean; render: (user: User) => Promise<ReactNode> }[] = [
  {
    id: 'people',
    ownHeading: true,
    title: 'People',
    render: async (user) => <Users initial={await listUsers(getRuntime().identity)} selfId={user.id} />,
  },
  {
    id: 'api-keys',
    ownHeading: true,
    title: 'API keys',
    render: async () => <ApiKeys initial={await listApiKeys(getRuntime().identity)} />,
  },
  {
    id: 'rules',
    ownHeading: true,
    title: 'Approval rules',
    render: async (user) => {
      const ch = { clickhouse: getRuntime().clickhouse }
      const [rules, versions] = await Promise.all([currentRules(ch), ruleHistory(ch)])
      return <ApprovalRules initial={rules} initialVersions={versions} canEdit={may(user, 'edit_approval_rules')} />
    },
  },
  {
    // Loads its figures itself (the read can take a moment): the page does not wait for it.
    id: 'model-accuracy',
    title: 'Model accuracy',
    render: async () => <ModelAccuracy />,
  },
  {
    id: 'audit',
    title: 'Audit trail',
    render: async () => {
      const first = await firstAuditPage()
      return <AuditTrail initial={first.page} initialError={first.error} pageSize={FIRST_PAGE} />
    },
  },
]

/** Governance: admin only; other roles get the admin-only refusal, people signed out the sign-in page. */
export default async function GovernancePage() {
  const user = await currentUser()
  if (!user) redirect('/login?next=/governance')
  if (!may(user, 'view_audit')) {
    return (
      <>
        <AppHeader user={user} current="/governance" />
        <AdminOnly user={user} page="Governance" />
      </>
    )
  }
  const rendered = await Promise.all(SECTIONS.map((s) => s.render(user)))
  return (
    <>
      <AppHeader user={user} current="/governance" />
      <main id="main" className="mx-auto max-w-screen-2xl space-y-6 px-4 py-4">
        <h1 className="text-xl font-semibold">Governance</h1>
        <nav aria-label="Governance sections" className="flex flex-wrap gap-3 text-sm">
          {SECTIONS.map((s) => (
            <a key={s.id} href={`#${s.id}`} className="text-blue-700 underline dark:text-blue-400">
              {s.title}
            </a>
          ))}
        </nav>
        {SECTIONS.map((s, i) =>
          s.ownHeading ? (
            <div key={s.id} id={s.id}>
              {rendered[i]}
            </div>
          ) : (
          <section key={s.id} id={s.id} aria-labelledby={`${s.id}-title`} className="space-y-3 rounded border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <h2 id={`${s.id}-title`} className="text-lg font-semibold">
              {s.title}
            </h2>
            {rendered[i]}
          </section>
          ),
        )}
      </main>
    </>
  )
}
