import { openApiDocument } from '@/lib/openapi'

export const dynamic = 'force-static'
export const GET = () => Response.json(openApiDocument())
