/**
 * Browser sessions: an encrypted, signed cookie (iron-session) holding the user id. Pages, API
 * routes and the Socket.IO handshake all read the same cookie.
 */
import { unsealData, type SessionOptions } from 'iron-session'
import { findUser } from './users'
import type { User } from './roles'

export const SESSION_COOKIE = 'sp_session'
export const SESSION_TTL_SECONDS = 12 * 3600

export interface SessionData {
  userId?: string
}

export function sessionOptions(password: string, secure: boolean): SessionOptions {
  return {
    password,
    cookieName: SESSION_COOKIE,
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure, path: '/' },
  }
}

/** The signed-in user behind a raw `Cookie:` header, or undefined. */
export async function userFromCookieHeader(cookieHeader: string | undefined, password: string): Promise<User | undefined> {
  const sealed = readCookie(cookieHeader, SESSION_COOKIE)
  if (!sealed) return undefined
  try {
    const data = await unsealData<SessionData>(sealed, { password, ttl: SESSION_TTL_SECONDS })
    return data.userId ? await findUser(data.userId) : undefined
  } catch {
    return undefined
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const i = part.indexOf('=')
    if (i < 0) continue
    if (part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim())
  }
  return undefined
}
