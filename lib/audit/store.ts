// TEMP: replaced by the audit branch at merge
/**
 * The audit trail's one writer (lib/audit/types.ts). In this branch a no-op with the audit
 * branch's exported signature, so that execution can call it where it audits; the audit branch's
 * file replaces this one whole at merge.
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
