import { redirect } from 'next/navigation'
import { currentUser } from '@/server/session'
import { getRuntime } from '@/server/runtime'
import { DEMO_PASSWORD, DEMO_USERS } from '@/lib/auth/users'
import { pageOf } from '@/lib/pages'
import { safeNextPath } from '@/lib/auth/redirect'

export const dynamic = 'force-dynamic'
export const metadata = { title: pageOf('/login').title }

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { error, next } = await searchParams
  if (await currentUser()) redirect(safeNextPath(next))
  const { config } = getRuntime()
  const demo = config.DEMO_MODE
  const sso = Boolean(config.OIDC_ISSUER)
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6">
      <h1 className="mb-1 text-2xl font-semibold tracking-tight">
        Stock<span className="text-blue-600 dark:text-blue-400">Pulse</span>
      </h1>
      <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">Sign in to see live inventory.</p>
      <form action="/api/auth/login" method="post" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <input type="hidden" name="next" value={safeNextPath(next)} />
        <div>
          <label htmlFor="email" className="mb-1 block text-sm font-medium">Email</label>
          <input id="email" name="email" type="email" autoComplete="username" required autoFocus
            className="w-full rounded border border-slate-300 bg-transparent px-3 py-2 dark:border-slate-700" />
        </div>
        <div>
          <label htmlFor="password" className="mb-1 block text-sm font-medium">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required
            className="w-full rounded border border-slate-300 bg-transparent px-3 py-2 dark:border-slate-700" />
        </div>
        {error && (
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
            ⚠ {error}
          </p>
        )}
        <button type="submit" className="w-full rounded bg-blue-600 px-3 py-2 font-medium text-white hover:bg-blue-700">Sign in</button>
      </form>
      {sso && (
        <a href={`/api/auth/oidc/start?next=${encodeURIComponent(next ?? '/board')}`}
          className="mt-4 block w-full rounded border border-slate-300 px-3 py-2 text-center font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
          Sign in with SSO
        </a>
      )}
      {demo && (
        <section aria-label="Demo users" className="mt-6 text-sm text-slate-600 dark:text-slate-400">
          <p className="mb-2">Demo mode: every demo user&apos;s password is <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">{DEMO_PASSWORD}</code></p>
          <ul className="space-y-1">
            {DEMO_USERS.map((u) => (
              <li key={u.id}>
                <code>{u.email}</code> · {u.role.replace('_', ' ')}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  )
}
