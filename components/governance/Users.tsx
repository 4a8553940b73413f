'use client'
/**
 * /governance: people. Create a local user (email, name, role, regions, locations, password of at
 * least 12 characters); the list shows each with role and scope, and lets an admin change them,
 * set a new password, or disable and enable the user.
 */
import { useState } from 'react'
import type { UserBody } from '@/lib/auth/api-schemas'
import { ROLES, type Role } from '@/lib/auth/roles'
import { fmtTime, getJson, postJson, splitList } from './api'

const box = 'rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900'
const input = 'rounded border border-slate-300 bg-transparent px-2 py-1 text-sm dark:border-slate-700'
const roleName = (r: string) => r.replace('_', ' ')

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <label className="text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      {children}
    </label>
  )
}

export function Users({ initial, selfId }: { initial: UserBody[]; selfId: string }) {
  const [users, setUsers] = useState(initial)
  const [form, setForm] = useState({ email: '', name: '', role: 'planner' as Role, regions: '', locations: '', password: '' })
  const [editing, setEditing] = useState<{ id: string; role: Role; regions: string; locations: string; password: string } | undefined>()
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>()

  async function reload() {
    const a = await getJson<{ users: UserBody[] }>('/api/v1/users')
    if (a.ok) setUsers(a.data.users)
  }

  async function create(e: React.FormEvent) {
    e.preventDefault()
    const a = await postJson<UserBody>('/api/v1/users', { ...form, regions: splitList(form.regions), locations: splitList(form.locations) })
    if (!a.ok) return setMessage({ ok: false, text: a.message })
    setMessage({ ok: true, text: `Created ${a.data.email} (${roleName(a.data.role)}).` })
    setForm({ email: '', name: '', role: 'planner', regions: '', locations: '', password: '' })
    await reload()
  }

  async function update(u: UserBody, patch: Record<string, unknown>) {
    const a = await postJson<UserBody>(`/api/v1/users/${encodeURIComponent(u.id)}`, patch)
    if (!a.ok) return setMessage({ ok: false, text: a.message })
    setMessage({ ok: true, text: `Saved ${a.data.email}.` })
    setEditing(undefined)
    await reload()
  }

  async function saveEdit(u: UserBody) {
    if (!editing) return
    await update(u, { role: editing.role, regions: splitList(editing.regions), locations: splitList(editing.locations), ...(editing.password ? { password: editing.password } : {}) })
  }

  return (
    <section aria-labelledby="users-h" className={box} data-testid="governance-users">
      <h2 id="users-h" className="font-semibold">People</h2>
      <form onSubmit={create} className="mt-3 flex flex-wrap items-end gap-3">
        <Field label="Email"><input className={input} type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} /></Field>
        <Field label="Name"><input className={input} required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field>
        <Field label="Role">
          <select className={input} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((r) => <option key={r} value={r}>{roleName(r)}</option>)}
          </select>
        </Field>
        <Field label="Regions (comma separated)"><input className={input} value={form.regions} onChange={(e) => setForm({ ...form, regions: e.target.value })} placeholder="all" /></Field>
        <Field label="Locations (comma separated)"><input className={input} value={form.locations} onChange={(e) => setForm({ ...form, locations: e.target.value })} /></Field>
        <Field label="Password (12+ characters)"><input className={input} type="password" autoComplete="new-password" required minLength={12} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} /></Field>
        <button type="submit" className="rounded bg-blue-600 px-3 py-1.5 text-sm font-medium text-white">Create user</button>
      </form>
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} className={`mt-2 rounded px-2 py-1 text-sm ${message.ok ? 'bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-300' : 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-300'}`}>{message.text}</p>
      ) : null}
      {users.length ? (
        <table className="mt-3 w-full text-left text-sm">
          <thead className="text-slate-500 dark:text-slate-400">
            <tr>
              <th className="py-1 font-medium">Email</th><th className="font-medium">Name</th><th className="font-medium">Role</th><th className="font-medium">Regions</th>
              <th className="font-medium">Locations</th><th className="font-medium">Status</th><th className="font-medium">Changed</th><th><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) =>
              editing?.id === u.id ? (
                <tr key={u.id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1.5">{u.email}</td>
                  <td>{u.name}</td>
                  <td>
                    <select aria-label={`Role of ${u.email}`} className={input} value={editing.role} onChange={(e) => setEditing({ ...editing, role: e.target.value as Role })}>
                      {ROLES.map((r) => <option key={r} value={r}>{roleName(r)}</option>)}
                    </select>
                  </td>
                  <td><input aria-label={`Regions of ${u.email}`} className={input} value={editing.regions} onChange={(e) => setEditing({ ...editing, regions: e.target.value })} /></td>
                  <td><input aria-label={`Locations of ${u.email}`} className={input} value={editing.locations} onChange={(e) => setEditing({ ...editing, locations: e.target.value })} /></td>
                  <td colSpan={2}><input aria-label={`New password of ${u.email}`} className={input} type="password" autoComplete="new-password" minLength={12} placeholder="new password (optional)" value={editing.password} onChange={(e) => setEditing({ ...editing, password: e.target.value })} /></td>
                  <td className="whitespace-nowrap text-right">
                    <button type="button" onClick={() => saveEdit(u)} className="rounded bg-blue-600 px-2 py-0.5 text-white">Save</button>{' '}
                    <button type="button" onClick={() => setEditing(undefined)} className="rounded border border-slate-300 px-2 py-0.5 dark:border-slate-700">Cancel</button>
                  </td>
                </tr>
              ) : (
                <tr key={u.id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1.5">{u.email}</td>
                  <td>{u.name}</td>
                  <td>{roleName(u.role)}</td>
                  <td>{u.regions.join(', ') || (u.locations.length ? '—' : 'all')}</td>
                  <td>{u.locations.join(', ') || '—'}</td>
                  <td>{u.disabled ? 'disabled' : 'active'}</td>
                  <td className="num">{fmtTime(u.updated_at)} <span className="text-slate-500 dark:text-slate-400">by {u.updated_by}</span></td>
                  <td className="whitespace-nowrap text-right">
                    <button type="button" onClick={() => setEditing({ id: u.id, role: u.role, regions: u.regions.join(', '), locations: u.locations.join(', '), password: '' })} className="rounded border border-slate-300 px-2 py-0.5 dark:border-slate-700">Edit</button>{' '}
                    {u.id === selfId ? null : (
                      <button type="button" onClick={() => update(u, { disabled: !u.disabled })} className="rounded border border-slate-300 px-2 py-0.5 dark:border-slate-700">{u.disabled ? 'Enable' : 'Disable'}</button>
                    )}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      ) : (
        <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">No local users yet{' '}(demo users are not listed).</p>
      )}
    </section>
  )
}
