'use client'
import { useEffect, useState } from 'react'

export interface RiskRow {
  sku: string
  /** The product's name and category; null for a sku without a product row. */
  name: string | null
  category: string | null
  location: string
  stockout_probability: number
  days_of_cover: number | null
  projected_stockout_date: string | null
  expected_lost_margin: number
}

/** The SKU-locations of a scope ('all' or a location) most likely to stock out; refetched when `version` changes. */
export function useRiskRows(location: string, version: string, limit = 12): { rows: RiskRow[] | null; error?: string } {
  const [rows, setRows] = useState<RiskRow[] | null>(null)
  const [error, setError] = useState<string>()
  useEffect(() => {
    let cancelled = false
    const q = new URLSearchParams({ min_probability: '0.3', limit: String(limit) })
    if (location !== 'all') q.set('location', location)
    fetch(`/api/v1/risk?${q}`, { cache: 'no-store' })
      .then(async (r) => {
        if (!r.ok) throw new Error(`risk API answered ${r.status}`)
        return r.json()
      })
      .then((data: RiskRow[]) => !cancelled && (setRows(data), setError(undefined)))
      .catch((err) => !cancelled && setError(String(err.message ?? err)))
    return () => {
      cancelled = true
    }
  }, [location, version, limit])
  return { rows, error }
}
