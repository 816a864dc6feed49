/**
 * Differential test: PgBouncer itself says whether it accepts a pgbouncer.ini, and where a
 * syntax error is. Each file is started with `-u` naming a user that does not exist, so
 * PgBouncer stops right after loading its configuration ("cannot load config file" when it
 * refused it). Skipped, saying why, when no pgbouncer binary is installed.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { parsePgbouncer } from '../../src/parse/pgbouncer.js'
import { corpusAvailable, corpusDir } from '../support/corpus.js'
import { chownToPostgres, pgTempDir } from '../support/pg-cluster.js'

const BINARY = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'].find((p) =>
  fs.existsSync(p)
)
const VERSION = BINARY
  ? /PgBouncer ([0-9.]+)/.exec(spawnSync(BINARY, ['-V'], { encoding: 'utf8' }).stdout)?.[1]
  : undefined
const isRoot = process.getuid?.() === 0

/** Parameters PgBouncer 1.18 does not know yet (checked against it one by one). */
const NEWER_THAN_1_18 = new Set([
  'auth_dbname',
  'auth_ident_file',
  'auth_ldap_options',
  'cancel_wait_timeout',
  'client_tls13_ciphers',
  'login_notify_message',
  'max_db_client_connections',
  'max_prepared_statements',
  'max_user_client_connections',
  'peer_id',
  'pool_idle_timeout',
  'query_wait_notify',
  'scram_iterations',
  'server_tls13_ciphers',
  'track_extra_parameters',
  'transaction_timeout'
])

interface Verdict {
  rejected: boolean
  /** Line of a syntax error, as PgBouncer reports it. */
  syntaxLine?: number
}

function runPgbouncer(dir: string, file: string): Promise<Verdict & { output: string }> {
  const bin = BINARY ?? 'pgbouncer'
  const args = ['-u', 'pgh_no_such_user', file]
  const child = isRoot
    ? spawn('runuser', ['-u', 'postgres', '--', bin, ...args], { cwd: dir, timeout: 5000 })
    : spawn(bin, args, { cwd: dir, timeout: 5000 })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise((resolve) => {
    child.on('close', () => {
      const syntax = /syntax error in configuration \([^)]*:(\d+)\)/.exec(output)?.[1]
      resolve({
        rejected: output.includes('cannot load config file'),
        ...(syntax === undefined ? {} : { syntaxLine: Number(syntax) }),
        output
      })
    })
  })
}

/** PgBouncer stops at the first error: ours is the first error-level diagnostic, in file order. */
function ourVerdict(text: string, file: string): Verdict {
  const parsed = parsePgbouncer(text, file)
  const tooNew =
    VERSION === '1.18.0' && Object.keys(parsed.settings).some((name) => NEWER_THAN_1_18.has(name))
  const first = parsed.diagnostics.find((d) => d.level === 'error')
  const syntaxLine = first?.code === 'PGB_SYNTAX' && !tooNew ? first.location?.line : undefined
  return {
    rejected: tooNew || first !== undefined,
    ...(syntaxLine === undefined ? {} : { syntaxLine })
  }
}

/** Lines that exercise PgBouncer's reader: sections, values, keys, connection strings. */
const LINES = [
  '[pgbouncer]',
  '[databases]',
  '[users]',
  '[PgBouncer]',
  '[bogus]',
  '[pgbouncer',
  '[databases] inline = host=x',
  'listen_port = 6432',
  'listen_port=0x10',
  'listen_port = 08',
  'listen_port = 12abc',
  'unix_socket_mode = 0777',
  'auth_type = MD5',
  'auth_type = password',
  'auth_type = scram-sha-256',
  'pool_mode = Transaction',
  'query_timeout = 1.5',
  'query_timeout = -1',
  'client_tls_sslmode = VERIFY-FULL',
  'server_tls_sslmode = sometimes',
  'server_reset_query = DISCARD ALL ; not a comment',
  'Auth_Type = trust',
  'admin_users = a, b',
  'max_idle_connections = 3',
  ' ; comment',
  '\t# comment',
  '',
  '   ',
  '  listen_addr = *  ',
  '--junk',
  '= value',
  'key',
  'db1 = host=x port=5432',
  'db2 = host=x port',
  'db3 = host = x  port=1',
  "db4 = host=x connect_query='SELECT 1'",
  "db5 = host=x dbname='open",
  'pgbouncer = host=x',
  '* = host=x',
  '* = host=x bogus=1',
  'db6 = host=x sslmode=require',
  'db7 =',
  'db8 = host=x port=abc',
  'alice = pool_mode=session',
  'bob = pool_mode=bad',
  'carol = max_user_connections=3',
  'd.e-f = host=x password=secret',
  // Single-quoted keys came with a later libusual than PgBouncer 1.18's.
  ...(VERSION === '1.18.0' ? [] : ["'quoted key' = host=x"])
]

describe.runIf(BINARY !== undefined)(`PgBouncer ${VERSION ?? '(not installed)'} as oracle`, () => {
  const dir = BINARY ? pgTempDir('pgh-pgbouncer-') : ''
  let serial = 0
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  async function compare(
    text: string
  ): Promise<{ ours: Verdict; theirs: Verdict; output: string }> {
    const file = path.join(dir, `t${++serial}.ini`)
    fs.writeFileSync(file, text)
    chownToPostgres(file)
    const { output, ...theirs } = await runPgbouncer(dir, file)
    return { ours: ourVerdict(text, file), theirs, output }
  }

  it.runIf(corpusAvailable())('agrees on every real-world file', async () => {
    const corpus = corpusDir('pgbouncer.ini')
    const names = fs
      .readdirSync(corpus)
      .filter((f) => f.endsWith('.ini'))
      .sort()
    const results = await Promise.all(
      names.map(async (name) => ({
        name,
        ...(await compare(fs.readFileSync(path.join(corpus, name), 'utf8')))
      }))
    )
    const disagreements = results.filter((r) => JSON.stringify(r.ours) !== JSON.stringify(r.theirs))
    expect(disagreements.map((r) => [r.name, r.ours, r.theirs, r.output])).toEqual([])
    expect(results.filter((r) => r.theirs.rejected).length).toBeGreaterThan(0)
  })

  it('agrees on generated files, accept or refuse, and on the line of syntax errors', async () => {
    const samples = fc.sample(
      fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 10 }),
      { numRuns: 300, seed: 42 }
    )
    const texts = samples.map((lines) => `[pgbouncer]\n${lines.join('\n')}\n`)
    const results: { text: string; ours: Verdict; theirs: Verdict; output: string }[] = []
    for (let i = 0; i < texts.length; i += 20) {
      const batch = texts.slice(i, i + 20)
      results.push(
        ...(await Promise.all(batch.map(async (text) => ({ text, ...(await compare(text)) }))))
      )
    }
    const disagreements = results.filter((r) => JSON.stringify(r.ours) !== JSON.stringify(r.theirs))
    expect(disagreements.slice(0, 5).map((r) => [r.text, r.ours, r.theirs, r.output])).toEqual([])
    const refused = results.filter((r) => r.theirs.rejected).length
    expect(refused).toBeGreaterThan(50)
    expect(refused).toBeLessThan(results.length)
  }, 120_000)
})
