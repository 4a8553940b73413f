import Link from 'next/link'
import type { User } from '@/lib/auth/roles'
import { navFor } from '@/lib/pages'

/**
 * Links here and on the board do not prefetch: Next.js would fetch and process every visible
 * link's page right after the board loads, main-thread work a phone pays for pages it may never
 * open (measured with bench:lighthouse). A page still loads quickly on click.
 *
 * Below 640 px the navigation takes a row of its own under the name and "Sign out": four links
 * and both no longer fit 375 px on one row.
 */
export function AppHeader({ user, current }: { user: User; current: string }) {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 sm:flex-nowrap sm:gap-6">
        <Link prefetch={false} href="/board" className="rounded text-lg font-semibold tracking-tight">
          Stock<span className="text-blue-600 dark:text-blue-400">Pulse</span>
        </Link>
        <nav aria-label="Main" className="order-last flex w-full gap-1 text-sm sm:order-none sm:w-auto">
          {navFor(user.role).map((n) => (
            <Link
              key={n.href}
              href={n.href}
              prefetch={false}
              aria-current={current === n.href ? 'page' : undefined}
              className={`rounded px-2 py-1.5 sm:px-3 ${current === n.href ? 'bg-slate-100 font-medium dark:bg-slate-800' : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
            >
              {n.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <span className="hidden text-slate-600 sm:inline dark:text-slate-300">
            {user.name} <span className="text-slate-500 dark:text-slate-400">· {user.role.replace('_', ' ')}{[...user.regions, ...user.locations].length ? ` · ${[...user.regions, ...user.locations].join(', ')}` : ''}</span>
          </span>
          <form action="/api/auth/logout" method="post">
            <button className="whitespace-nowrap rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">Sign out</button>
          </form>
        </div>
      </div>
    </header>
  )
}
