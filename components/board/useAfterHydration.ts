'use client'
import { startTransition, useEffect, useState } from 'react'

/**
 * False on the server and in the hydrating render; true right after, set in a transition. What it
 * gates is left out of the server HTML and out of hydration (one task React cannot interrupt),
 * and renders afterwards in slices React can interrupt: on a phone, the first screen answers
 * first and no long task blocks it while the rest of the board arrives.
 */
export function useAfterHydration(): boolean {
  const [ready, setReady] = useState(false)
  useEffect(() => startTransition(() => setReady(true)), [])
  return ready
}
