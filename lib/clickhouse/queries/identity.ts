/**
 * Local users and API keys in ClickHouse (migration 023): the latest row of each, and the appends.
 * Writers hold the thing's lock in Redis while they read and append (lib/auth/identity.ts).
 */
import { z } from 'zod'
import type { ClickHouse } from '../client'
import { defineQuery } from '../query'

const isoOf = (s: string) => `${s.replace(' ', 'T')}Z`
const chTime = z.string().transform(isoOf)

const userRow = z.object({
  id: z.string(), email: z.string(), name: z.string(), role: z.string(), regions: z.array(z.string()), locations: z.array(z.string()),
  password_hash: z.string(), disabled: z.coerce.boolean(), updated_by: z.string(), updated_at: chTime, version: z.coerce.number(),
})
export type UserRow = z.infer<typeof userRow>

/** The latest row of every local user (a handful to a few thousand rows: read whole, cached by the caller). */
export const latestUsers = defineQuery({
  name: 'identity.latest_users',
  sql: `SELECT id, email, name, role, regions, locations, password_hash, disabled, updated_by, toString(updated_at) AS updated_at, version
        FROM users ORDER BY id, version DESC LIMIT 1 BY id`,
  params: z.object({}),
  row: userRow,
})

const apiKeyRow = z.object({
  id: z.string(), name: z.string(), hash: z.string(), prefix: z.string(), scopes: z.array(z.string()), locations: z.array(z.string()),
  created_by: z.string(), created_at: chTime, revoked_at: z.string().nullable().transform((s) => (s ? isoOf(s) : null)), revoked_by: z.string(),
  version: z.coerce.number(),
})
export type ApiKeyRow = z.infer<typeof apiKeyRow>

/** The latest row of every API key, revoked ones too (the list shows them). */
export const latestApiKeys = defineQuery({
  name: 'identity.latest_api_keys',
  sql: `SELECT id, name, hash, prefix, scopes, locations, created_by, toString(created_at) AS created_at,
               if(revoked_at IS NULL, NULL, toString(revoked_at)) AS revoked_at, revoked_by, version
        FROM api_keys ORDER BY id, version DESC LIMIT 1 BY id`,
  params: z.object({}),
  row: apiKeyRow,
})

export async function appendUser(ch: ClickHouse, row: Omit<UserRow, 'updated_at'> & { updated_at: string }): Promise<void> {
  await ch.insertRows('interactive', 'users', [row], { date_time_input_format: 'best_effort' })
}

export async function appendApiKey(ch: ClickHouse, row: ApiKeyRow): Promise<void> {
  await ch.insertRows('interactive', 'api_keys', [row], { date_time_input_format: 'best_effort' })
}
