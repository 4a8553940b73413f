import { getRuntime } from '@/server/runtime'
import { handleIngestStatus } from '@/server/api/ingest-status'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleIngestStatus(getRuntime(), req)
