import { getRuntime } from '@/server/runtime'
import { handleImport } from '@/server/api/imports'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'
export const POST = (req: Request) => handleImport(getRuntime(), req)
