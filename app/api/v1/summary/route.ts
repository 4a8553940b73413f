import { getRuntime } from '@/server/runtime'
import { handleSummary } from '@/server/api/summary'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleSummary(getRuntime(), req)
