import { getRuntime } from '@/server/runtime'
import { handleRevokeApiKey } from '@/server/api/identity'

export const dynamic = 'force-dynamic'
export const POST = async (req: Request, ctx: { params: Promise<{ id: string }> }) => handleRevokeApiKey(getRuntime(), req, await ctx.params)
