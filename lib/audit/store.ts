// TEMP: replaced by the audit branch at merge
/**
 * Stand-in for the audit trail's one writer (the audit branch builds it): the same signature, so
 * callers in this branch compile and call it where the real one must be called. Writes nothing.
 */
import type { Redis } from 'ioredis'
import type { ClickHouse } from '@/lib/clickhouse/client'
import type { AuditEntryInput } from './types'

export interface AuditDeps {
  redis: Redis
  prefix: string
  clickhouse: ClickHouse
}

export async function recordAudit(_deps: AuditDeps, _entries: AuditEntryInput[]): Promise<void> {}
