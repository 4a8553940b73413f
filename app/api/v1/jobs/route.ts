import { getRuntime } from '@/server/runtime'
import { handleJobs } from '@/server/api/planning'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleJobs(getRuntime(), req)
