import { getRuntime } from '@/server/runtime'
import { handleAuditList } from '@/server/api/audit'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleAuditList(getRuntime(), req)
