/**
 * Demo users' password is printed on the sign-in page: a demo server must not reach a network by
 * accident. Bound beyond loopback, the server starts in demo mode only when DEMO_MODE=on was set
 * explicitly (the default is on, for the two-command demo on this machine).
 */
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]'])

export const isLoopbackHost = (host: string) => LOOPBACK.has(host.trim().toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host.trim())

/** Why the server must not start (one line), or undefined. `demoModeEnv` is DEMO_MODE as set in the environment, if at all. */
export function demoModeRefusal(host: string, demoMode: boolean, demoModeEnv: string | undefined): string | undefined {
  if (!demoMode || isLoopbackHost(host)) return undefined
  const explicit = demoModeEnv !== undefined && ['on', 'true', '1'].includes(demoModeEnv.trim().toLowerCase())
  if (explicit) return undefined
  return `refusing to start: HOST=${host} reaches beyond this machine and demo mode is on by default (demo users' password is public); set DEMO_MODE=off, or DEMO_MODE=on to expose the demo deliberately, or HOST=127.0.0.1`
}
