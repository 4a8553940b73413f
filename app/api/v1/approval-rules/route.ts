import { getRuntime } from '@/server/runtime'
import { handleGetRules, handleSaveRules } from '@/server/api/approval-rules'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleGetRules(getRuntime(), req)
export const POST = (req: Request) => handleSaveRules(getRuntime(), req)
