import { getRuntime } from '@/server/runtime'
import { handleCallback } from '@/server/api/actions'

export const dynamic = 'force-dynamic'
export const POST = async (req: Request, ctx: { params: Promise<{ id: string }> }) => handleCallback(getRuntime(), req, (await ctx.params).id)
