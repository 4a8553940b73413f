/**
 * A StockPulse process of its own for the delivery crash test: `node --import tsx
 * tests/helpers/deliver-child.ts` with the runtime's env (DATA_DIR, REDIS_URL, REDIS_PREFIX,
 * DEPLOYMENT_ID, API_KEYS with an actions key named in CHILD_ACTIONS_SECRET, WEBHOOK_*, WORKERS).
 * It runs the runtime and its workers, and a plain HTTP server on a free port (printed as
 * `READY <port>`): POST /approve?id=A&location=L (an open card written through the alert store,
 * then approved through the alerts API; answers the decision's body) and GET /action?id=X (the
 * action, its delivery tries, and how many distinct actions its alert has).
 */
import { createServer } from 'node:http'
import { loadConfig } from '@/lib/config'
import { createRuntime } from '@/server/bootstrap'
import { startWorkers } from '@/jobs/index'
import { actionAttempts, actionWithId } from '@/lib/clickhouse/queries/actions'
import { decide, seedAlert } from './actions'

async function main() {
  const rt = await createRuntime(loadConfig())
  startWorkers(rt, { emit: () => {} })
  const secret = process.env.CHILD_ACTIONS_SECRET ?? ''
  const deps = { redis: rt.redis, prefix: rt.redisPrefix, clickhouse: rt.clickhouse }
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://child.local')
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      try {
        if (req.method === 'POST' && url.pathname === '/approve') {
          const id = url.searchParams.get('id') ?? ''
          await seedAlert(deps, id, url.searchParams.get('location') ?? 'L1')
          const r = await decide(rt, id, { decision: 'approve' }, secret)
          send(r.status, await r.json())
        } else if (url.pathname === '/action') {
          const id = url.searchParams.get('id') ?? ''
          const action = await actionWithId(rt.clickhouse.interactive, id)
          const deliveries = await actionAttempts(rt.clickhouse.interactive, { id })
          const rs = await rt.clickhouse.interactive.query({
            query: 'SELECT uniqExact(action_id) AS actions, countIf(status = \'pending\') AS pending_rows FROM actions WHERE alert_id = {a:String}',
            query_params: { a: action?.alert_id ?? '' },
            format: 'JSONEachRow',
          })
          const [row] = await rs.json<{ actions: string | number; pending_rows: string | number }>()
          send(200, { action: action ?? null, deliveries, actions_of_alert: Number(row.actions), pending_rows: Number(row.pending_rows) })
        } else send(404, {})
      } catch (err) {
        send(500, { error: String(err) })
      }
    })()
  })
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address()
    process.stdout.write(`READY ${typeof addr === 'object' && addr ? addr.port : 0}\n`)
  })
}

main().catch((err) => {
  process.stderr.write(`deliver-child: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
