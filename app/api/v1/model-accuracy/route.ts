import { getRuntime } from '@/server/runtime'
import { handleModelAccuracy } from '@/server/api/model-accuracy'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleModelAccuracy(getRuntime(), req)
