/** GET /api/v1/ops/storage (read scope or a session): rows, bytes and parts per ClickHouse table. */
import type { Runtime } from '@/lib/runtime-types'
import { storageSummary } from '@/lib/clickhouse/queries/storage'
import type { StorageBody } from '@/lib/api/schemas'
import { authorize, callerScope, json, refuseOutside, refuseScoped } from './http'

export async function handleStorage(rt: Runtime, req: Request): Promise<Response> {
  const auth = await authorize(rt, req, 'read', true)
  if (!auth.ok) return auth.response
  const scoped = refuseScoped(await callerScope(rt, auth.caller), 'storage figures')
  if (scoped) return refuseOutside(rt, req, auth.caller, scoped)
  return json({ as_of: new Date().toISOString(), ...(await storageSummary(rt.clickhouse.interactive)) } satisfies StorageBody)
}
