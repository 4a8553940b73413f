/**
 * How the /governance sections call the API: JSON over fetch with the session cookie. One place,
 * so that what every state-changing request must carry (CSRF protection) is added here once.
 */
export interface FieldProblem {
  path: string
  message: string
}

export type Answer<T> = { ok: true; data: T } | { ok: false; status: number; message: string; fields: FieldProblem[] }

async function answerOf<T>(res: Response): Promise<Answer<T>> {
  const body = (await res.json().catch(() => ({}))) as { error?: string; errors?: FieldProblem[] }
  if (res.ok) return { ok: true, data: body as T }
  const fields = body.errors ?? []
  return { ok: false, status: res.status, message: body.error ?? fields.map((f) => `${f.path}: ${f.message}`).join('; ') ?? `HTTP ${res.status}`, fields }
}

export async function getJson<T>(url: string): Promise<Answer<T>> {
  return answerOf<T>(await fetch(url, { cache: 'no-store' }))
}

export async function postJson<T>(url: string, body: unknown): Promise<Answer<T>> {
  return answerOf<T>(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }))
}

/** "a, b" -> ['a', 'b'] */
export const splitList = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean)

export const fmtTime = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—')
