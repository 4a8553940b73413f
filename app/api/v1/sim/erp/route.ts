import { getRuntime } from '@/server/runtime'
import { handleSimErp } from '@/server/api/sim-erp'

export const dynamic = 'force-dynamic'
export const POST = (req: Request) => handleSimErp(getRuntime(), req)
