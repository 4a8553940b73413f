import { getRuntime } from '@/server/runtime'
import { handleImport } from '@/server/api/imports'
import { IMPORTS_ROOM, JOBS_EVENT } from '@/lib/kpis/definitions'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** An upload from /data names itself (x-upload-id) so its progress can be pushed to the page (the imports room: admins only). */
export const POST = (req: Request) => {
  const rt = getRuntime()
  const uploadId = req.headers.get('x-upload-id')
  const id = uploadId && /^[\w-]{1,64}$/.test(uploadId) ? `import:${uploadId}` : undefined
  return handleImport(rt, req, {
    onProgress: id ? (p) => rt.emitter?.emit(IMPORTS_ROOM, JOBS_EVENT, { id, name: 'CSV import', ...p, at: new Date().toISOString() }) : undefined,
  })
}
