import type { User } from '@/lib/auth/roles'

/**
 * What a signed-in person whose role may not open an admin-only page sees in its place: the
 * header stays, the page says plainly that it is for administrators and where to go instead.
 */
export function AdminOnly({ user, page }: { user: User; page: string }) {
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-xl font-semibold">{page}</h1>
      <p role="alert" data-testid="admin-only" className="mt-4 rounded border border-slate-300 bg-slate-50 p-4 text-sm dark:border-slate-700 dark:bg-slate-900">
        <span aria-hidden="true">🔒 </span>
        {page} is for administrators. You are signed in as {user.name}, {user.role.replace('_', ' ')}.{' '}
        <a href="/board" className="text-blue-700 underline dark:text-blue-400">
          Back to the board
        </a>
      </p>
    </main>
  )
}
