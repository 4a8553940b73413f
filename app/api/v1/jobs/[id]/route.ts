import { getRuntime } from '@/server/runtime'
import { handleJob } from '@/server/api/planning'

export const dynamic = 'force-dynamic'
export const GET = async (req: Request, ctx: { params: Promise<{ id: string }> }) => handleJob(getRuntime(), req, (await ctx.params).id)
