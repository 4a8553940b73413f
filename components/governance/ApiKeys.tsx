'use client'
/**
 * /governance: API keys. Create one (name, scopes, optional locations): its secret is shown once,
 * with a copy button and a warning; the list shows every key with its prefix, scopes, locations,
 * when it was created and last used, and revoke (after a confirmation).
 */
import { useState } from 'react'
import type { ApiKeyBody, ApiKeyCreated } from '@/lib/auth/api-schemas'
import { SCOPES, type Scope } from '@/lib/auth/roles'
import { fmtTime, getJson, postJson, splitList } from './api'

const box = 'rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900'
const input = 'rounded border border-slate-300 bg-transparent px-2 py-1 text-sm dark:border-slate-700'

export function ApiKeys({ initial }: { initial: ApiKeyBody[] }) {
  const [keys, setKeys] = useState(initial)
  const [name, setName] = useState('')
  const [scopes, setScopes] = useState<Scope[]>(['read'])
  const [locations, setLocations] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [created, setCreated] = useState<ApiKeyCreated | undefined>()
  const [copied, setCopied] = useState(false)
  const [busy, setBusy] = useState(false)

  async function reload() {
    const a = await getJson<{ keys: ApiKeyBody[] }>('/api/v1/api-keys')
    if (a.ok) setKeys(a.data.keys)
  }

  async function create(e: React.FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    setCopied(false)
    const a = await postJson<ApiKeyCreated>('/api/v1/api-keys', { name: name.trim(), scopes, locations: splitList(locations) })
    setBusy(false)
    if (!a.ok) return setError(a.message)
    setCreated(a.data)
    setName('')
    setLocations('')
    await reload()
  }

  async function revoke(k: ApiKeyBody) {
    if (!window.confirm(`Revoke the API key "${k.name}" (${k.prefix}…)? Every machine using it is refused from now on.`)) return
    const a = await postJson<ApiKeyBody>(`/api/v1/api-keys/${encodeURIComponent(k.id)}/revoke`, {})
    if (!a.ok) return setError(a.message)
    await reload()
  }

  async function copy() {
    if (!created) return
    await navigator.clipboard.writeText(created.secret)
    setCopied(true)
  }

  return (
    <section aria-labelledby="api-keys-h" className={box} data-testid="governance-api-keys">
      <h2 id="api-keys-h" className="font-semibold">API keys</h2>
      <form onSubmit={create} className="mt-3 flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Name</span>
          <input className={input} value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} pattern="[A-Za-z0-9_.\-]{1,64}" />
        </label>
        <fieldset className="text-sm">
          <legend className="mb-1 font-medium">Scopes</legend>
          <div className="flex gap-3">
            {SCOPES.map((s) => (
              <label key={s} className="flex items-center gap-1">
                <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} />
                {s}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Locations (optional, comma separated)</span>
          <input className={input} value={locations} onChange={(e) => setLocations(e.target.value)} placeholder="all locations" />
        </label>
        <button type="submit" disabled={busy || !scopes.length} className="rounded bg-blue-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">Create key</button>
      </form>
      {error ? <p role="alert" className="mt-2 rounded bg-red-50 px-2 py-1 text-sm text-red-800 dark:bg-red-950 dark:text-red-300">{error}</p> : null}
      {created ? (
        <div role="status" className="mt-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
          <p className="font-medium">Copy the secret of “{created.key.name}” now: it is shown this once and cannot be shown again.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 dark:bg-slate-900" data-testid="api-key-secret">{created.secret}</code>
            <button type="button" onClick={copy} className="rounded border border-slate-300 px-2 py-1 dark:border-slate-700">{copied ? 'Copied' : 'Copy'}</button>
            <button type="button" onClick={() => setCreated(undefined)} className="rounded border border-slate-300 px-2 py-1 dark:border-slate-700">Done</button>
          </div>
        </div>
      ) : null}
      {keys.length ? (
        <table className="mt-3 w-full text-left text-sm">
          <thead className="text-slate-500 dark:text-slate-400">
            <tr>
              <th className="py-1 font-medium">Name</th><th className="font-medium">Key</th><th className="font-medium">Scopes</th><th className="font-medium">Locations</th>
              <th className="font-medium">Created</th><th className="font-medium">Last used</th><th className="font-medium">Status</th><th><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1.5">{k.name}</td>
                <td><code>{k.prefix}…</code></td>
                <td>{k.scopes.join(', ')}</td>
                <td>{k.locations.length ? k.locations.join(', ') : 'all'}</td>
                <td className="num">{fmtTime(k.created_at)} <span className="text-slate-500 dark:text-slate-400">by {k.created_by}</span></td>
                <td className="num">{fmtTime(k.last_used_at)}</td>
                <td>{k.revoked_at ? `revoked ${fmtTime(k.revoked_at)}` : 'active'}</td>
                <td className="text-right">
                  {k.revoked_at ? null : (
                    <button type="button" onClick={() => revoke(k)} className="rounded border border-red-300 px-2 py-0.5 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950">Revoke</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">No API keys created here yet (keys from API_KEYS are not listed).</p>
      )}
    </section>
  )
}
