import { getRuntime } from '@/server/runtime'
import { handleOidcStart } from '@/server/api/oidc'

export const dynamic = 'force-dynamic'
export const GET = (req: Request) => handleOidcStart(getRuntime(), req)
