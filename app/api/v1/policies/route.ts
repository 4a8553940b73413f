import { getRuntime } from '@/server/runtime'
import { handlePolicies } from '@/server/api/planning'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handlePolicies(getRuntime(), req)
