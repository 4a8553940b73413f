import { getRuntime } from '@/server/runtime'
import { handleListAlerts } from '@/server/api/alerts'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleListAlerts(getRuntime(), req)
