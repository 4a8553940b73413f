import { getRuntime } from '@/server/runtime'
import { handleForecasts } from '@/server/api/planning'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleForecasts(getRuntime(), req)
