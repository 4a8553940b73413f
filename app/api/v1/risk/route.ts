import { getRuntime } from '@/server/runtime'
import { handleRisk } from '@/server/api/planning'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleRisk(getRuntime(), req)
