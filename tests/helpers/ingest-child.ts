/**
 * A StockPulse ingest process of its own, for crash tests: `node --import tsx
 * tests/helpers/ingest-child.ts` with the runtime's env (DATA_DIR, REDIS_URL, REDIS_PREFIX,
 * API_KEYS, ...). It runs the runtime and the workers named in WORKERS, and a plain HTTP server
 * on a free port (printed as `READY <port>`): POST /events (the ingest API), GET /status (the
 * ingest status API's figures) and GET /landed?location=L (what landed there: rows, distinct ids,
 * and units summed by the daily rollup, which counts every landing).
 */
import { createServer } from 'node:http'
import { loadConfig } from '@/lib/config'
import { createRuntime } from '@/server/bootstrap'
import { startWorkers } from '@/jobs/index'
import { handleIngest } from '@/server/api/ingest'
import { ingestStatus } from '@/server/api/ingest-status'

async function main() {
  const rt = await createRuntime(loadConfig())
  startWorkers(rt, { emit: () => {} })
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://child.local')
        try {
          if (req.method === 'POST' && url.pathname === '/events') {
            const r = await handleIngest(rt, new Request(url, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }))
            res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text())
          } else if (url.pathname === '/status') {
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await ingestStatus(rt)))
          } else if (url.pathname === '/landed') {
            const rs = await rt.clickhouse.interactive.query({
              query: `SELECT (SELECT count() FROM raw_sales WHERE location = {l:String}) AS rows,
                             (SELECT uniqExact(event_id) FROM raw_sales WHERE location = {l:String}) AS ids,
                             (SELECT sum(units) FROM sales_daily WHERE location = {l:String}) AS units`,
              query_params: { l: url.searchParams.get('location') ?? '' },
              format: 'JSONEachRow',
            })
            const [row] = await rs.json<Record<string, string | number>>()
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ rows: Number(row.rows), ids: Number(row.ids), units: Number(row.units) }))
          } else res.writeHead(404).end()
        } catch (err) {
          res.writeHead(500).end(String(err))
        }
      })()
    })
  })
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address()
    process.stdout.write(`READY ${typeof addr === 'object' && addr ? addr.port : 0}\n`)
  })
}

main().catch((err) => {
  process.stderr.write(`ingest-child: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
