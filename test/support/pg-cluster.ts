/**
 * Throw-away PostgreSQL clusters for tests: Debian's binaries, `initdb` into a temp folder
 * owned by the `postgres` OS user, a free port, the socket in the same folder. Only what a
 * test started is ever stopped.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

export function findPgBin(): string | undefined {
  const fromEnv = process.env.PG_BIN
  if (fromEnv && fs.existsSync(path.join(fromEnv, 'initdb'))) return fromEnv
  const root = '/usr/lib/postgresql'
  if (fs.existsSync(root)) {
    const majors = fs
      .readdirSync(root)
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a))
    for (const major of majors) {
      const bin = path.join(root, major, 'bin')
      if (fs.existsSync(path.join(bin, 'initdb'))) return bin
    }
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' })
  const initdb = which.stdout.trim()
  return initdb ? path.dirname(fs.realpathSync(initdb)) : undefined
}

const isRoot = process.getuid?.() === 0

/** Runs a PostgreSQL binary, as the postgres OS user when we are root (PostgreSQL refuses root). */
export function runPg(
  bin: string,
  args: string[],
  options: { cwd?: string; timeout?: number } = {}
): { status: number | null; stdout: string; stderr: string } {
  const command = isRoot ? 'runuser' : bin
  const argv = isRoot ? ['-u', 'postgres', '--', bin, ...args] : args
  const result = spawnSync(command, argv, {
    encoding: 'utf8',
    cwd: options.cwd ?? os.tmpdir(),
    timeout: options.timeout ?? 60_000,
    env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' }
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** A temp folder the postgres OS user can write. */
export function pgTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  fs.chmodSync(dir, 0o755)
  if (isRoot) execFileSync('chown', ['postgres:postgres', dir])
  return dir
}

/** Gives a file or tree to the postgres OS user so the server can read it. */
export function chownToPostgres(p: string): void {
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', p])
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => {
        resolve(port)
      })
    })
  })
}

export interface Cluster {
  bin: string
  dataDir: string
  socketDir: string
  port: number
  major: number
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params?: unknown[]
  ): Promise<T[]>
  stop(): Promise<void>
}

export interface ClusterOptions {
  /** Extra postgresql.conf lines appended after initdb's file. */
  conf?: string
  /** `-c name=value` options for the server's command line (they override every file). */
  serverOptions?: (base: string) => string[]
  /** Runs after initdb, before the server starts, with the cluster's temp folder. */
  prepare?: (base: string) => void
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const bin = findPgBin()
  if (!bin) throw new Error('PostgreSQL binaries not found (install Debian postgresql)')
  const base = pgTempDir('pgh-cluster-')
  const dataDir = path.join(base, 'data')
  const init = runPg(path.join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '-A',
    'trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C'
  ])
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`)
  const port = await freePort()
  const extra = [
    `port = ${port}`,
    `unix_socket_directories = '${base}'`,
    "listen_addresses = ''",
    'fsync = off',
    options.conf ?? ''
  ].join('\n')
  fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n${extra}\n`)
  options.prepare?.(base)
  chownToPostgres(base)
  const serverOptions = [
    `-c port=${port}`,
    `-c unix_socket_directories=${base}`,
    ...(options.serverOptions?.(base) ?? [])
  ]
  const start = runPg(path.join(bin, 'pg_ctl'), [
    '-D',
    dataDir,
    '-l',
    path.join(base, 'server.log'),
    '-w',
    '-t',
    '60',
    '-o',
    serverOptions.join(' '),
    'start'
  ])
  if (start.status !== 0) {
    const log = fs.existsSync(path.join(base, 'server.log'))
      ? fs.readFileSync(path.join(base, 'server.log'), 'utf8')
      : ''
    throw new Error(`pg_ctl start failed: ${start.stderr}\n${log}`)
  }
  const client = new pg.Client({ host: base, port, user: 'postgres', database: 'postgres' })
  await client.connect()
  const version = await client.query<{ server_version_num: string }>('SHOW server_version_num')
  const major = Math.floor(Number(version.rows[0]?.server_version_num) / 10000)
  let stopped = false
  return {
    bin,
    dataDir,
    socketDir: base,
    port,
    major,
    async query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]) {
      const result = await client.query<T>(sql, params)
      return result.rows
    },
    async stop() {
      if (stopped) return
      stopped = true
      await client.end().catch(() => undefined)
      runPg(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'])
      fs.rmSync(base, { recursive: true, force: true })
    }
  }
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function pgUnavailableReason(): string | undefined {
  return findPgBin() ? undefined : 'PostgreSQL binaries not found; install Debian postgresql'
}
