/**
 * Create a local user from the command line: the first admin of a deployment that runs with
 * DEMO_MODE=off, when nobody can sign in yet to create one on /governance.
 *
 *   printf '%s' "$PASSWORD" | npm run user:create -- --email ada@example.com --role admin [--name "Ada"] [--regions North,South] [--locations S01]
 *   STOCKPULSE_PASSWORD=... npm run user:create -- --email ada@example.com --role admin
 *
 * The password comes from STOCKPULSE_PASSWORD or standard input (never an argument: arguments
 * show in `ps` and shell history), at least 12 characters; it is stored as an argon2id hash. The
 * deployment is the one the environment names (DATA_DIR, CLICKHOUSE_URL, REDIS_URL, REDIS_PREFIX):
 * with embedded ClickHouse stop the server first (one process opens DATA_DIR at a time); with
 * CLICKHOUSE_URL running nodes see the new user at once. Exit 1 when refused, 2 on a usage error.
 */
import { parseArgs } from 'node:util'
import { loadConfig } from '@/lib/config'
import { ROLES } from '@/lib/auth/roles'
import { userCreate } from '@/lib/auth/api-schemas'
import { createUser } from '@/lib/auth/user-store'
import { createRuntime, closeRuntime } from '@/server/bootstrap'

const USAGE = `usage: npm run user:create -- --email <email> --role <${ROLES.join('|')}> [--name <name>] [--regions a,b] [--locations x,y]
the password: STOCKPULSE_PASSWORD, or standard input`

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password (at least 12 characters; it is echoed, prefer a pipe or STOCKPULSE_PASSWORD): ')
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

const list = (s?: string) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : [])

async function main(): Promise<number> {
  let args
  try {
    args = parseArgs({
      options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, regions: { type: 'string' }, locations: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }).values
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`)
    return 2
  }
  if (args.help) {
    console.log(USAGE)
    return 0
  }
  if (!args.email || !args.role) {
    console.error(USAGE)
    return 2
  }
  const password = process.env.STOCKPULSE_PASSWORD ?? (await readStdin())
  const input = userCreate.safeParse({
    email: args.email,
    name: args.name ?? args.email.split('@')[0],
    role: args.role,
    regions: list(args.regions),
    locations: list(args.locations),
    password,
  })
  if (!input.success) {
    for (const i of input.error.issues) console.error(`${i.path.join('.')}: ${i.message}`)
    return 2
  }
  const rt = await createRuntime(loadConfig({ ...process.env, SIMULATOR: 'off' }))
  try {
    const user = await createUser(rt.identity, input.data, { kind: 'system', id: 'cli', name: 'npm run user:create' })
    if (user === 'taken') {
      console.error(`a user with the email ${input.data.email} exists: change them on /governance`)
      return 1
    }
    if (user === 'busy') {
      console.error('someone else is creating this user right now; try again')
      return 1
    }
    console.log(`created ${user.role} ${user.email} (${user.id})`)
    return 0
  } finally {
    await closeRuntime(rt)
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err))
    process.exit(1)
  },
)
