/**
 * The identity API's shapes (server/api/identity.ts): the bodies that create and change local
 * users and API keys, and the answers, documented from here in the OpenAPI document
 * (lib/openapi-identity.ts). No answer carries a password hash; a key's secret is answered once,
 * by the create.
 */
import { z } from 'zod'
import { ROLES, SCOPES } from './roles'

const dateTime = z.string().meta({ format: 'date-time' })
/** Region and location ids, as in the events (printable, no spaces). */
const place = z.string().min(1).max(64).regex(/^[\x21-\x7e]+$/, 'must be an id (printable ASCII, no spaces)')
const places = (what: string) => z.array(place).max(500).default([]).meta({ description: what })

export const MIN_PASSWORD = 12
const password = z.string().min(MIN_PASSWORD, `must have at least ${MIN_PASSWORD} characters`).max(256)
const displayName = z.string().trim().min(1, 'is required').max(120)

export const identityIdParam = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id (letters, digits, _ and -)').meta({ description: 'a user or API key id' })

/** POST /api/v1/api-keys. */
export const apiKeyCreate = z.object({
  name: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores'),
  scopes: z.array(z.enum(SCOPES)).min(1, 'at least one scope').max(SCOPES.length).refine((s) => new Set(s).size === s.length, 'each scope once').meta({ description: 'what the key may do: ingest, read, actions' }),
  locations: places('restrict the key to these locations; empty or absent = every location'),
})
export type ApiKeyCreate = z.infer<typeof apiKeyCreate>

export const apiKeyBody = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: 'the first characters of the secret, to tell keys apart' }),
  scopes: z.array(z.enum(SCOPES)),
  locations: z.array(z.string()).meta({ description: 'the locations the key is restricted to; empty = every location' }),
  created_by: z.string(),
  created_at: dateTime,
  last_used_at: dateTime.nullable().meta({ description: 'about when the key was last used (to the minute); null if never' }),
  revoked_at: dateTime.nullable(),
  revoked_by: z.string().nullable(),
})
export type ApiKeyBody = z.infer<typeof apiKeyBody>

export const apiKeysBody = z.object({ keys: z.array(apiKeyBody) })
export const apiKeyCreated = z.object({
  key: apiKeyBody,
  secret: z.string().meta({ description: 'the key itself, for Authorization: Bearer; shown this once and never again (only its SHA-256 is stored)' }),
})
export type ApiKeyCreated = z.infer<typeof apiKeyCreated>

/** POST /api/v1/users. */
export const userCreate = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(256)),
  name: displayName,
  role: z.enum(ROLES),
  regions: places('regions the user may see; empty with empty locations = all'),
  locations: places("locations the user may see besides their regions'"),
  password,
})
export type UserCreate = z.infer<typeof userCreate>

/** POST /api/v1/users/{id}: the fields to change; absent fields stay as they are. */
export const userUpdate = z
  .object({
    name: displayName.optional(),
    role: z.enum(ROLES).optional(),
    regions: z.array(place).max(500).optional(),
    locations: z.array(place).max(500).optional(),
    disabled: z.boolean().optional().meta({ description: 'a disabled user cannot sign in, and their sessions stop working' }),
    password: password.optional().meta({ description: 'a new password' }),
  })
  .strict()
export type UserUpdate = z.infer<typeof userUpdate>

export const userBody = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  regions: z.array(z.string()),
  locations: z.array(z.string()),
  disabled: z.boolean(),
  updated_by: z.string(),
  updated_at: dateTime,
})
export type UserBody = z.infer<typeof userBody>

export const usersBody = z.object({ users: z.array(userBody) })
