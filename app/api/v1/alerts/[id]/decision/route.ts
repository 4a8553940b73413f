import { getRuntime } from '@/server/runtime'
import { handleDecision } from '@/server/api/alerts'

export const dynamic = 'force-dynamic'
export const POST = async (req: Request, ctx: { params: Promise<{ id: string }> }) => handleDecision(getRuntime(), req, (await ctx.params).id)
