'use client'
import { ALERT_STATUSES, ALERT_TYPES, SEVERITIES } from '@/lib/alerts/types'
import { humanize, isDefaultView, type InboxFilters } from '@/lib/alerts/inbox-query'

export interface LocationOption {
  location: string
  name: string
  region: string
}

const SELECT = 'min-w-0 max-w-full rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900'

function Pick({ label, value, onChange, options, all, testId }: {
  label: string
  value: string | undefined
  onChange: (v: string | undefined) => void
  options: { value: string; label: string }[]
  all?: string
  testId: string
}) {
  return (
    <label className="flex min-w-0 items-center gap-1.5 text-sm">
      <span className="text-slate-600 dark:text-slate-300">{label}</span>
      <select data-testid={testId} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} className={SELECT}>
        {all !== undefined && <option value="">{all}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  )
}

/**
 * The inbox's filters: status, type, severity, location, region and category. Each change
 * updates the address (so the view can be linked, as the board's feed does) and reloads.
 * Categories are those seen on cards so far, plus the one filtered by.
 */
export function AlertFilters({ filters, onChange, locations, categories }: {
  filters: InboxFilters
  onChange: (f: InboxFilters) => void
  locations: LocationOption[]
  categories: string[]
}) {
  const set = (k: keyof InboxFilters, v: string | undefined) => {
    const next: Record<string, string> = { ...filters }
    if (v === undefined) delete next[k]
    else next[k] = v
    onChange(next as InboxFilters)
  }
  const regions = [...new Set(locations.map((l) => l.region).filter(Boolean))].sort()
  if (filters.region && !regions.includes(filters.region)) regions.push(filters.region)
  const locs = locations.some((l) => l.location === filters.location) || !filters.location ? locations : [...locations, { location: filters.location, name: filters.location, region: '' }]
  const cats = [...new Set([...categories, ...(filters.category ? [filters.category] : [])])].sort()
  return (
    <form role="search" aria-label="Filter alerts" className="flex flex-wrap items-center gap-x-4 gap-y-2" onSubmit={(e) => e.preventDefault()}>
      <Pick
        label="Status"
        testId="filter-status"
        value={filters.status}
        onChange={(v) => set('status', v ?? 'active')}
        options={[{ value: 'active', label: 'Needs a decision' }, { value: 'all', label: 'Any status' }, ...ALERT_STATUSES.map((s) => ({ value: s, label: humanize(s) }))]}
      />
      <Pick label="Type" testId="filter-type" value={filters.type} all="All types" onChange={(v) => set('type', v)} options={ALERT_TYPES.map((t) => ({ value: t, label: humanize(t) }))} />
      <Pick label="Severity" testId="filter-severity" value={filters.severity} all="Any severity" onChange={(v) => set('severity', v)} options={SEVERITIES.map((s) => ({ value: s, label: humanize(s) }))} />
      <Pick
        label="Location"
        testId="filter-location"
        value={filters.location}
        all="All locations"
        onChange={(v) => set('location', v)}
        options={locs.map((l) => ({ value: l.location, label: `${l.name !== l.location ? `${l.name} (${l.location})` : l.location}${l.region ? ` · ${l.region}` : ''}` }))}
      />
      <Pick label="Region" testId="filter-region" value={filters.region} all="All regions" onChange={(v) => set('region', v)} options={regions.map((r) => ({ value: r, label: r }))} />
      <Pick label="Category" testId="filter-category" value={filters.category} all="All categories" onChange={(v) => set('category', v)} options={cats.map((c) => ({ value: c, label: c }))} />
      {!isDefaultView(filters) && (
        <button type="button" onClick={() => onChange({ status: 'active' })} className="rounded px-2 py-1 text-sm text-blue-700 underline hover:bg-slate-100 dark:text-blue-400 dark:hover:bg-slate-800">
          Clear filters
        </button>
      )}
    </form>
  )
}
