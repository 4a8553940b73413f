import { getRuntime } from '@/server/runtime'
import { handleAuditVerify } from '@/server/api/audit'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleAuditVerify(getRuntime(), req)
