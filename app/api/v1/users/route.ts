import { getRuntime } from '@/server/runtime'
import { handleCreateUser, handleListUsers } from '@/server/api/identity'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleListUsers(getRuntime(), req)
export const POST = (req: Request) => handleCreateUser(getRuntime(), req)
