/**
 * The headers every response carries (server/security.ts sets them before Next.js answers).
 *
 * Content-Security-Policy: scripts only from this site or carrying the request's nonce. Next.js
 * reads the nonce back from the request's own `Content-Security-Policy` header and puts it on the
 * inline scripts it renders (its CSP guide for the app router); 'strict-dynamic' lets those
 * scripts load the chunks they need. Styles allow 'unsafe-inline': React renders `style`
 * attributes into the HTML (bars, chart sizes), which a nonce cannot cover, and a style cannot run
 * script. Development adds 'unsafe-eval' (React's dev tools need it).
 */
import { randomBytes } from 'node:crypto'

export const newNonce = () => randomBytes(16).toString('base64')

export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Every response's security headers. */
export function securityHeaders(nonce: string, dev = false): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(nonce, dev),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
  }
}
