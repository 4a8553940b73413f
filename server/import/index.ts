/**
 * CSV import, server side: `importCsv` lands a file or an upload stream of one event type.
 * Used by POST /api/v1/imports (server/api/imports.ts), the import CLI and the data-set loaders,
 * and meant for the /data page's upload (progress through `onProgress`).
 */
export { importCsv, IMPORT_MODES, type ImportMode } from './import-csv'
export type { ImportOptions, ImportProgress, ImportSummary, RowError } from './types'
export { IMPORT_TYPES, columnsOf } from '@/lib/import/mapping'
