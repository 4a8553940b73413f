import { getRuntime } from '@/server/runtime'
import { handleCreateApiKey, handleListApiKeys } from '@/server/api/identity'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleListApiKeys(getRuntime(), req)
export const POST = (req: Request) => handleCreateApiKey(getRuntime(), req)
