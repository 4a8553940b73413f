import { getRuntime } from '@/server/runtime'
import { handleIngest } from '@/server/api/ingest'

export const dynamic = 'force-dynamic'
export const POST = (req: Request) => handleIngest(getRuntime(), req)
