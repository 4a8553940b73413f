import { getRuntime } from '@/server/runtime'
import { handleValuePdf } from '@/server/api/reports'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleValuePdf(getRuntime(), req)
