/**
 * Differential test: our postgresql.conf reading against PostgreSQL 15's own, on the real-world
 * corpus and on generated files. One server runs with its config_file behind a symbolic link,
 * so pg_file_settings (which re-reads the files on every query) shows PostgreSQL's parse of
 * each case; `postgres -C name -c config_file=FILE` shows whether PostgreSQL would start with
 * the file, what it complains about, and each effective value.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { corpusDir } from '../support/corpus.js'
import { collectConfTree } from '../../src/collect/conf-tree.js'
import { RootFs } from '../../src/collect/root-fs.js'
import { buildSettings } from '../../src/facts/build-settings.js'
import type { Diagnostic } from '../../src/facts/location.js'
import { formatG } from '../../src/facts/normalize-setting.js'
import { findParameter, parameterCatalog } from '../../src/facts/parameters.js'
import type { Setting } from '../../src/facts/types.js'
import { type Cluster, pgUnavailableReason, startCluster } from '../support/pg-cluster.js'

const CORPUS = corpusDir('postgresql.conf')
// CONF_ORACLE_SEED and CONF_ORACLE_CASES explore further than the default run.
const GENERATED = Number(process.env.CONF_ORACLE_CASES ?? 300)
const SEED = Number(process.env.CONF_ORACLE_SEED ?? 20151)
const PARALLEL = 4

const unavailable = pgUnavailableReason()
const catalog = parameterCatalog(15)

interface Case {
  name: string
  files: Record<string, Uint8Array>
}

interface Outcome {
  agree: boolean
  /** Why PostgreSQL here disagrees for reasons outside the files (a missing locale). */
  environment?: string
  /** The phase PostgreSQL stopped at: syntax and includes, parameter names, or values. */
  rejectedAt?: 'syntax' | 'name' | 'value'
  accepted: boolean
  checkedValues: number
  problems: string[]
}

describe.skipIf(unavailable !== undefined)(
  `postgresql.conf against PostgreSQL's parser${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let server: OracleServer

    beforeAll(async () => {
      server = await OracleServer.start()
    })

    afterAll(async () => {
      await server.stop()
    })

    it.skipIf(!fs.existsSync(CORPUS))(
      `agrees on every real-world file, apart from environment differences${fs.existsSync(CORPUS) ? '' : ` (skipped: no corpus at ${CORPUS})`}`,
      async () => {
        const names = fs
          .readdirSync(CORPUS)
          .filter((f) => f.endsWith('.conf'))
          .sort()
        const cases = names.map((name) => ({
          name,
          files: { 'postgresql.conf': fs.readFileSync(path.join(CORPUS, name)) }
        }))
        const before = server.processes
        const outcomes = await server.compareAll(cases)
        report('corpus files', cases, outcomes, server.processes - before)
        expect(names.length).toBeGreaterThanOrEqual(100)
        expect(disagreements(cases, outcomes)).toEqual([])
      },
      120_000
    )

    it('agrees on generated files', async () => {
      const random = mulberry32(SEED)
      const cases = Array.from({ length: GENERATED }, (_, i) => generateCase(`gen-${i}`, random))
      const before = server.processes
      const outcomes = await server.compareAll(cases)
      report('generated', cases, outcomes, server.processes - before)
      expect(outcomes.filter((o) => o.accepted).length).toBeGreaterThan(GENERATED / 4)
      expect(outcomes.filter((o) => !o.accepted).length).toBeGreaterThan(GENERATED / 10)
      expect(disagreements(cases, outcomes)).toEqual([])
    }, 120_000)
  }
)

function report(label: string, cases: Case[], outcomes: Outcome[], processes: number): void {
  const agree = outcomes.filter((o) => o.agree).length
  const environment = outcomes.filter((o) => !o.agree && o.environment)
  const reasons = [...new Set(environment.map((o) => o.environment))].join(', ')
  const accepted = outcomes.filter((o) => o.accepted).length
  const rejected = (phase: Outcome['rejectedAt']): number =>
    outcomes.filter((o) => o.rejectedAt === phase).length
  const values = outcomes.reduce((n, o) => n + o.checkedValues, 0)
  const lines = [
    `conf oracle: ${agree}/${cases.length} ${label} agree` +
      (environment.length ? `, ${environment.length} environment differences (${reasons})` : ''),
    `  PostgreSQL accepted ${accepted}, rejected ${cases.length - accepted} ` +
      `(syntax or include errors ${rejected('syntax')}, unknown parameters (e.g. of other major versions) ${rejected('name')}, ` +
      `invalid values ${rejected('value')}); ` +
      `${values} effective values compared with postgres -C ` +
      `(${processes} runs: a parameter/value pair seen before is not asked again)`
  ]
  for (const [i, o] of outcomes.entries()) {
    if (!o.agree)
      lines.push(
        `  ${cases[i]?.name ?? i}: ${o.environment ?? 'DISAGREES'}: ${o.problems.join('; ')}`
      )
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}

function disagreements(cases: Case[], outcomes: Outcome[]): string[] {
  return outcomes.flatMap((o, i) =>
    o.agree || o.environment ? [] : [`${cases[i]?.name ?? i}: ${o.problems.join('; ')}`]
  )
}

// ---------------------------------------------------------------------------------------------
// The server and the comparison.

interface PgMessage {
  severity: string
  /** With DETAIL and HINT. */
  text: string
  /** The message alone. */
  main: string
}

class OracleServer {
  private caseCount = 0
  private readonly shown = new Map<string, Promise<RunResult>>()
  /** `postgres -C` runs for effective values, for the report. */
  processes = 0

  private constructor(private readonly cluster: Cluster) {}

  private get base(): string {
    return this.cluster.socketDir
  }

  static async start(): Promise<OracleServer> {
    const cluster = await startCluster({
      prepare: (base) => {
        const seed = path.join(base, 'cases', 'seed')
        fs.mkdirSync(seed, { recursive: true })
        fs.writeFileSync(path.join(seed, 'postgresql.conf'), '')
        fs.symlinkSync(seed, path.join(base, 'current'))
      },
      // The server takes its own settings from the command line, so the config file it points
      // at can be swapped for every case: pg_file_settings re-reads it on each query.
      serverOptions: (base) => [
        `-c config_file=${path.join(base, 'current', 'postgresql.conf')}`,
        '-c listen_addresses=',
        '-c fsync=off'
      ]
    })
    return new OracleServer(cluster)
  }

  async stop(): Promise<void> {
    await this.cluster.stop()
  }

  /** pg_file_settings one case at a time (it follows the link), then `postgres -C` in parallel. */
  async compareAll(cases: Case[]): Promise<Outcome[]> {
    const prepared: Prepared[] = []
    for (const c of cases) prepared.push(await this.prepare(c))
    const outcomes: Outcome[] = new Array<Outcome>(cases.length)
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < prepared.length) {
        const i = next++
        const p = prepared[i]
        if (p) outcomes[i] = await this.judge(p)
      }
    }
    await Promise.all(Array.from({ length: PARALLEL }, worker))
    return outcomes
  }

  private async prepare(c: Case): Promise<Prepared> {
    const dir = path.join(this.base, 'cases', String(this.caseCount++))
    for (const [name, content] of Object.entries(c.files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
      fs.writeFileSync(path.join(dir, name), content)
    }
    const root = RootFs.open(dir)
    if (!root.ok) throw new Error(root.problem.message)
    const tree = collectConfTree(root.value, 'postgresql.conf')
    const built = buildSettings(tree, catalog)
    const current = path.join(this.base, 'current')
    const link = `${current}.next`
    fs.symlinkSync(dir, link)
    fs.renameSync(link, current)
    const rows = await this.cluster.query<FileSettingRow>(
      'SELECT sourcefile, sourceline, seqno, name, setting, error FROM pg_file_settings ORDER BY seqno'
    )
    const prefix = `${current}/`
    return {
      dir,
      files: c.files,
      tree,
      settings: built.settings,
      diagnostics: [...tree.diagnostics, ...built.diagnostics],
      rows: rows
        .filter((r) => r.sourcefile?.startsWith(prefix) ?? r.sourcefile === null)
        .map((r) => ({ ...r, sourcefile: r.sourcefile?.slice(prefix.length) ?? null }))
    }
  }

  private async judge(p: Prepared): Promise<Outcome> {
    const problems: string[] = []
    const outcome: Outcome = {
      agree: false,
      accepted: false,
      checkedValues: 0,
      problems
    }
    const configFile = path.join(p.dir, 'postgresql.conf')
    const first = await this.show('port', configFile)
    const messages = parseLog(first.stderr, `${p.dir}/`)
    outcome.accepted = first.status === 0

    const errors = p.diagnostics.filter((d) => d.level === 'error')
    const warnings = p.diagnostics.filter((d) => d.level === 'warning')
    if (warnings.length)
      problems.push(`unexpected warnings: ${warnings.map((d) => d.message).join(', ')}`)
    const syntaxPhase = errors.filter(
      (d) => d.code !== 'CONF_UNKNOWN_PARAMETER' && d.code !== 'CONF_INVALID_VALUE'
    )
    const namePhase = errors.filter((d) => d.code === 'CONF_UNKNOWN_PARAMETER')
    const valuePhase = errors.filter((d) => d.code === 'CONF_INVALID_VALUE')

    // PostgreSQL reports the phases in turn and stops at the first that fails.
    const pgSyntax = messages.flatMap((m) => {
      const hit = /^syntax error in file "(.*)" line (\d+), near /.exec(m.text)
      return hit ? [`${hit[1] ?? ''}:${hit[2] ?? ''}`] : []
    })
    const pgInclude = messages.filter((m) => INCLUDE_ERROR.test(m.text)).length
    if (!outcome.accepted) {
      const unknownName = messages.some((m) =>
        m.text.startsWith('unrecognized configuration parameter')
      )
      outcome.rejectedAt = pgSyntax.length || pgInclude ? 'syntax' : unknownName ? 'name' : 'value'
    }
    if (syntaxPhase.length || pgSyntax.length || pgInclude) {
      sameSet(
        'syntax error lines',
        syntaxPhase.filter((d) => d.code === 'CONF_SYNTAX').map((d) => pgSyntaxLine(d, p.files)),
        pgSyntax,
        problems
      )
      const ours = syntaxPhase.filter((d) => d.code.startsWith('INCLUDE_')).length
      if (ours !== pgInclude) problems.push(`include errors: ours ${ours}, PostgreSQL ${pgInclude}`)
      const pgRows = p.rows.filter((r) => r.name === null && r.error !== 'syntax error')
      const ourLines = syntaxPhase.map((d) => at(d))
      for (const r of pgRows) {
        if (!ourLines.includes(`${r.sourcefile ?? ''}:${r.sourceline}`)) {
          problems.push(
            `PostgreSQL error row without ours: ${r.sourcefile ?? ''}:${r.sourceline} ${r.error ?? ''}`
          )
        }
      }
    } else {
      compareRows(p, problems)
      const pgUnknown = messages.flatMap((m) => {
        const hit = /^unrecognized configuration parameter ".*" in file "(.*)" line (\d+)$/.exec(
          m.text
        )
        return hit ? [`${hit[1] ?? ''}:${hit[2] ?? ''}`] : []
      })
      sameSet('unknown parameter lines', namePhase.map(at), pgUnknown, problems)
      if (!namePhase.length && !pgUnknown.length) {
        const pgValues = messages.filter((m) => m.severity === 'LOG' && !NOISE.test(m.text))
        // log_error_verbosity = terse earlier in the file drops DETAIL and HINT from the log.
        const terse = 'log_error_verbosity' in p.settings
        const unmatched = matchMessages(valuePhase, pgValues, terse)
        const env = environmentOnly(unmatched)
        if (env) outcome.environment = env
        else if (unmatched.ours.length || unmatched.theirs.length) {
          problems.push(
            `invalid values: ours ${JSON.stringify(unmatched.ours)}, PostgreSQL ${JSON.stringify(unmatched.theirs)}`
          )
        }
      }
    }
    if (outcome.accepted !== (errors.length === 0) && !outcome.environment) {
      problems.push(
        `PostgreSQL ${outcome.accepted ? 'accepts' : 'rejects'} the file, we found ${errors.length} errors`
      )
    }

    if (outcome.accepted && !errors.length) {
      for (const [key, setting] of Object.entries(p.settings)) {
        const shown = await this.showValue(key, setting.raw, configFile)
        outcome.checkedValues++
        const expected = shown.stdout.replace(/\n$/, '')
        const ours = display(setting)
        if (shown.status !== 0 || expected !== ours) {
          problems.push(
            `${key}: postgres -C says ${JSON.stringify(expected)}, we say ${JSON.stringify(ours)}`
          )
        }
      }
    }
    outcome.agree = problems.length === 0 && !outcome.environment
    return outcome
  }

  /**
   * An effective value depends on the parameter and its last raw value only, so PostgreSQL is
   * asked once per pair: in the first accepted file that has it.
   */
  private showValue(key: string, raw: string, configFile: string): Promise<RunResult> {
    const id = `${key}\0${raw}`
    let shown = this.shown.get(id)
    if (!shown) {
      shown = this.show(key, configFile)
      this.shown.set(id, shown)
      this.processes++
    }
    return shown
  }

  /** `postgres -C name`, as the postgres OS user. */
  private show(name: string, configFile: string): Promise<RunResult> {
    return run(path.join(this.cluster.bin, 'postgres'), [
      '-C',
      name,
      '-c',
      `config_file=${configFile}`,
      '-D',
      this.cluster.dataDir
    ])
  }
}

interface RunResult {
  status: number | null
  stdout: string
  stderr: string
}

interface FileSettingRow {
  sourcefile: string | null
  sourceline: number
  seqno: number
  name: string | null
  setting: string | null
  error: string | null
}

interface Prepared {
  dir: string
  files: Record<string, Uint8Array>
  tree: ReturnType<typeof collectConfTree>
  settings: Record<string, Setting>
  diagnostics: Diagnostic[]
  rows: FileSettingRow[]
}

const INCLUDE_ERROR =
  /^(could not open configuration (file|directory)|configuration file recursion|empty configuration (file|directory) name|could not stat file)/
const NOISE = /^(skipping missing configuration file|configuration file ".*" contains errors)/

/** pg_file_settings lists every assignment in processing order, spelled as written. */
function compareRows(p: Prepared, problems: string[]): void {
  const pg = p.rows
    .filter((r) => r.name !== null)
    .map(
      (r) => `${r.sourcefile ?? ''}:${r.sourceline} ${r.name ?? ''}=${JSON.stringify(r.setting)}`
    )
  const ours = p.tree.assignments.map(
    (a) => `${a.location.file}:${a.location.line} ${a.written}=${JSON.stringify(a.value)}`
  )
  if (pg.join('\n') !== ours.join('\n')) {
    const i = pg.findIndex((row, n) => row !== ours[n])
    const at = i < 0 ? Math.min(pg.length, ours.length) : i
    problems.push(
      `assignments differ at #${at + 1}: PostgreSQL ${pg[at] ?? '(none)'}, ours ${ours[at] ?? '(none)'}`
    )
  }
}

/**
 * PostgreSQL numbers an error at the end of a file without a final newline one line too low;
 * we report the true line.
 */
function pgSyntaxLine(d: Diagnostic, files: Record<string, Uint8Array>): string {
  const { file = '', line = 0 } = d.location ?? {}
  const bytes = files[file]
  const lines = bytes ? Buffer.from(bytes).toString('latin1').split('\n').length : 0
  const lastLine = bytes !== undefined && bytes.at(-1) !== 0x0a && line === lines
  const eof = lastLine && d.message.endsWith('near end of line')
  return `${file}:${eof ? line - 1 : line}`
}

/** Pairs our value errors with PostgreSQL's messages; answers what is left on each side. */
function matchMessages(
  ours: Diagnostic[],
  theirs: PgMessage[],
  terse: boolean
): { ours: string[]; theirs: string[] } {
  const left = [...theirs]
  const unmatched: string[] = []
  for (const d of ours) {
    const i = left.findIndex(
      (m) =>
        m.text === d.message || (terse && m.text === m.main && d.message.startsWith(`${m.main} `))
    )
    if (i < 0) unmatched.push(d.message)
    else left.splice(i, 1)
  }
  return { ours: unmatched, theirs: left.map((m) => m.text) }
}

/** PostgreSQL rejects only values that depend on this machine: locales and time zones. */
function environmentOnly(unmatched: { ours: string[]; theirs: string[] }): string | undefined {
  if (unmatched.ours.length || !unmatched.theirs.length) return undefined
  const reasons = new Set<string>()
  for (const m of unmatched.theirs) {
    if (/^invalid value for parameter "lc_(messages|monetary|numeric|time)"/i.test(m)) {
      reasons.add('locale not installed')
    } else if (/^invalid value for parameter "(timezone|log_timezone)"/i.test(m)) {
      reasons.add('time zone unknown here')
    } else return undefined
  }
  return [...reasons].join(', ')
}

function at(d: Diagnostic): string {
  return `${d.location?.file ?? ''}:${d.location?.line ?? 0}`
}

function sameSet(what: string, ours: string[], theirs: string[], problems: string[]): void {
  const a = [...ours].sort()
  const b = [...theirs].sort()
  if (a.join('\n') !== b.join('\n')) {
    problems.push(`${what}: ours ${JSON.stringify(a)}, PostgreSQL ${JSON.stringify(b)}`)
  }
}

/** A value as `postgres -C` prints it. */
function display(setting: Setting): string {
  const { value } = setting
  if (typeof value === 'boolean') return value ? 'on' : 'off'
  if (typeof value === 'number') return setting.type === 'real' ? formatG(value) : String(value)
  return value
}

/**
 * Log lines of a failed start: `LOG:  text`, a value's own newlines continuing it, DETAIL and
 * HINT lines folded in (unless an earlier line of the file set log_error_verbosity = terse).
 */
function parseLog(stderr: string, dirPrefix: string): PgMessage[] {
  const messages: PgMessage[] = []
  let folded = false
  for (const line of stderr.replace(/\n$/, '').split('\n')) {
    // A file's log_line_prefix may end right before the tag, or hold newlines of its own.
    const hit = /(LOG|FATAL|WARNING|DETAIL|HINT|LOCATION): {2}(?:[0-9A-Z]{5}: )?(.*)$/.exec(line)
    const last = messages.at(-1)
    if (!hit) {
      // The server log indents the lines after a newline in a message with a tab.
      if (last && line.startsWith('\t')) last.text += `\n${line.slice(1)}`
      if (last && !folded) last.main = last.text
      continue
    }
    const severity = hit[1] ?? ''
    const text = (hit[2] ?? '').split(dirPrefix).join('')
    if (severity === 'LOCATION') continue
    if ((severity === 'DETAIL' || severity === 'HINT') && last) {
      last.text += ` ${text}`
      folded = true
    } else {
      messages.push({ severity, text, main: text })
      folded = false
    }
  }
  return messages
}

const postgresIds = ((): { uid: number; gid: number } | undefined => {
  if (process.getuid?.() !== 0) return undefined
  const id = (flag: string): number =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout)
  return { uid: id('-u'), gid: id('-g') }
})()

/** Like runPg, but asynchronous so several run at once (PostgreSQL refuses to run as root). */
function run(bin: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      ...(postgresIds ?? {}),
      cwd: '/tmp',
      env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' }
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
    child.on('error', reject)
    child.on('close', (status) => {
      resolve({ status, stdout, stderr })
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Generated files: random quoting, escapes, units, case, duplicates, includes, comments, CR/LF.

type Random = () => number

function mulberry32(seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)]
  if (item === undefined) throw new Error('empty choice')
  return item
}

const INTEGER_PARAMETERS = [
  'work_mem',
  'maintenance_work_mem',
  'shared_buffers',
  'effective_cache_size',
  'statement_timeout',
  'lock_timeout',
  'log_rotation_age',
  'log_rotation_size',
  'tcp_keepalives_idle',
  'checkpoint_timeout',
  'max_wal_size',
  'log_temp_files',
  'temp_file_limit',
  'log_min_duration_statement',
  'max_connections',
  'log_file_mode',
  'unix_socket_permissions',
  'authentication_timeout',
  'log_parameter_max_length'
]
const REAL_PARAMETERS = [
  'random_page_cost',
  'seq_page_cost',
  'cpu_tuple_cost',
  'checkpoint_completion_target',
  'autovacuum_vacuum_scale_factor',
  'vacuum_cost_delay',
  'hash_mem_multiplier',
  'geqo_selection_bias'
]
const BOOL_PARAMETERS = [
  'ssl',
  'fsync',
  'log_connections',
  'log_disconnections',
  'logging_collector',
  'autovacuum'
]
const ENUM_PARAMETERS = [
  'wal_level',
  'password_encryption',
  'ssl_min_protocol_version',
  'huge_pages',
  'synchronous_commit',
  'wal_compression',
  'log_statement',
  'client_min_messages',
  'log_error_verbosity',
  'default_transaction_isolation',
  'archive_mode',
  'constraint_exclusion'
]
const STRING_VALUES: Record<string, string[]> = {
  listen_addresses: ['*', 'localhost', '', '10.0.0.1, ::1', 'a,,b'],
  shared_preload_libraries: [
    'pg_stat_statements',
    'pg_stat_statements, "Foo Bar"',
    '$libdir/passwordcheck',
    '"x'
  ],
  search_path: ['"$user", public', 'a,,b', 'Public, "Mixed Case"'],
  log_line_prefix: ['%m [%p] ', '%t:%r:%u@%d:[%p]: ', "%a''%q"],
  ssl_ciphers: ['HIGH:MEDIUM:+3DES:!aNULL', 'HIGH:!aNULL:!MD5'],
  datestyle: [
    'iso, mdy',
    'ISO, DMY',
    'european',
    'German',
    'sql, ymd',
    'iso, sql',
    'bogus',
    'postgres,us'
  ],
  log_destination: [
    'stderr',
    'csvlog',
    'stderr,csvlog',
    'Stderr, JSONLOG',
    'stderr,bogus',
    '"stderr"'
  ],
  application_name: ['psql', 'hé ✓', 'x'.repeat(70)],
  cluster_name: ['main', 'prod-ü'],
  archive_command: ['cp %p /archive/%f', 'test ! -f /a/%f && cp %p /a/%f'],
  unix_socket_directories: ['/var/run/postgresql', '/tmp/, /var/run/postgresql//'],
  timezone: ['UTC', 'Europe/Prague'],
  default_text_search_config: ['pg_catalog.english'],
  temp_tablespaces: ['', 'a, b', '"x'],
  'pgaudit.log': ['ddl, write', 'all'],
  'myext.flag': ['on', ''],
  'a.b': ['1', 'x y']
}

const MEMORY_UNITS = ['kB', 'MB', 'GB', 'TB', 'B']
const TIME_UNITS = ['ms', 's', 'min', 'h', 'd', 'us']
const WRONG_UNITS = ['mb', 'Kb', 'XB', 'k', 'sec', 'MS']
const TYPICAL: Record<string, string[]> = {
  memory: [
    '64kB',
    '1MB',
    '4MB',
    '16MB',
    '128MB',
    '1GB',
    '1.5MB',
    '0.5GB',
    '2048',
    '4096kB',
    '1 MB',
    '0x1000'
  ],
  time: ['1s', '30s', '5min', '1h', '1d', '100ms', '1500', '0.5s', '2min', '90s', '1000us', '0'],
  count: ['100', '0640', '0777', '20', '0x40', '0600', '384'],
  real: ['1.5', '2', '0.9', '1.75', '1e0', '0.5', '4', '.25', '0x1']
}

/** Mostly numbers PostgreSQL takes for the parameter, sometimes ones it refuses. */
function numberLiteral(random: Random, name: string): string {
  const spec = findParameter(catalog, name)
  if (random() < 0.6) {
    const unit = spec?.unit ?? (spec?.type === 'real' ? 'real' : '')
    return pick(
      random,
      TYPICAL[
        unit.endsWith('B') ? 'memory' : unit === '' ? 'count' : unit === 'real' ? 'real' : 'time'
      ] ?? ['1']
    )
  }
  const base = pick(random, [
    String(Math.floor(random() * 5000)),
    String(Math.floor(random() * 100)),
    String(64 + Math.floor(random() * 100000)),
    `${Math.floor(random() * 100)}.${Math.floor(random() * 100)}`,
    `0x${(64 + Math.floor(random() * 4096)).toString(16)}`,
    `0${(64 + Math.floor(random() * 448)).toString(8)}`,
    `.${Math.floor(random() * 10)}`,
    `${1 + Math.floor(random() * 9)}e${Math.floor(random() * 4)}`,
    `-${Math.floor(random() * 3)}`,
    pick(random, ['99999999999', 'inf', '1e-320', '08', '0x'])
  ])
  const unit = spec?.unit
  if (unit === undefined || random() < 0.3) return base
  const family = unit.endsWith('B') ? MEMORY_UNITS : TIME_UNITS
  const suffix =
    random() < 0.9
      ? pick(random, family)
      : pick(random, [...WRONG_UNITS, ...TIME_UNITS, ...MEMORY_UNITS])
  return `${base}${random() < 0.2 ? ' ' : ''}${suffix}`
}

function boolLiteral(random: Random): string {
  if (random() < 0.05) return pick(random, ['o', 'maybe', 'offf', ''])
  return pick(random, [
    'on',
    'off',
    'true',
    'false',
    'yes',
    'no',
    '1',
    '0',
    'ON',
    'Off',
    'tr',
    'fa',
    'y',
    'n',
    'of'
  ])
}

function enumLiteral(random: Random, name: string): string {
  const spec = findParameter(catalog, name)
  const values = [...(spec?.enumvals ?? []), ...Object.keys(spec?.enum_aliases ?? {})]
  const value = random() < 0.05 ? 'bogus' : pick(random, values)
  return random() < 0.3 ? value.toUpperCase() : value
}

/** The value as it appears in the file: bare when it is one token, else quoted with escapes. */
function written(random: Random, value: string): string {
  const bare =
    /^([A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff\-.:/]*|[-+]?(\d+|0x[0-9a-fA-F]+)[A-Za-z]*|[-+]?\d*\.\d*)$/.test(
      value
    )
  if (bare && random() < 0.6) return value
  let out = "'"
  for (const ch of value) {
    if (ch === "'") out += random() < 0.5 ? "''" : "\\'"
    else if (ch === '\\') out += '\\\\'
    else if (random() < 0.04)
      out += `\\${(ch.codePointAt(0) ?? 0).toString(8).padStart(3, '0').slice(-3)}`
    else out += ch
  }
  if (random() < 0.1)
    out += pick(random, ['\\n', '\\t', '\\q', '\\101', '\\0tail', '\\351', '\\777x', '\\3'])
  return `${out}'`
}

function nameCase(random: Random, name: string): string {
  if (random() > 0.2) return name
  return [...name].map((c) => (random() < 0.5 ? c.toUpperCase() : c)).join('')
}

function assignmentLine(random: Random, used: string[]): string {
  const kind = random()
  let name: string
  let value: string
  if (used.length && random() < 0.25) {
    name = pick(random, used)
  } else if (kind < 0.3) {
    name = pick(random, INTEGER_PARAMETERS)
  } else if (kind < 0.42) {
    name = pick(random, REAL_PARAMETERS)
  } else if (kind < 0.57) {
    name = pick(random, BOOL_PARAMETERS)
  } else if (kind < 0.75) {
    name = pick(random, ENUM_PARAMETERS)
  } else if (kind < 0.96) {
    name = pick(random, Object.keys(STRING_VALUES))
  } else {
    name = pick(random, [
      'not_a_parameter',
      'max_fsm_pages',
      'sort_mem',
      'vacuum_mem',
      'block_size',
      'seed'
    ])
  }
  used.push(name)
  if (
    [...INTEGER_PARAMETERS, ...REAL_PARAMETERS, 'sort_mem', 'vacuum_mem', 'seed'].includes(name)
  ) {
    value = numberLiteral(random, name)
  } else if (BOOL_PARAMETERS.includes(name)) {
    value = boolLiteral(random)
  } else if (ENUM_PARAMETERS.includes(name)) {
    value = enumLiteral(random, name)
  } else {
    value = pick(random, STRING_VALUES[name] ?? ['1', '8192'])
  }
  const separator = pick(random, [' = ', '=', ' ', '\t=\t', '  =  '])
  const comment = pick(random, ['', '', ' # note', '\t# é ✓', '   '])
  return `${random() < 0.1 ? '  ' : ''}${nameCase(random, name)}${separator}${written(random, value)}${comment}`
}

function fileText(random: Random, lines: string[]): Uint8Array {
  const eol = random() < 0.2 ? '\r\n' : '\n'
  const body = lines.join(eol) + (random() < 0.15 ? '' : eol)
  const bytes = Buffer.from(random() < 0.03 ? `\ufeff${body}` : body, 'utf8')
  if (random() < 0.1)
    return Buffer.concat([Buffer.from('# latin-1 comment: caf\xe9\n', 'latin1'), bytes])
  return bytes
}

function randomLines(random: Random, count: number, used: string[]): string[] {
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    const r = random()
    if (r < 0.1) lines.push(pick(random, ['', '# comment', '#', '   # ünïcode ✓', '\t']))
    else if (r < 0.12) {
      lines.push(
        pick(random, [
          'bad line here',
          '= 1',
          "x = 'unterminated",
          'work_mem = 1 2',
          'log_min_duration_statement = 1.5s',
          'x.y.z = 1',
          'include = c.conf'
        ])
      )
    } else lines.push(assignmentLine(random, used))
  }
  return lines
}

function generateCase(name: string, random: Random): Case {
  const used: string[] = []
  const files: Record<string, Uint8Array> = {}
  const main = randomLines(random, 2 + Math.floor(random() * 7), used)
  if (random() < 0.3) {
    const where = Math.floor(random() * (main.length + 1))
    const include = random()
    if (include < 0.35) {
      main.splice(where, 0, "include 'inc.conf'")
      files['inc.conf'] = fileText(random, randomLines(random, 1 + Math.floor(random() * 4), used))
    } else if (include < 0.75) {
      main.splice(
        where,
        0,
        pick(random, ["include_dir 'conf.d'", 'include_dir conf.d/', "INCLUDE_DIR 'conf.d'"])
      )
      const count = 1 + Math.floor(random() * 3)
      for (let i = 0; i < count; i++) {
        const file = pick(random, [
          '00-a.conf',
          '10-b.conf',
          'B.conf',
          'a.conf',
          '.hidden.conf',
          'x.txt',
          'é.conf'
        ])
        files[`conf.d/${file}`] = fileText(
          random,
          randomLines(random, 1 + Math.floor(random() * 3), used)
        )
      }
    } else {
      main.splice(where, 0, "include_if_exists 'maybe.conf'")
      if (random() < 0.5) files['maybe.conf'] = fileText(random, randomLines(random, 2, used))
    }
  }
  files['postgresql.conf'] = fileText(random, main)
  return { name, files }
}
