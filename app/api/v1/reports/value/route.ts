import { getRuntime } from '@/server/runtime'
import { handleValueReport } from '@/server/api/reports'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleValueReport(getRuntime(), req)
