'use client'
/**
 * /governance: approval rules. Per action type the two thresholds (X: below it the action runs by
 * itself; up to Y a planner approves; above Y an operations manager), the confidence floor, a
 * reason, and save; the version history below. Saving sends the version the change was made on:
 * if someone else saved first, the answer is 409 and the section says so and offers their version.
 * The rules themselves: lib/actions/rules.ts.
 */
import { useId, useState } from 'react'
import type { RuleSetBody, RuleVersionsBody } from '@/lib/actions/rules-api'
import { EXECUTABLE_ACTIONS, type ExecutableAction } from '@/lib/actions/types'
import { formatMoney, VALUE_NOUN, type ApprovalRules as Rules } from '@/lib/actions/rules'
import { fmtTime, getJson, postJson, type FieldProblem } from './api'

const box = 'rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900'
const input = 'num w-28 rounded border border-slate-300 bg-transparent px-2 py-1 text-right text-sm aria-[invalid=true]:border-red-600 dark:border-slate-700'
const ACTION_WORDS: Record<ExecutableAction, string> = { reorder: 'Reorder', expedite: 'Expedite', transfer: 'Transfer', reallocate: 'Reallocation', markdown: 'Markdown' }

type Draft = { thresholds: Record<ExecutableAction, { auto_below: string; planner_up_to: string }>; confidence_floor: string }

const draftOf = (r: Rules): Draft => ({
  thresholds: Object.fromEntries(EXECUTABLE_ACTIONS.map((a) => [a, { auto_below: String(r.thresholds[a].auto_below), planner_up_to: String(r.thresholds[a].planner_up_to) }])) as Draft['thresholds'],
  confidence_floor: String(r.confidence_floor),
})

/** The draft as the API takes it; a blank or non-numeric field is sent as NaN's JSON (null) so the server names it. */
const rulesOf = (d: Draft) => ({
  thresholds: Object.fromEntries(EXECUTABLE_ACTIONS.map((a) => [a, { auto_below: num(d.thresholds[a].auto_below), planner_up_to: num(d.thresholds[a].planner_up_to) }])),
  confidence_floor: num(d.confidence_floor),
})
const num = (s: string) => (s.trim() === '' ? null : Number(s))

const summary = (r: Rules) => EXECUTABLE_ACTIONS.map((a) => `${a} ${formatMoney(r.thresholds[a].auto_below)} / ${formatMoney(r.thresholds[a].planner_up_to)}`).join(' · ')

export function ApprovalRules({ initial, initialVersions, canEdit }: { initial: RuleSetBody; initialVersions: RuleSetBody[]; canEdit: boolean }) {
  const id = useId()
  const [current, setCurrent] = useState(initial)
  const [versions, setVersions] = useState(initialVersions)
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial.rules))
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null)
  const [fields, setFields] = useState<FieldProblem[]>([])
  const [newer, setNewer] = useState<number | null>(null)

  const problem = (path: string) => fields.find((f) => f.path === path)?.message
  const fieldId = (path: string) => `${id}-${path.replace(/\./g, '-')}`

  async function reload(): Promise<RuleSetBody | undefined> {
    const [c, v] = await Promise.all([getJson<RuleSetBody>('/api/v1/approval-rules'), getJson<RuleVersionsBody>('/api/v1/approval-rules/versions')])
    if (v.ok) setVersions(v.data.versions)
    if (!c.ok) {
      setStatus({ tone: 'error', text: `The rules could not be read: ${c.message}` })
      return undefined
    }
    return c.data
  }

  async function loadLatest() {
    const c = await reload()
    if (!c) return
    setCurrent(c)
    setDraft(draftOf(c.rules))
    setNewer(null)
    setFields([])
    setStatus({ tone: 'ok', text: `Showing version ${c.version}, saved by ${c.changed_by_name}. Make your change again and save.` })
  }

  async function save(e: React.FormEvent) {
    e.preventDefault()
    setBusy(true)
    setStatus(null)
    setFields([])
    const a = await postJson<RuleSetBody>('/api/v1/approval-rules', { expected_version: current.version, rules: rulesOf(draft), reason })
    setBusy(false)
    if (a.ok) {
      setCurrent(a.data)
      setDraft(draftOf(a.data.rules))
      setReason('')
      setNewer(null)
      setStatus({ tone: 'ok', text: `Saved: version ${a.data.version} is in force. Decisions from now on record it.` })
      await reload()
      return
    }
    if (a.status === 409) {
      setStatus({ tone: 'error', text: `Not saved: someone else saved another version first. ${a.message}` })
      const latest = await reload()
      setNewer(latest?.version ?? null)
      return
    }
    setFields(a.fields)
    setStatus({ tone: 'error', text: a.fields.length ? `Not saved: ${a.fields.length === 1 ? 'a field needs' : `${a.fields.length} fields need`} correcting.` : `Not saved: ${a.message}` })
  }

  const setThreshold = (action: ExecutableAction, which: 'auto_below' | 'planner_up_to', value: string) =>
    setDraft((d) => ({ ...d, thresholds: { ...d.thresholds, [action]: { ...d.thresholds[action], [which]: value } } }))

  const numberInput = (path: string, label: string, value: string, onChange: (v: string) => void, max?: number) => {
    const err = problem(path)
    return (
      <>
        <input
          id={fieldId(path)}
          type="number"
          inputMode="decimal"
          min={0}
          max={max}
          step="any"
          required
          aria-label={label}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? `${fieldId(path)}-err` : undefined}
          readOnly={!canEdit}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          className={input}
        />
        {err && (
          <span id={`${fieldId(path)}-err`} className="block text-xs text-red-700 dark:text-red-300">
            {err}
          </span>
        )}
      </>
    )
  }

  return (
    <section aria-labelledby={`${id}-h`} className={box} data-testid="governance-approval-rules">
      <h2 id={`${id}-h`} className="font-semibold">
        Approval rules <span className="num text-sm font-normal text-slate-600 dark:text-slate-300">version {current.version}</span>
      </h2>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-200">
        The value compared is the money the action commits (a reorder&apos;s order value at cost, an expedite fee, a transfer&apos;s cost), in the deployment&apos;s
        currency. Below X the action runs without a person; from X to Y a planner approves; above Y an operations manager. Critical alerts, replenishment
        exceptions and recommendations less confident than the floor always need a person.
      </p>
      <form onSubmit={save} className="mt-3 space-y-3" aria-describedby={`${id}-status`}>
        <table className="text-sm">
          <caption className="sr-only">Thresholds by action type</caption>
          <thead>
            <tr className="text-left text-slate-600 dark:text-slate-300">
              <th scope="col" className="py-1 pr-4 font-medium">Action</th>
              <th scope="col" className="py-1 pr-4 font-medium">Runs by itself below (X)</th>
              <th scope="col" className="py-1 pr-4 font-medium">A planner approves up to (Y)</th>
              <th scope="col" className="py-1 font-medium">Above Y</th>
            </tr>
          </thead>
          <tbody>
            {EXECUTABLE_ACTIONS.map((a) => (
              <tr key={a} className="border-t border-slate-100 align-top dark:border-slate-800">
                <th scope="row" className="py-1.5 pr-4 text-left font-medium">
                  {ACTION_WORDS[a]} <span className="block text-xs font-normal text-slate-600 dark:text-slate-300">{VALUE_NOUN[a]}</span>
                </th>
                <td className="py-1.5 pr-4">{numberInput(`rules.thresholds.${a}.auto_below`, `${ACTION_WORDS[a]}: runs by itself below (X)`, draft.thresholds[a].auto_below, (v) => setThreshold(a, 'auto_below', v))}</td>
                <td className="py-1.5 pr-4">{numberInput(`rules.thresholds.${a}.planner_up_to`, `${ACTION_WORDS[a]}: a planner approves up to (Y)`, draft.thresholds[a].planner_up_to, (v) => setThreshold(a, 'planner_up_to', v))}</td>
                <td className="py-1.5 text-slate-700 dark:text-slate-200">an operations manager</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="flex flex-wrap items-start gap-4">
          <label htmlFor={fieldId('rules.confidence_floor')} className="text-sm">
            <span className="mb-1 block font-medium">Confidence floor (0 to 1)</span>
          </label>
          <div className="text-sm">{numberInput('rules.confidence_floor', 'Confidence floor (0 to 1)', draft.confidence_floor, (v) => setDraft((d) => ({ ...d, confidence_floor: v })), 1)}</div>
        </div>
        {canEdit && (
          <>
            <label htmlFor={fieldId('reason')} className="block text-sm">
              <span className="mb-1 block font-medium">Reason for the change (kept in the history and the audit trail)</span>
            </label>
            <textarea
              id={fieldId('reason')}
              required
              maxLength={500}
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={problem('reason') ? true : undefined}
              aria-describedby={problem('reason') ? `${fieldId('reason')}-err` : undefined}
              className="w-full max-w-2xl rounded border border-slate-300 bg-transparent px-2 py-1 text-sm dark:border-slate-700"
            />
            {problem('reason') && <span id={`${fieldId('reason')}-err`} className="block text-xs text-red-700 dark:text-red-300">{problem('reason')}</span>}
            <div className="flex flex-wrap items-center gap-3">
              <button type="submit" disabled={busy} className="rounded bg-blue-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
                {busy ? 'Saving…' : `Save as version ${current.version + 1}`}
              </button>
              {newer !== null && (
                <button type="button" onClick={() => void loadLatest()} className="rounded border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600">
                  Load version {newer}
                </button>
              )}
            </div>
          </>
        )}
        <p id={`${id}-status`} role="status" data-testid="approval-rules-status" className={`text-sm font-medium ${status?.tone === 'error' ? 'text-red-700 dark:text-red-300' : 'text-green-800 dark:text-green-300'}`}>
          {status ? `${status.tone === 'ok' ? '✓' : '⚠'} ${status.text}` : ''}
        </p>
      </form>

      <h3 className="mt-4 text-sm font-semibold">History</h3>
      <table className="mt-1 w-full text-sm" data-testid="approval-rules-history">
        <caption className="sr-only">Versions of the approval rules, newest first</caption>
        <thead>
          <tr className="text-left text-slate-600 dark:text-slate-300">
            <th scope="col" className="py-1 pr-3 font-medium">Version</th>
            <th scope="col" className="py-1 pr-3 font-medium">Saved</th>
            <th scope="col" className="py-1 pr-3 font-medium">By</th>
            <th scope="col" className="py-1 pr-3 font-medium">Reason</th>
            <th scope="col" className="py-1 font-medium">X / Y by action; floor</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} className="border-t border-slate-100 align-top dark:border-slate-800">
              <td className="num py-1 pr-3">{v.version}{v.version === current.version ? ' (in force)' : ''}</td>
              <td className="py-1 pr-3 whitespace-nowrap">{v.changed_by === 'system' ? 'built in' : fmtTime(v.changed_at)}</td>
              <td className="py-1 pr-3">{v.changed_by_name}</td>
              <td className="py-1 pr-3">{v.reason}</td>
              <td className="num py-1 text-xs">{summary(v.rules)}; {formatMoney(v.rules.confidence_floor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
