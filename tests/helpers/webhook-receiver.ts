/**
 * A webhook receiver for the delivery tests and bench: a plain HTTP server on a free port that
 * keeps every request (headers, exact body bytes, when) and answers what the test scripted for
 * the webhook-id (a status per try, the last repeated; 200 by default), or holds the request open.
 * `verifySignature` checks a Standard Webhooks signature with node:crypto alone, independent of
 * the `standardwebhooks` package the product signs with: HMAC-SHA256 over
 * `${id}.${timestamp}.${body}` keyed with the base64-decoded secret (after `whsec_`), `v1,<base64>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'

export interface Received {
  id: string
  timestamp: string
  signature: string
  headers: IncomingHttpHeaders
  body: string
  at: number
}

export interface Receiver {
  url: string
  received: Received[]
  /** Answers for one webhook-id, in order; the last repeats. 'hold': never answer. */
  script(id: string, answers: (number | 'hold')[]): void
  /** Answer for ids not scripted. */
  setDefault(a: number | 'hold'): void
  onRequest?: (r: Received) => void
  close(): Promise<void>
}

export function verifySignature(secret: string, r: Pick<Received, 'id' | 'timestamp' | 'signature' | 'body'>): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = Buffer.from(`v1,${createHmac('sha256', key).update(`${r.id}.${r.timestamp}.${r.body}`).digest('base64')}`)
  return r.signature.split(' ').some((s) => {
    const got = Buffer.from(s)
    return got.length === expected.length && timingSafeEqual(got, expected)
  })
}

export async function startReceiver(): Promise<Receiver> {
  const scripts = new Map<string, (number | 'hold')[]>()
  const tries = new Map<string, number>()
  const held: ServerResponse[] = []
  let fallback: number | 'hold' = 200
  const rx: Receiver = {
    url: '',
    received: [],
    script: (id, answers) => void scripts.set(id, answers),
    setDefault: (a) => void (fallback = a),
    close: async () => {
      for (const res of held) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const h = req.headers
      const r: Received = { id: String(h['webhook-id'] ?? ''), timestamp: String(h['webhook-timestamp'] ?? ''), signature: String(h['webhook-signature'] ?? ''), headers: h, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() }
      rx.received.push(r)
      rx.onRequest?.(r)
      const n = tries.get(r.id) ?? 0
      tries.set(r.id, n + 1)
      const script = scripts.get(r.id)
      const answer = script ? script[Math.min(n, script.length - 1)] : fallback
      if (answer === 'hold') return void held.push(res)
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer >= 300 ? `refused with ${answer}` : 'ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const addr = server.address()
  rx.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/webhook`
  return rx
}
