import { getRuntime } from '@/server/runtime'
import { handleGetAlert } from '@/server/api/alerts'

export const dynamic = 'force-dynamic'
export const GET = async (req: Request, ctx: { params: Promise<{ id: string }> }) => handleGetAlert(getRuntime(), req, (await ctx.params).id)
