import { getRuntime } from '@/server/runtime'
import { handleStorage } from '@/server/api/storage'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleStorage(getRuntime(), req)
