import { getRuntime } from '@/server/runtime'
import { handleValueDecisions } from '@/server/api/reports'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleValueDecisions(getRuntime(), req)
