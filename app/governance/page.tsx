import { redirect } from 'next/navigation'
import { currentUser } from '@/server/session'
import { getRuntime } from '@/server/runtime'
import { may } from '@/lib/auth/roles'
import { currentRules, ruleHistory } from '@/lib/actions/rules-store'
import { AppHeader } from '@/components/AppHeader'
import { ApprovalRules } from '@/components/governance/ApprovalRules'
import { pageOf } from '@/lib/pages'

export const dynamic = 'force-dynamic'
export const metadata = { title: pageOf('/governance').title }

/**
 * Admins only: a shell of sections. This branch's section is the approval rules; the identity and
 * audit branches add theirs (people, API keys, the audit trail), merged here by the integrator.
 */
export default async function GovernancePage() {
  const user = await currentUser()
  if (!user) redirect('/login?next=/governance')
  if (!may(user, 'edit_approval_rules')) redirect('/board')
  const rt = getRuntime()
  const [rules, versions] = await Promise.all([currentRules({ clickhouse: rt.clickhouse }), ruleHistory({ clickhouse: rt.clickhouse })])
  return (
    <>
      <AppHeader user={user} current="/governance" />
      <main id="main" className="mx-auto max-w-screen-2xl space-y-4 px-4 py-4">
        <h1 className="text-xl font-semibold">Governance</h1>
        <ApprovalRules initial={rules} initialVersions={versions} canEdit={may(user, 'edit_approval_rules')} />
      </main>
    </>
  )
}
