'use client'
import { useEffect, useEffectEvent } from 'react'

export type InboxKey = 'next' | 'prev' | 'approve' | 'modify' | 'reject' | 'snooze' | 'check' | 'bulk-approve'

const KEYS: Record<string, InboxKey> = { j: 'next', k: 'prev', a: 'approve', m: 'modify', r: 'reject', s: 'snooze', x: 'check' }

/** Whether a keypress is typing: in a field, a select, an editable element. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type)
  return false
}

/** The inbox key a keydown means, if any (pure on the event's fields; Caps Lock's "A" alone is a). */
export function inboxKeyOf(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target' | 'defaultPrevented' | 'repeat'>): InboxKey | undefined {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return undefined
  if (e.key.length !== 1) return undefined
  const k = e.key.toLowerCase()
  if (k === 'a' && e.shiftKey) return e.repeat ? undefined : 'bulk-approve'
  const action = KEYS[k]
  // Holding j or k moves on; holding a decision key decides once.
  if (action && e.repeat && action !== 'next' && action !== 'prev') return undefined
  return action
}

/**
 * The inbox's keys on the whole page: j/k move, a/m/r/s decide, x marks for bulk, Shift+A approves
 * the marked ones. Not while typing in a field, and not while a dialog is open (its own keys rule).
 */
export function useInboxKeys(onKey: (k: InboxKey) => void): void {
  const handle = useEffectEvent((k: InboxKey) => onKey(k))
  useEffect(() => {
    const listener = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return
      const k = inboxKeyOf(e)
      if (!k) return
      e.preventDefault()
      handle(k)
    }
    document.addEventListener('keydown', listener)
    return () => document.removeEventListener('keydown', listener)
  }, [])
}
