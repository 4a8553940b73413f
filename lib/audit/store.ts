// TEMP: replaced by the audit branch at merge
/**
 * The audit trail's one writer (the audit branch builds it). Here a no-op with the agreed
 * signature, so that the identity code calls it where the entries belong.
 */
import type { Redis } from 'ioredis'
import type { ClickHouse } from '@/lib/clickhouse/client'
import type { AuditEntryInput } from './types'

export interface AuditDeps {
  redis: Redis
  prefix: string
  clickhouse: ClickHouse
}

export async function recordAudit(deps: AuditDeps, entries: AuditEntryInput[]): Promise<void> {
  void deps
  void entries
}
