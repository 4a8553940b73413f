import { getRuntime } from '@/server/runtime'
import { handleUpdateUser } from '@/server/api/identity'

export const dynamic = 'force-dynamic'
export const POST = async (req: Request, ctx: { params: Promise<{ id: string }> }) => handleUpdateUser(getRuntime(), req, await ctx.params)
