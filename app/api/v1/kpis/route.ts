import { getRuntime } from '@/server/runtime'
import { handleKpis } from '@/server/api/kpis'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleKpis(getRuntime(), req)
