import { getRuntime } from '@/server/runtime'
import { handleRuleVersions } from '@/server/api/approval-rules'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleRuleVersions(getRuntime(), req)
