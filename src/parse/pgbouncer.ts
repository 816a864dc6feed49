/**
 * pgbouncer.ini read the way PgBouncer reads it (libusual's parse_ini_file and PgBouncer's
 * loader.c): a character scanner, not a line splitter. Blanks and empty lines are skipped
 * before anything; `#` and `;` start a comment only there (later in a line they are part of
 * the value); `[name]` opens a section; a key is letters, digits and `_.-*` (or anything
 * between single quotes), then `=`, then the value runs to the end of the line with trailing
 * whitespace removed. Section and parameter names are compared case-sensitively; enumerated
 * values case-insensitively. `%include path` reads another file in place, with the current
 * section carried into it and out of it.
 *
 * PgBouncer stops at the first error and refuses the whole file; this parser reports the error
 * and reads on, so the rest of the file is still checked.
 */
import { at, type Diagnostic, type DiagnosticLevel, type Location } from '../facts/location.js'
import type {
  PgbouncerDatabase,
  PgbouncerInclude,
  PgbouncerParameterType,
  PgbouncerPeer,
  PgbouncerSetting,
  PgbouncerUser,
  PgbouncerUserlistEntry,
  UserlistSecret
} from '../facts/source-types.js'

export interface PgbouncerParameter {
  type: PgbouncerParameterType
  /** PgBouncer's compiled-in default, as text; absent when the parameter has none. */
  default?: string
  /** Accepted keywords of an `enum` parameter. */
  values?: readonly string[]
}

const SSLMODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const
export const PGBOUNCER_AUTH_TYPES = [
  'any',
  'trust',
  'plain',
  'md5',
  'cert',
  'hba',
  'ldap',
  'pam',
  'scram-sha-256'
] as const

const POOL_MODES: readonly string[] = ['session', 'transaction', 'statement']

const int = (d?: string): PgbouncerParameter =>
  d === undefined ? { type: 'int' } : { type: 'int', default: d }
const seconds = (d: string): PgbouncerParameter => ({ type: 'seconds', default: d })
const str = (d?: string): PgbouncerParameter =>
  d === undefined ? { type: 'string' } : { type: 'string', default: d }
const list = (d: string): PgbouncerParameter => ({ type: 'list', default: d })
const oneOf = (d: string, values: readonly string[]): PgbouncerParameter => ({
  type: 'enum',
  default: d,
  values
})

/**
 * Every `[pgbouncer]` parameter of PgBouncer up to 1.25, with its type and default (from the
 * parameter table of src/main.c and doc/config.md). A name not listed makes PgBouncer refuse
 * the file. Parameters without a default keep their value when a `[pgbouncer]` section is
 * opened again; the others are reset.
 */
export const PGBOUNCER_PARAMETERS: ReadonlyMap<string, PgbouncerParameter> = new Map([
  ['admin_users', list('')],
  ['application_name_add_host', int('0')],
  ['auth_dbname', str()],
  ['auth_file', str()],
  ['auth_hba_file', str('')],
  ['auth_ident_file', str('')],
  ['auth_ldap_options', str('')],
  [
    'auth_query',
    str(
      'SELECT rolname, CASE WHEN rolvaliduntil < now() THEN NULL ELSE rolpassword END FROM pg_authid WHERE rolname=$1 AND rolcanlogin'
    )
  ],
  ['auth_type', oneOf('md5', PGBOUNCER_AUTH_TYPES)],
  ['auth_user', str()],
  ['autodb_idle_timeout', seconds('3600')],
  ['cancel_wait_timeout', seconds('10')],
  ['client_idle_timeout', seconds('0')],
  ['client_login_timeout', seconds('60')],
  ['client_tls13_ciphers', str('')],
  ['client_tls_ca_file', str('')],
  ['client_tls_cert_file', str('')],
  ['client_tls_ciphers', str('default')],
  ['client_tls_dheparams', str('auto')],
  ['client_tls_ecdhcurve', str('auto')],
  ['client_tls_key_file', str('')],
  ['client_tls_protocols', str('secure')],
  ['client_tls_sslmode', oneOf('disable', SSLMODES)],
  ['conffile', str()],
  ['default_pool_size', int('20')],
  ['disable_pqexec', int('0')],
  ['dns_max_ttl', seconds('15')],
  ['dns_nxdomain_ttl', seconds('15')],
  ['dns_zone_check_period', seconds('0')],
  ['idle_transaction_timeout', seconds('0')],
  ['ignore_startup_parameters', list('')],
  ['job_name', str('pgbouncer')],
  ['listen_addr', list('')],
  ['listen_backlog', int('128')],
  ['listen_port', int('6432')],
  ['log_connections', int('1')],
  ['log_disconnections', int('1')],
  ['log_pooler_errors', int('1')],
  ['log_stats', int('1')],
  ['logfile', str('')],
  ['login_notify_message', str('')],
  ['max_client_conn', int('100')],
  ['max_db_client_connections', int('0')],
  ['max_db_connections', int('0')],
  ['max_packet_size', int('2147483647')],
  ['max_prepared_statements', int('200')],
  ['max_user_client_connections', int('0')],
  ['max_user_connections', int('0')],
  ['min_pool_size', int('0')],
  ['peer_id', int('0')],
  ['pidfile', str('')],
  ['pkt_buf', int('4096')],
  ['pool_idle_timeout', seconds('0')],
  ['pool_mode', oneOf('session', POOL_MODES)],
  ['query_timeout', seconds('0')],
  ['query_wait_notify', seconds('5')],
  ['query_wait_timeout', seconds('120')],
  ['reserve_pool_size', int('0')],
  ['reserve_pool_timeout', seconds('5')],
  ['resolv_conf', str('')],
  ['sbuf_loopcnt', int('5')],
  ['scram_iterations', int('4096')],
  ['server_check_delay', seconds('30')],
  ['server_check_query', str('')],
  ['server_connect_timeout', seconds('15')],
  ['server_fast_close', int('0')],
  ['server_idle_timeout', seconds('600')],
  ['server_lifetime', seconds('3600')],
  ['server_login_retry', seconds('15')],
  ['server_reset_query', str('DISCARD ALL')],
  ['server_reset_query_always', int('0')],
  ['server_round_robin', int('0')],
  ['server_tls13_ciphers', str('')],
  ['server_tls_ca_file', str('')],
  ['server_tls_cert_file', str('')],
  ['server_tls_ciphers', str('default')],
  ['server_tls_key_file', str('')],
  ['server_tls_protocols', str('secure')],
  ['server_tls_sslmode', oneOf('prefer', SSLMODES)],
  ['service_name', str()],
  ['so_reuseport', int('0')],
  ['stats_period', int('60')],
  ['stats_users', list('')],
  ['suspend_timeout', seconds('10')],
  ['syslog', int('0')],
  ['syslog_facility', str('daemon')],
  ['syslog_ident', str('pgbouncer')],
  ['tcp_defer_accept', int('1')],
  ['tcp_keepalive', int('1')],
  ['tcp_keepcnt', int('0')],
  ['tcp_keepidle', int('0')],
  ['tcp_keepintvl', int('0')],
  ['tcp_socket_buffer', int('0')],
  ['tcp_user_timeout', int('0')],
  ['track_extra_parameters', list('IntervalStyle')],
  ['transaction_timeout', seconds('0')],
  ['unix_socket_dir', str('/tmp')],
  ['unix_socket_group', str('')],
  ['unix_socket_mode', int('0777')],
  ['user', str()],
  ['verbose', int()]
])

/** Connection-string fields PgBouncer knows in `[databases]` (any version); others fail. */
const DATABASE_FIELDS = new Set([
  'dbname',
  'host',
  'port',
  'user',
  'password',
  'auth_user',
  'auth_query',
  'auth_dbname',
  'client_encoding',
  'datestyle',
  'timezone',
  'pool_size',
  'min_pool_size',
  'reserve_pool',
  'reserve_pool_size',
  'max_db_connections',
  'max_db_client_connections',
  'pool_mode',
  'connect_query',
  'application_name',
  'server_lifetime',
  'load_balance_hosts',
  'query_wait_timeout',
  'target_session_attrs'
])

const USER_FIELDS = new Set([
  'pool_mode',
  'pool_size',
  'reserve_pool_size',
  'max_user_connections',
  'max_user_client_connections',
  'query_timeout',
  'query_wait_timeout',
  'idle_transaction_timeout',
  'transaction_timeout',
  'client_idle_timeout'
])

const PEER_FIELDS = new Set(['host', 'port', 'pool_size'])

const SECTIONS = new Set(['pgbouncer', 'databases', 'users', 'peers'])

/** libusual's MAX_INCLUDE: a file at this nesting level may not include another. */
export const PGBOUNCER_MAX_INCLUDE_DEPTH = 10

export type PgbouncerReadResult =
  | {
      ok: true
      file: string
      source: Uint8Array | string
      /** Reported at the `%include` line, such as how the file was found. */
      notice?: { code: string; message: string }
    }
  | {
      ok: false
      /** The diagnostic to report at the `%include` line. */
      code: string
      level: DiagnosticLevel
      message: string
    }

export interface PgbouncerParseOptions {
  /**
   * Reads the file a `%include` in `fromFile` names, answering its root-relative path and
   * content. Without it includes are listed but not followed.
   */
  readInclude?: (path: string, fromFile: string) => PgbouncerReadResult
}

export interface ParsedPgbouncer {
  /** Every file read, in reading order. */
  files: string[]
  settings: Record<string, PgbouncerSetting>
  databases: PgbouncerDatabase[]
  users: PgbouncerUser[]
  peers: PgbouncerPeer[]
  includes: PgbouncerInclude[]
  diagnostics: Diagnostic[]
}

/** Reads a pgbouncer.ini and, through `options.readInclude`, the files it includes. */
export function parsePgbouncer(
  source: Uint8Array | string,
  file: string,
  options: PgbouncerParseOptions = {}
): ParsedPgbouncer {
  const state = new IniState(options)
  state.read(decode(source), file, 0, [file])
  if (!state.sawMainSection) {
    state.report(
      'PGB_NO_MAIN_SECTION',
      'error',
      'main section missing from config file',
      at(file, 1)
    )
  }
  return state.result
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })

function decode(source: Uint8Array | string): string {
  return typeof source === 'string' ? source : utf8.decode(source)
}

// C's isspace and isblank in the C locale, and the key characters of parse_ini_file.
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13)
const isBlank = (c: number): boolean => c === 32 || c === 9
const isKeyChar = (c: number): boolean =>
  (c >= 48 && c <= 57) ||
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  c === 95 ||
  c === 46 ||
  c === 45 ||
  c === 42

const NL = 10
const BOM = 0xfeff

/** 1-based line and column (UTF-16 units) of offsets asked for mostly in increasing order. */
class Positions {
  private offset = 0
  private line = 1
  private lineStart = 0

  constructor(
    private readonly text: string,
    private readonly file: string
  ) {}

  at(offset: number): Location {
    if (offset < this.offset) {
      this.offset = 0
      this.line = 1
      this.lineStart = 0
    }
    for (let i = this.text.indexOf('\n', this.offset); i >= 0 && i < offset;) {
      this.line++
      this.lineStart = i + 1
      i = this.text.indexOf('\n', i + 1)
    }
    this.offset = offset
    return { file: this.file, line: this.line, column: offset - this.lineStart + 1 }
  }
}

class IniState {
  readonly result: ParsedPgbouncer = {
    files: [],
    settings: Object.create(null) as Record<string, PgbouncerSetting>,
    databases: [],
    users: [],
    peers: [],
    includes: [],
    diagnostics: []
  }
  sawMainSection = false
  /** The open section, carried across `%include` like libusual's loader context. */
  private section: string | undefined
  /** False inside a section PgBouncer does not know: its lines are not read. */
  private sectionKnown = true

  constructor(private readonly options: PgbouncerParseOptions) {}

  report(code: string, level: DiagnosticLevel, message: string, location: Location): void {
    this.result.diagnostics.push({ code, level, message, location })
  }

  read(text: string, file: string, depth: number, stack: string[]): void {
    this.result.files.push(file)
    const pos = new Positions(text, file)
    const n = text.length
    let p = 0
    if (text.charCodeAt(0) === BOM) {
      this.report(
        'PGB_BOM',
        'error',
        `syntax error in configuration (${file}:1), stopping loading: PgBouncer does not skip a byte order mark`,
        at(file, 1)
      )
      p = 1
    }
    while (p < n) {
      while (p < n && isSpace(text.charCodeAt(p))) p++
      if (p >= n) break
      const c = text.charCodeAt(p)
      if (text.startsWith('%include', p) && p + 8 < n && isBlank(text.charCodeAt(p + 8))) {
        p = this.include(text, p, pos, file, depth, stack)
        continue
      }
      if (c === 35 /* # */ || c === 59 /* ; */) {
        p = lineEnd(text, p)
        continue
      }
      if (c === 91 /* [ */) {
        p = this.sectionHeader(text, p, pos, file)
        continue
      }
      p = this.keyValue(text, p, pos, file)
    }
  }

  private include(
    text: string,
    start: number,
    pos: Positions,
    file: string,
    depth: number,
    stack: string[]
  ): number {
    let p = start + 8
    while (p < text.length && isBlank(text.charCodeAt(p))) p++
    const end = lineEnd(text, p)
    const path = trimEnd(text, p, end)
    const location = pos.at(start)
    const entry: PgbouncerInclude = { path, location }
    this.result.includes.push(entry)
    if (path === '') {
      this.report('PGB_INCLUDE_EMPTY', 'error', 'could not load file "": no file name', location)
      return end
    }
    if (depth >= PGBOUNCER_MAX_INCLUDE_DEPTH) {
      this.report(
        'PGB_INCLUDE_DEPTH',
        'error',
        `include nesting level too deep (${file}:${location.line}), stopping loading`,
        location
      )
      return end
    }
    const reader = this.options.readInclude
    if (!reader) {
      this.report('PGB_INCLUDE_NOT_FOLLOWED', 'notice', `%include ${path} was not read`, location)
      return end
    }
    const read = reader(path, file)
    if (!read.ok) {
      this.report(read.code, read.level, read.message, location)
      return end
    }
    if (stack.includes(read.file)) {
      // PgBouncer has no cycle check: it recurses until the nesting limit and fails there.
      const loop = [...stack.slice(stack.indexOf(read.file)), read.file].join(' → ')
      this.report('PGB_INCLUDE_CYCLE', 'error', `%include loop: ${loop}`, location)
      return end
    }
    entry.file = read.file
    if (read.notice) this.report(read.notice.code, 'notice', read.notice.message, location)
    this.read(decode(read.source), read.file, depth + 1, [...stack, read.file])
    return end
  }

  private sectionHeader(text: string, start: number, pos: Positions, file: string): number {
    let p = start + 1
    while (p < text.length && text.charCodeAt(p) !== 93 /* ] */ && text.charCodeAt(p) !== NL) p++
    const location = pos.at(start)
    if (text.charCodeAt(p) !== 93) {
      this.syntaxError(file, location)
      return p
    }
    const name = text.slice(start + 1, p)
    this.openSection(name, location)
    return p + 1
  }

  private openSection(name: string, location: Location): void {
    this.section = name
    this.sectionKnown = SECTIONS.has(name)
    if (!this.sectionKnown) {
      this.report(
        'PGB_UNKNOWN_SECTION',
        'error',
        `invalid section "${name}" in configuration (${location.file}:${location.line}): section names are case-sensitive`,
        location
      )
      return
    }
    if (name !== 'pgbouncer') return
    if (this.sawMainSection) this.resetToDefaults(location)
    this.sawMainSection = true
  }

  /** libusual's fill_defaults runs at every `[pgbouncer]` header, not only the first. */
  private resetToDefaults(location: Location): void {
    const reset: string[] = []
    const kept = Object.create(null) as Record<string, PgbouncerSetting>
    for (const [name, setting] of Object.entries(this.result.settings)) {
      if (PGBOUNCER_PARAMETERS.get(name)?.default === undefined) kept[name] = setting
      else reset.push(name)
    }
    if (reset.length === 0) return
    this.result.settings = kept
    this.report(
      'PGB_SECTION_RESET',
      'warning',
      `[pgbouncer] opened again: PgBouncer resets ${reset.join(', ')} to the default here`,
      location
    )
  }

  private keyValue(text: string, start: number, pos: Positions, file: string): number {
    const n = text.length
    let p = start
    let key: string
    if (text.charCodeAt(p) === 39 /* ' */) {
      const close = text.indexOf("'", p + 1)
      const nl = lineEnd(text, p)
      if (close < 0 || close > nl || close === p + 1) {
        this.syntaxError(file, pos.at(start))
        return nl
      }
      key = text.slice(p + 1, close)
      p = close + 1
    } else {
      while (p < n && isKeyChar(text.charCodeAt(p))) p++
      key = text.slice(start, p)
    }
    while (p < n && isBlank(text.charCodeAt(p))) p++
    if (text.charCodeAt(p) !== 61 /* = */) {
      this.syntaxError(file, pos.at(p < n && text.charCodeAt(p) !== NL ? p : start))
      return lineEnd(text, p)
    }
    p++
    while (p < n && isBlank(text.charCodeAt(p))) p++
    const end = lineEnd(text, p)
    this.assign(key, trimEnd(text, p, end), pos.at(start))
    return end
  }

  private syntaxError(file: string, location: Location): void {
    this.report(
      'PGB_SYNTAX',
      'error',
      `syntax error in configuration (${file}:${location.line}), stopping loading`,
      location
    )
  }

  private assign(key: string, value: string, location: Location): void {
    if (this.section === undefined) {
      this.report(
        'PGB_NO_SECTION',
        'error',
        `load_init_file: value without section: ${key}`,
        location
      )
      return
    }
    if (!this.sectionKnown) return
    switch (this.section) {
      case 'pgbouncer':
        this.setParameter(key, value, location)
        return
      case 'databases':
        this.addDatabase(key, value, location)
        return
      case 'users':
        this.addEntry(key, value, location, USER_FIELDS, 'user parameter', (params) => {
          this.result.users.push({ name: key, params, location })
        })
        return
      case 'peers':
        this.addPeer(key, value, location)
        return
    }
  }

  private setParameter(name: string, value: string, location: Location): void {
    const spec = PGBOUNCER_PARAMETERS.get(name)
    const setting: PgbouncerSetting = { value, location }
    const previous = this.result.settings[name]
    if (previous) setting.overridden = [...(previous.overridden ?? []), previous.location]
    this.result.settings[name] = setting
    if (!spec) {
      const lower = name.toLowerCase()
      const hint = PGBOUNCER_PARAMETERS.has(lower) ? ` (did you mean ${lower}?)` : ''
      this.report(
        'PGB_UNKNOWN_PARAMETER',
        'error',
        `unknown parameter: pgbouncer/${name}${hint}`,
        location
      )
      return
    }
    const typed = readTyped(spec, value)
    if (typed === INVALID) {
      this.report(
        'PGB_INVALID_VALUE',
        'error',
        `invalid value "${value}" for parameter ${name} in configuration (${location.file}:${location.line})`,
        location
      )
      return
    }
    if (typeof typed === 'number' || typeof typed === 'string') setting.parsed = typed
    else if (typed) setting.items = typed
  }

  private addDatabase(name: string, value: string, location: Location): void {
    if (name === 'pgbouncer') {
      this.report(
        'PGB_RESERVED_DATABASE',
        'error',
        'database name "pgbouncer" is reserved',
        location
      )
      return
    }
    this.addEntry(name, value, location, DATABASE_FIELDS, 'connection parameter', (params) => {
      const hasPassword = 'password' in params
      delete params.password
      this.result.databases.push({ name, params, has_password: hasPassword, location })
    })
  }

  private addPeer(id: string, value: string, location: Location): void {
    const number = /^[0-9]+$/.test(id) ? Number(id) : 0
    if (number < 1 || number > 65535) {
      this.report(
        'PGB_INVALID_PEER',
        'error',
        `ids of peers must be a number larger than 0 and at most 65535: ${id}`,
        location
      )
    }
    this.addEntry(id, value, location, PEER_FIELDS, 'connection parameter', (params) => {
      if (params.host === undefined) {
        this.report('PGB_INVALID_PEER', 'error', `host was not provided for peer ${id}`, location)
      }
      this.result.peers.push({ id, params, location })
    })
  }

  private addEntry(
    name: string,
    value: string,
    location: Location,
    known: ReadonlySet<string>,
    what: string,
    add: (params: Record<string, string>) => void
  ): void {
    const parsed = parseConnString(value)
    // The `*` entry is kept as text until a client asks for a database it does not list.
    const level = name === '*' ? 'warning' : 'error'
    if (!parsed.ok) {
      this.report('PGB_CONNSTRING', level, `syntax error in ${what}s of "${name}"`, location)
      return
    }
    for (const [key, fieldValue] of Object.entries(parsed.params)) {
      if (!known.has(key)) {
        this.report('PGB_UNKNOWN_FIELD', level, `unrecognized ${what}: ${key}`, location)
      } else if (key === 'pool_mode' && !POOL_MODES.includes(fieldValue.toLowerCase())) {
        this.report('PGB_INVALID_FIELD', level, `invalid pool mode: ${fieldValue}`, location)
      } else if (key === 'port' && atoi(fieldValue) === 0) {
        this.report('PGB_INVALID_FIELD', level, `invalid port: ${fieldValue}`, location)
      }
    }
    add(parsed.params)
  }
}

/** C's atoi: leading blanks, a sign and digits; 0 when there are none. */
function atoi(value: string): number {
  const digits = /^[\t\n\v\f\r ]*([+-]?[0-9]+)/.exec(value)?.[1]
  return digits === undefined ? 0 : parseInt(digits, 10)
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from)
  return nl < 0 ? text.length : nl
}

function trimEnd(text: string, start: number, end: number): string {
  let e = end
  while (e > start && isSpace(text.charCodeAt(e - 1))) e--
  return text.slice(start, e)
}

const INVALID = Symbol('invalid')

function readTyped(
  spec: PgbouncerParameter,
  value: string
): number | string | string[] | undefined | typeof INVALID {
  switch (spec.type) {
    case 'int':
      return parseCInteger(value) ?? INVALID
    case 'seconds':
      return parseSeconds(value) ?? INVALID
    case 'enum': {
      const lower = value.toLowerCase()
      return spec.values?.includes(lower) ? lower : INVALID
    }
    case 'list':
      return splitPgbouncerList(value)
    case 'string':
      return undefined
  }
}

/** PgBouncer's comma lists: blanks around items ignored, empty items dropped. */
export function splitPgbouncerList(value: string): string[] {
  const items: string[] = []
  for (const part of value.split(',')) {
    const item = part.trim()
    if (item !== '') items.push(item)
  }
  return items
}

/** C's strtol(value, &end, 0) that must consume the whole value, as cf_set_int requires. */
export function parseCInteger(value: string): number | undefined {
  let i = 0
  while (i < value.length && isSpace(value.charCodeAt(i))) i++
  let sign = 1
  if (value[i] === '+' || value[i] === '-') {
    if (value[i] === '-') sign = -1
    i++
  }
  let radix = 10
  if (value[i] === '0' && (value[i + 1] === 'x' || value[i + 1] === 'X') && isHex(value[i + 2])) {
    radix = 16
    i += 2
  } else if (value[i] === '0') {
    radix = 8
  }
  const digits = value.slice(i)
  if (digits === '') return undefined
  for (const d of digits) {
    const v = parseInt(d, radix)
    if (Number.isNaN(v)) return undefined
  }
  return sign * parseInt(digits, radix)
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c)
}

/** libusual's parse_time: a non-negative decimal number, whole value consumed. */
export function parseSeconds(value: string): number | undefined {
  const trimmed = value.replace(/^[\t\n\v\f\r ]+/, '')
  if (!/^\+?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(trimmed)) return undefined
  const seconds = Number(trimmed)
  return Number.isFinite(seconds) ? seconds : undefined
}

/**
 * PgBouncer's connection strings (cstr_get_pair): `key=value` pairs separated by spaces, blanks
 * allowed around `=`, a value either runs to the next space or is single-quoted with `''` for
 * a quote; empty values are errors. Keys are case-sensitive.
 */
export function parseConnString(
  value: string
): { ok: true; params: Record<string, string> } | { ok: false } {
  const params = Object.create(null) as Record<string, string>
  const n = value.length
  let p = skipSpace(value, 0)
  while (p < n) {
    const keyStart = p
    while (p < n && value[p] !== '=' && value[p] !== ' ') p++
    const key = value.slice(keyStart, p)
    p = skipSpace(value, p)
    if (value[p] !== '=' || key === '') return { ok: false }
    p = skipSpace(value, p + 1)
    let val: string
    if (value[p] === "'") {
      val = ''
      p++
      for (;;) {
        if (p >= n) return { ok: false }
        if (value[p] === "'") {
          if (value[p + 1] !== "'") break
          p++
        }
        val += value.charAt(p)
        p++
      }
      p++
    } else {
      const start = p
      while (p < n && value[p] !== ' ') p++
      val = value.slice(start, p)
    }
    if (val === '') return { ok: false }
    // cstr_get_value cuts the value by overwriting the character after it.
    if (p < n) p++
    params[key] = val
    p = skipSpace(value, p)
  }
  return { ok: true, params }
}

function skipSpace(value: string, from: number): number {
  let p = from
  while (p < value.length && isSpace(value.charCodeAt(p))) p++
  return p
}

// ---------------------------------------------------------------------------------------------
// auth_file
// ---------------------------------------------------------------------------------------------

export interface ParsedUserlist {
  entries: PgbouncerUserlistEntry[]
  diagnostics: Diagnostic[]
}

/**
 * An auth_file the way PgBouncer's load_auth_file reads it: each entry is `"user" "secret"`
 * with `""` for a quote inside, the rest of the line ignored, and only `;` starting a comment.
 * At anything else PgBouncer logs "broken auth file" and stops reading: entries after that are
 * still listed (the secret is still in the file) but marked `ignored`. Secrets are classified
 * and dropped.
 */
export function parseUserlist(source: Uint8Array | string, file: string): ParsedUserlist {
  const text = decode(source)
  const pos = new Positions(text, file)
  const entries: PgbouncerUserlistEntry[] = []
  const diagnostics: Diagnostic[] = []
  const n = text.length
  let broken = false
  let p = text.charCodeAt(0) === BOM ? 1 : 0
  while (p < n) {
    while (p < n && isSpace(text.charCodeAt(p))) p++
    if (p >= n) break
    if (text[p] === ';') {
      p = lineEnd(text, p)
      continue
    }
    const start = p
    const entry = readUserlistEntry(text, p)
    if (!entry) {
      if (!broken) {
        diagnostics.push({
          code: 'PGB_USERLIST_BROKEN',
          level: 'warning',
          message: 'broken auth file: PgBouncer stops reading it here',
          location: pos.at(start)
        })
      }
      broken = true
      p = lineEnd(text, p)
      continue
    }
    entries.push({
      user: entry.user,
      secret: classifySecret(entry.secret),
      location: pos.at(start),
      ...(broken ? { ignored: true as const } : {})
    })
    p = lineEnd(text, entry.end)
  }
  return { entries, diagnostics }
}

function readUserlistEntry(
  text: string,
  start: number
): { user: string; secret: string; end: number } | undefined {
  if (text[start] !== '"') return undefined
  const userEnd = findClosingQuote(text, start + 1)
  if (userEnd < 0) return undefined
  const secretStart = text.indexOf('"', userEnd + 1)
  if (secretStart < 0) return undefined
  const secretEnd = findClosingQuote(text, secretStart + 1)
  if (secretEnd < 0) return undefined
  return {
    user: unquote(text.slice(start + 1, userEnd)),
    secret: unquote(text.slice(secretStart + 1, secretEnd)),
    end: secretEnd + 1
  }
}

/** find_quote: the next `"` that is not doubled. */
function findClosingQuote(text: string, from: number): number {
  let p = from
  for (;;) {
    const q = text.indexOf('"', p)
    if (q < 0) return -1
    if (text[q + 1] !== '"') return q
    p = q + 2
  }
}

function unquote(s: string): string {
  return s.replaceAll('""', '"')
}

const MD5_SECRET = /^md5[0-9a-f]{32}$/
const SCRAM_SECRET =
  /^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/]+={0,2}\$([A-Za-z0-9+/]+={0,2}):([A-Za-z0-9+/]+={0,2})$/

/** PgBouncer's get_password_type, plus `empty`. */
export function classifySecret(secret: string): UserlistSecret {
  if (secret === '') return 'empty'
  if (MD5_SECRET.test(secret)) return 'md5'
  const scram = SCRAM_SECRET.exec(secret)
  if (scram && isKey32(scram[1]) && isKey32(scram[2])) return 'scram'
  return 'plaintext'
}

/** A base64 SHA-256 key: 32 bytes. */
function isKey32(b64: string | undefined): boolean {
  return b64?.length === 44 && b64.endsWith('=') && !b64.endsWith('==')
}
