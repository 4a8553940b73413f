import { getRuntime } from '@/server/runtime'
import { handleHealth } from '@/server/api/health'

export const dynamic = 'force-dynamic'
export const GET = () => handleHealth(getRuntime())
