import { getRuntime } from '@/server/runtime'
import { handleDecisionRates } from '@/server/api/alerts'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleDecisionRates(getRuntime(), req)
