import { getRuntime } from '@/server/runtime'
import { handleGetAction } from '@/server/api/actions'

export const dynamic = 'force-dynamic'
export const GET = async (req: Request, ctx: { params: Promise<{ id: string }> }) => handleGetAction(getRuntime(), req, (await ctx.params).id)
