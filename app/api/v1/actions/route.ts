import { getRuntime } from '@/server/runtime'
import { handleListActions } from '@/server/api/actions'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleListActions(getRuntime(), req)
