/**
 * API keys for machines. Configured as `name:secret:scope[+scope]`, comma separated (env
 * API_KEYS). Only a SHA-256 of each secret is kept in memory; a presented key is hashed and
 * compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { SCOPES, type Scope } from './roles'

export interface ApiKey {
  name: string
  scopes: Scope[]
  hash: Buffer
  /** Locations this key may read or act on; absent or empty = all (lib/auth/access.ts). */
  locations?: string[]
}

export class ApiKeyConfigError extends Error {}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest()

export function parseApiKeys(spec: string): ApiKey[] {
  const keys: ApiKey[] = []
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const parts = raw.split(':')
    if (parts.length !== 3) throw new ApiKeyConfigError(`API_KEYS entry "${parts[0]}" must be name:secret:scope[+scope]`)
    const [name, secret, scopeSpec] = parts
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new ApiKeyConfigError(`API_KEYS: bad key name "${name}"`)
    if (secret.length < 8) throw new ApiKeyConfigError(`API_KEYS: secret of "${name}" must have at least 8 characters`)
    const scopes = scopeSpec.split('+')
    for (const s of scopes) {
      if (!(SCOPES as readonly string[]).includes(s)) throw new ApiKeyConfigError(`API_KEYS: unknown scope "${s}" for "${name}" (ingest, read, actions)`)
    }
    if (keys.some((k) => k.name === name)) throw new ApiKeyConfigError(`API_KEYS: duplicate key name "${name}"`)
    keys.push({ name, scopes: scopes as Scope[], hash: hashSecret(secret) })
  }
  return keys
}

/** The key whose secret is `presented`, or undefined. Every key is compared, in constant time. */
export function findApiKey(keys: ApiKey[], presented: string): ApiKey | undefined {
  const h = hashSecret(presented)
  let match: ApiKey | undefined
  for (const k of keys) if (timingSafeEqual(k.hash, h)) match = k
  return match
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | null | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)\s*$/i)
  return m?.[1]
}
