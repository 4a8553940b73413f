import { redirect } from 'next/navigation'
import { currentUser } from '@/server/session'
import { getRuntime } from '@/server/runtime'
import { may } from '@/lib/auth/roles'
import { listUsers } from '@/lib/auth/user-store'
import { listApiKeys } from '@/lib/auth/api-key-store'
import { AppHeader } from '@/components/AppHeader'
import { Users } from '@/components/governance/Users'
import { ApiKeys } from '@/components/governance/ApiKeys'
import { pageOf } from '@/lib/pages'

export const dynamic = 'force-dynamic'
export const metadata = { title: pageOf('/governance').title }

/** Admins only: a shell of sections (people and API keys here; the audit branch adds its own). */
export default async function GovernancePage() {
  const user = await currentUser()
  if (!user) redirect('/login?next=/governance')
  if (!may(user, 'manage_users')) redirect('/board')
  const rt = getRuntime()
  const [users, keys] = await Promise.all([listUsers(rt.identity), listApiKeys(rt.identity)])
  return (
    <>
      <AppHeader user={user} current="/governance" />
      <main id="main" className="mx-auto max-w-screen-2xl space-y-4 px-4 py-4">
        <h1 className="text-xl font-semibold">Governance</h1>
        <Users initial={users} selfId={user.id} />
        <ApiKeys initial={keys} />
      </main>
    </>
  )
}
