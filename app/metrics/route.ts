import { getRuntime } from '@/server/runtime'
import { handleMetrics } from '@/server/api/metrics'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleMetrics(getRuntime(), req)
