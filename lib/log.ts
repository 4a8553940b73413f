/** A small structured logger: one line per entry, level-filtered by LOG_LEVEL. */
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const
export type LogLevel = keyof typeof LEVELS

let threshold: number = LEVELS[(process.env.LOG_LEVEL as LogLevel) ?? 'info'] ?? LEVELS.info

export function setLogLevel(level: LogLevel) {
  threshold = LEVELS[level]
}

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void
  info(msg: string, data?: Record<string, unknown>): void
  warn(msg: string, data?: Record<string, unknown>): void
  error(msg: string, data?: Record<string, unknown>): void
}

export function logger(component: string): Logger {
  const write = (level: LogLevel) => (msg: string, data?: Record<string, unknown>) => {
    if (LEVELS[level] < threshold) return
    const extra = data && Object.keys(data).length ? ' ' + JSON.stringify(data) : ''
    const line = `${new Date().toISOString()} ${level.padEnd(5)} [${component}] ${msg}${extra}`
    if (level === 'error' || level === 'warn') console.error(line)
    else console.log(line)
  }
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }
}
