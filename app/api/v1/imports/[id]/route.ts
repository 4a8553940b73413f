import { getRuntime } from '@/server/runtime'
import { handleImportUndo } from '@/server/api/import-undo'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'
export const DELETE = async (req: Request, ctx: { params: Promise<{ id: string }> }) => handleImportUndo(getRuntime(), req, (await ctx.params).id)
