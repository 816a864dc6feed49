import { classifyAddress, isNumericHost } from '../facts/address.js'
import { at, type Diagnostic, type Location } from '../facts/location.js'
import type { HbaAddress, HbaType } from '../facts/types.js'

/**
 * pg_hba.conf read the way PostgreSQL's hba.c reads it (tokenize_auth_file, next_token,
 * parse_hba_line): bytes, not characters; blanks are space, tab and CR; commas split a field
 * into a list; double quotes protect blanks, commas and `#`, and `""` inside them is a quote;
 * a backslash at the end of a line continues it (PostgreSQL 14+); `@file` lists are expanded in
 * place; PostgreSQL 16+ `include` lines are handed back for the collector to follow.
 */

export interface HbaToken {
  text: string
  /** PostgreSQL's "quoted": a double quote came before the first character. */
  quoted: boolean
  line: number
  column: number
  /** The @file this token was read from (root-relative). */
  from?: string
  /**
   * Set on the `@file` reference itself, which is kept before the tokens read from it:
   * `file` when it was read, `unresolved` when it could not be (outside the scanned folder).
   */
  ref?: 'file' | 'unresolved'
}

export interface HbaLine {
  kind: 'rule'
  type: HbaType
  databases: HbaToken[]
  users: HbaToken[]
  address?: string
  netmask?: string
  /** The address classified; absent on local lines. */
  addressInfo?: HbaAddress
  /** The method PostgreSQL uses (`ident` on a local line becomes `peer`, as in the server). */
  method: string
  /**
   * Options as PostgreSQL reads them: booleans as `true`/`false` (only `1` is true), `ldapport`
   * as the number, an `ldapurl` also split into the options it stands for, and the defaults
   * the server adds (`include_realm=true` for gss, `clientcert=verify-full` for cert,
   * `ldapscope`). The last of a repeated option wins.
   */
  options: Record<string, string>
  location: Location
}

export interface HbaIncludeLine {
  kind: 'include' | 'include_if_exists' | 'include_dir'
  path: string
  location: Location
}

export type HbaReadResult =
  | { ok: true; file: string; source: Uint8Array }
  | {
      ok: false
      /** missing: PostgreSQL would fail to open it; outside/unreadable: we could not look. */
      reason: 'missing' | 'outside' | 'unreadable'
      file: string
      message: string
    }

export interface HbaParseOptions {
  major: number
  /** The effective `ssl` setting when known: hostssl lines cannot match when it is off. */
  ssl?: boolean
  /** Reads an @file named in `fromFile`; without it @file references stay unexpanded. */
  readFile?: (ref: string, fromFile: string) => HbaReadResult
  /** Nesting depth of `file` (0 for the main pg_hba.conf), as PostgreSQL counts it. */
  depth?: number
}

export interface HbaParseResult {
  entries: (HbaLine | HbaIncludeLine)[]
  diagnostics: Diagnostic[]
  /** @files read while expanding, in reading order. */
  files: string[]
}

/** PostgreSQL's CONF_FILE_MAX_DEPTH. */
export const MAX_HBA_DEPTH = 10

const CR = 13
const LF = 10
const BACKSLASH = 92
const QUOTE = 34
const HASH = 35
const COMMA = 44
const AT = 64

interface Ctx {
  file: string
  options: HbaParseOptions
  depth: number
  /** Files being expanded, to stop a cycle before it costs 2^depth reads. */
  stack: string[]
  diagnostics: Diagnostic[]
  files: string[]
}

export function parseHba(
  source: Uint8Array | string,
  file: string,
  options: HbaParseOptions
): HbaParseResult {
  const ctx: Ctx = {
    file,
    options,
    depth: options.depth ?? 0,
    stack: [file],
    diagnostics: [],
    files: []
  }
  const entries: (HbaLine | HbaIncludeLine)[] = []
  for (const line of tokenizeLines(toBytes(source), ctx)) {
    const first = line.fields[0]?.[0]
    const location = at(file, line.line, first && isOwn(first, line.line) ? first.column : 1)
    if (line.error !== undefined) {
      ctx.diagnostics.push(problem(line.error.code, line.error.level, line.error.message, location))
      continue
    }
    const include = includeDirective(line.fields, options.major)
    if (include) {
      entries.push({ ...include, location })
      continue
    }
    const parsed = parseHbaLine(line.fields, location, options)
    ctx.diagnostics.push(...parsed.diagnostics)
    if (parsed.line) entries.push(parsed.line)
  }
  return { entries, diagnostics: ctx.diagnostics, files: ctx.files }
}

interface LineProblem {
  code: string
  level: Diagnostic['level']
  message: string
}

interface TokenizedLine {
  line: number
  fields: HbaToken[][]
  error?: LineProblem
}

function toBytes(source: Uint8Array | string): Uint8Array {
  return typeof source === 'string' ? new TextEncoder().encode(source) : source
}

/**
 * tokenize_auth_file: one entry per line that has fields or an error. Line numbers count
 * physical lines the way PostgreSQL does, continuations included.
 */
function tokenizeLines(bytes: Uint8Array, ctx: Ctx): TokenizedLine[] {
  const lines: TokenizedLine[] = []
  const reader = new LineReader(bytes, ctx.options.major >= 14)
  let lineNumber = 1
  while (!reader.done()) {
    const logical = reader.next()
    if (logical === undefined) break
    const state: FieldState = { pos: 0, logical, lineNumber, error: undefined }
    const fields: HbaToken[][] = []
    while (state.pos < logical.bytes.length && state.error === undefined) {
      const field = nextField(state, ctx)
      // A field that expanded to nothing (an empty @file) is not a field at all.
      if (field.some((t) => t.ref !== 'file')) fields.push(field)
    }
    if (fields.length > 0 || state.error !== undefined) {
      lines.push({
        line: lineNumber,
        fields,
        ...(state.error === undefined ? {} : { error: state.error })
      })
    }
    lineNumber += logical.continuations + 1
  }
  return lines
}

interface LogicalLine {
  bytes: Uint8Array
  /** Offsets where each physical line's bytes start, for token positions. */
  starts: number[]
  continuations: number
}

/** pg_get_line_append + pg_strip_crlf + backslash continuation. */
class LineReader {
  private pos = 0
  private readonly bytes: Uint8Array
  private readonly continuation: boolean

  constructor(bytes: Uint8Array, continuation: boolean) {
    this.bytes = bytes
    this.continuation = continuation
  }

  done(): boolean {
    return this.pos >= this.bytes.length
  }

  next(): LogicalLine | undefined {
    return this.simple() ?? this.general()
  }

  /** The common case, without copying: a whole line with no NUL and no continuation. */
  private simple(): LogicalLine | undefined {
    const { bytes } = this
    const start = this.pos
    let end = bytes.indexOf(LF, start)
    const next = end < 0 ? bytes.length : end + 1
    if (end < 0) end = bytes.length
    if (next === start || bytes.subarray(start, end).includes(0)) return undefined
    while (end > start && (bytes[end - 1] === CR || bytes[end - 1] === LF)) end--
    if (this.continuation && end > start && bytes[end - 1] === BACKSLASH) return undefined
    this.pos = next
    return { bytes: bytes.subarray(start, end), starts: [0], continuations: 0 }
  }

  private general(): LogicalLine | undefined {
    const parts: number[] = []
    const starts: number[] = []
    let lastBackslash = 0
    let continuations = 0
    let got = false
    while (this.append(parts, starts)) {
      got = true
      while (
        parts.length > 0 &&
        (parts[parts.length - 1] === LF || parts[parts.length - 1] === CR)
      ) {
        parts.pop()
      }
      if (
        this.continuation &&
        parts.length > lastBackslash &&
        parts[parts.length - 1] === BACKSLASH
      ) {
        parts.pop()
        lastBackslash = parts.length
        continuations++
        continue
      }
      break
    }
    if (!got) return undefined
    return { bytes: Uint8Array.from(parts), starts, continuations }
  }

  /**
   * fgets until a newline. A NUL byte ends the C string: what follows it on that line is lost,
   * and since no newline was collected, the next line is appended to this one.
   */
  private append(parts: number[], starts: number[]): boolean {
    const before = parts.length
    const { bytes } = this
    while (this.pos < bytes.length) {
      starts.push(parts.length)
      let nul = false
      while (this.pos < bytes.length) {
        const b = bytes[this.pos++] ?? 0
        if (b === 0) nul = true
        if (!nul) parts.push(b)
        if (b === LF) break
      }
      if (!nul && parts[parts.length - 1] === LF) return true
    }
    return parts.length > before
  }
}

interface FieldState {
  pos: number
  logical: LogicalLine
  lineNumber: number
  error: LineProblem | undefined
}

/** next_field_expand: the comma list of one field, with @file references expanded. */
function nextField(state: FieldState, ctx: Ctx): HbaToken[] {
  const tokens: HbaToken[] = []
  for (;;) {
    const scanned = nextToken(state)
    if (!scanned) break
    const { token } = scanned
    if (!token.quoted && token.text.length > 1 && token.text.charCodeAt(0) === AT) {
      expandFile(token, tokens, state, ctx)
    } else {
      tokens.push(token)
    }
    if (!scanned.comma || state.error !== undefined) break
  }
  return tokens
}

interface ScannedToken {
  token: HbaToken
  /** The token ended at an unquoted comma: the list goes on. */
  comma: boolean
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true })

function isBlank(b: number | undefined): boolean {
  return b === 32 || b === 9 || b === CR
}

/** next_token: skips blanks and commas, then reads one token up to a blank, comma or `#`. */
function nextToken(state: FieldState): ScannedToken | undefined {
  const { bytes } = state.logical
  let pos = state.pos
  while (pos < bytes.length && (isBlank(bytes[pos]) || bytes[pos] === COMMA)) pos++
  const start = pos
  // Filled only once a quote shows up: until then the token is the bytes as they stand.
  let out: number[] | undefined
  let inQuote = false
  let wasQuote = false
  let initialQuote = false
  let comma = false
  let comment = false
  let ascii = true
  while (pos < bytes.length) {
    const c = bytes[pos] ?? 0
    if (!inQuote && isBlank(c)) break
    if (c === HASH && !inQuote) {
      comment = true
      break
    }
    if (c === COMMA && !inQuote) {
      comma = true
      break
    }
    if (c >= 0x80) ascii = false
    if (c === QUOTE && out === undefined) out = Array.from(bytes.subarray(start, pos))
    if (out !== undefined && (c !== QUOTE || wasQuote)) out.push(c)
    wasQuote = inQuote && c === QUOTE ? !wasQuote : false
    if (c === QUOTE) {
      inQuote = !inQuote
      if (out?.length === 0) initialQuote = true
    }
    pos++
  }
  state.pos = comment ? bytes.length : pos
  if (out === undefined && pos === start) return undefined
  const text = decodeToken(out ?? bytes.subarray(start, pos), ascii)
  const where = position(state, start)
  return { token: { text, quoted: initialQuote, line: where.line, column: where.column }, comma }
}

function decodeToken(bytes: ArrayLike<number> & Iterable<number>, ascii: boolean): string {
  if (ascii && bytes.length < 4096) return String.fromCharCode.apply(null, bytes as number[])
  return decoder.decode(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes))
}

/** Line and 1-based character column of a byte offset of the logical line. */
function position(state: FieldState, offset: number): { line: number; column: number } {
  const { starts, bytes } = state.logical
  let segment = 0
  while (segment + 1 < starts.length && (starts[segment + 1] ?? 0) <= offset) segment++
  let column = 1
  for (let i = starts[segment] ?? 0; i < offset; i++) {
    // Count characters, not bytes: UTF-8 continuation bytes are 10xxxxxx.
    if (((bytes[i] ?? 0) & 0xc0) !== 0x80) column++
  }
  return { line: state.lineNumber + segment, column }
}

/**
 * tokenize_expand_file (PostgreSQL 16+) / tokenize_inc_file (15): every token of every line of
 * the file joins the field. A missing file is an error on the line that names it.
 */
function expandFile(token: HbaToken, tokens: HbaToken[], state: FieldState, ctx: Ctx): void {
  const ref = token.text.slice(1)
  const refToken: HbaToken = { ...token, text: ref }
  const read = ctx.options.readFile
  if (!read) {
    tokens.push({ ...refToken, ref: 'unresolved' })
    return
  }
  const result = read(ref, ctx.file)
  if (!result.ok) {
    if (result.reason === 'missing') {
      state.error = {
        code: 'HBA_FILE_MISSING',
        level: 'error',
        message:
          ctx.options.major >= 16
            ? `could not open file "${result.file}": No such file or directory`
            : `could not open secondary authentication file "@${ref}" as "${result.file}": No such file or directory`
      }
      return
    }
    ctx.diagnostics.push(
      problem(
        result.reason === 'outside' ? 'OUTSIDE_ROOT' : 'HBA_UNREADABLE',
        'warning',
        `@${ref} was not read: ${result.message}`,
        at(ctx.file, token.line, token.column)
      )
    )
    tokens.push({ ...refToken, ref: 'unresolved' })
    return
  }
  if (ctx.depth + 1 > MAX_HBA_DEPTH || ctx.stack.includes(result.file)) {
    state.error = {
      code: 'HBA_INCLUDE_DEPTH',
      level: 'error',
      message: `could not open file "${result.file}": maximum nesting depth exceeded`
    }
    return
  }
  if (!ctx.files.includes(result.file)) ctx.files.push(result.file)
  const inner: Ctx = {
    file: result.file,
    options: ctx.options,
    depth: ctx.depth + 1,
    stack: [...ctx.stack, result.file],
    diagnostics: ctx.diagnostics,
    files: ctx.files
  }
  tokens.push({ ...refToken, ref: 'file' })
  for (const line of tokenizeLines(result.source, inner)) {
    if (line.error !== undefined) {
      state.error = line.error
      return
    }
    for (const field of line.fields) {
      for (const t of field) tokens.push(t.from === undefined ? { ...t, from: result.file } : t)
    }
  }
}

const INCLUDE_KINDS = new Set(['include', 'include_if_exists', 'include_dir'])

/** PostgreSQL 16+: a line of exactly two fields whose first word is an include keyword. */
function includeDirective(
  fields: HbaToken[][],
  major: number
): Pick<HbaIncludeLine, 'kind' | 'path'> | undefined {
  if (major < 16 || fields.length !== 2) return undefined
  const first = semantic(fields[0])[0]
  const second = semantic(fields[1])[0]
  if (!first || !second || !INCLUDE_KINDS.has(first.text)) return undefined
  return { kind: first.text as HbaIncludeLine['kind'], path: second.text }
}

/** The tokens PostgreSQL sees in a field: @file references themselves are only provenance. */
function semantic(field: HbaToken[] | undefined): HbaToken[] {
  return field ? field.filter((t) => t.ref !== 'file') : []
}

const ADDRESS_KEYWORDS = new Set(['all', 'samehost', 'samenet'])

const HOST_TYPES = new Set(['host', 'hostssl', 'hostnossl', 'hostgssenc', 'hostnogssenc'])

const METHODS = new Set([
  'trust',
  'ident',
  'peer',
  'password',
  'gss',
  'reject',
  'md5',
  'scram-sha-256',
  'pam',
  'ldap',
  'cert',
  'radius'
])

/** Windows and BSD methods: Linux builds of PostgreSQL (Debian, the Docker image) lack them. */
const UNSUPPORTED_METHODS = new Set(['sspi', 'bsd'])

interface ParsedLine {
  line?: HbaLine
  diagnostics: Diagnostic[]
}

/** parse_hba_line: one tokenized line checked in PostgreSQL's order, with its messages. */
function parseHbaLine(
  fields: HbaToken[][],
  location: Location,
  options: Pick<HbaParseOptions, 'major' | 'ssl'>
): ParsedLine {
  const diagnostics: Diagnostic[] = []
  const fail = (message: string, token?: HbaToken): ParsedLine => ({
    diagnostics: [...diagnostics, problem('HBA_INVALID', 'error', message, where(location, token))]
  })
  // An unread @file is tolerable in the database and user columns (the rule keeps the
  // reference); anywhere else nothing can be said about the line.
  if (fields.some((f, i) => (i === 0 || i >= 3) && f.some((t) => t.ref === 'unresolved'))) {
    return {
      diagnostics: [
        problem(
          'HBA_NOT_CHECKED',
          'warning',
          'this line uses an @file that was not read, so it could not be checked',
          location
        )
      ]
    }
  }

  const typeField = semantic(fields[0])
  const typeToken = typeField[0]
  if (!typeToken) return fail('end-of-line before database specification')
  if (typeField.length > 1) return fail('multiple values specified for connection type', typeToken)
  const type = typeToken.text
  const gssEncryption = type === 'hostgssenc' || type === 'hostnogssenc'
  if (type !== 'local' && (!HOST_TYPES.has(type) || (gssEncryption && options.major < 12))) {
    return fail(`invalid connection type "${type}"`, typeToken)
  }
  if (type === 'hostssl' && options.ssl === false) {
    // PostgreSQL only logs this one and keeps the line: the server starts, the rule never matches.
    diagnostics.push(
      problem(
        'HBA_HOSTSSL_WITHOUT_SSL',
        'warning',
        'hostssl record cannot match because SSL is disabled',
        where(location, typeToken)
      )
    )
  }

  if (fields.length < 2) return fail('end-of-line before database specification')
  const databases = fields[1] ?? []
  if (fields.length < 3) return fail('end-of-line before role specification')
  const users = fields[2] ?? []

  let next = 3
  let address: string | undefined
  let netmask: string | undefined
  let addressInfo: HbaAddress | undefined
  if (type !== 'local') {
    const addressField = semantic(fields[next++])
    const addressToken = addressField[0]
    if (!addressToken) return fail('end-of-line before IP address specification')
    if (addressField.length > 1) {
      return fail('multiple values specified for host address', addressToken)
    }
    address = addressToken.text
    // Only a bare IP address takes the next field as its mask; keywords and names do not.
    const keyword = !addressToken.quoted && ADDRESS_KEYWORDS.has(address)
    const needsMask = !keyword && !address.includes('/') && isNumericHost(address)
    let maskToken: HbaToken | undefined
    if (needsMask) {
      const maskField = semantic(fields[next++])
      maskToken = maskField[0]
      if (!maskToken) return fail('end-of-line before netmask specification')
      if (maskField.length > 1) return fail('multiple values specified for netmask', maskToken)
      netmask = maskToken.text
    }
    const classified = classifyAddress(address, netmask, { quoted: addressToken.quoted })
    if (!classified.ok) return fail(classified.message, maskToken ?? addressToken)
    addressInfo = classified.address
  }

  const methodField = semantic(fields[next++])
  const methodToken = methodField[0]
  if (!methodToken) return fail('end-of-line before authentication method')
  if (methodField.length > 1) {
    return fail('multiple values specified for authentication type', methodToken)
  }
  let method = methodToken.text
  if (UNSUPPORTED_METHODS.has(method)) {
    return fail(
      `invalid authentication method "${method}": not supported by this build`,
      methodToken
    )
  }
  if (!METHODS.has(method) && !(method === 'oauth' && options.major >= 18)) {
    return fail(`invalid authentication method "${method}"`, methodToken)
  }
  if (type === 'local' && method === 'ident') method = 'peer'
  if (type === 'local' && method === 'gss') {
    return fail('gssapi authentication is not supported on local sockets', methodToken)
  }
  if (type !== 'local' && method === 'peer') {
    return fail('peer authentication is only supported on local sockets', methodToken)
  }
  if (type !== 'hostssl' && method === 'cert') {
    return fail('cert authentication is only supported on hostssl connections', methodToken)
  }

  const optionTokens = fields.slice(next).flatMap(semantic)
  const parsedOptions = parseHbaOptions(optionTokens, { type, method, major: options.major })
  for (const warning of parsedOptions.warnings) {
    diagnostics.push(
      problem('HBA_WARNING', 'warning', warning.message, where(location, warning.token))
    )
  }
  if (!parsedOptions.ok) return fail(parsedOptions.message, parsedOptions.token)

  return {
    line: {
      kind: 'rule',
      type: type as HbaType,
      databases,
      users,
      ...(address === undefined ? {} : { address }),
      ...(netmask === undefined ? {} : { netmask }),
      ...(addressInfo ? { addressInfo } : {}),
      method,
      options: parsedOptions.options,
      location
    },
    diagnostics
  }
}

/** Points at the token when it sits on the line's first physical line (PostgreSQL's line). */
function where(location: Location, token: HbaToken | undefined): Location {
  return token && isOwn(token, location.line) ? { ...location, column: token.column } : location
}

/** Written on this physical line of this file, not read from an @file or a continuation. */
function isOwn(token: HbaToken, line: number): boolean {
  return token.line === line && token.from === undefined
}

function problem(
  code: string,
  level: Diagnostic['level'],
  message: string,
  location: Location
): Diagnostic {
  return { code, level, message, location }
}

type OptionsResult =
  | { ok: true; options: Record<string, string>; warnings: OptionWarning[] }
  | { ok: false; message: string; token?: HbaToken; warnings: OptionWarning[] }

interface OptionWarning {
  message: string
  token: HbaToken
}

interface OptionContext {
  type: string
  method: string
  major: number
}

const LDAP_STRINGS = new Set([
  'ldapserver',
  'ldapbinddn',
  'ldapbindpasswd',
  'ldapsearchattribute',
  'ldapsearchfilter',
  'ldapbasedn',
  'ldapprefix',
  'ldapsuffix'
])

const RADIUS_LISTS: Record<string, string> = {
  radiusservers: 'server',
  radiussecrets: 'secret',
  radiusidentifiers: 'identifiers'
}

/** LDAP_SCOPE_SUBTREE: what parse_hba_auth_opt sets before reading each option. */
const LDAP_SCOPE_SUBTREE = 2

/** parse_hba_auth_opt over every `name=value`, then the checks that follow it. */
function parseHbaOptions(tokens: HbaToken[], ctx: OptionContext): OptionsResult {
  const { type, method, major } = ctx
  const options: Record<string, string> = {}
  const warnings: OptionWarning[] = []
  const radius: Record<string, string[]> = {}
  let ldapScope = 0
  const fail = (message: string, token?: HbaToken): OptionsResult => ({
    ok: false,
    message,
    ...(token ? { token } : {}),
    warnings
  })
  const onlyFor = (name: string, methods: string, token: HbaToken): OptionsResult =>
    fail(
      `authentication option "${name}" is only valid for authentication methods ${methods}`,
      token
    )

  if (method === 'gss' || method === 'sspi') options.include_realm = 'true'

  for (const token of tokens) {
    const eq = token.text.indexOf('=')
    if (eq < 0) return fail(`authentication option not in name=value format: ${token.text}`, token)
    const name = token.text.slice(0, eq)
    const value = token.text.slice(eq + 1)
    ldapScope = LDAP_SCOPE_SUBTREE
    if (name === 'map') {
      const methods = ['ident', 'peer', 'gss', 'sspi', 'cert', ...(major >= 18 ? ['oauth'] : [])]
      if (!methods.includes(method)) {
        return onlyFor(
          'map',
          major >= 18
            ? 'ident, peer, gssapi, sspi, cert, and oauth'
            : 'ident, peer, gssapi, sspi, and cert',
          token
        )
      }
      options.map = value
    } else if (name === 'clientcert' || name === 'clientname') {
      if (type !== 'hostssl')
        return fail(`${name} can only be configured for "hostssl" rows`, token)
      const allowed = name === 'clientcert' ? ['verify-full', 'verify-ca'] : ['CN', 'DN']
      if (!allowed.includes(value)) return fail(`invalid value for ${name}: "${value}"`, token)
      if (value === 'verify-ca' && method === 'cert') {
        return fail(
          'clientcert can only be set to "verify-full" when using "cert" authentication',
          token
        )
      }
      options[name] = value
    } else if (name === 'pamservice' || name === 'pam_use_hostname') {
      if (method !== 'pam') return onlyFor(name, 'pam', token)
      options[name] = name === 'pamservice' ? value : flag(value)
    } else if (name === 'ldapurl') {
      if (method !== 'ldap') return onlyFor(name, 'ldap', token)
      const url = parseLdapUrl(value)
      if (!url.ok) return fail(url.message, token)
      options.ldapurl = value
      options.ldapscheme = url.scheme
      if (url.host !== undefined) options.ldapserver = url.host
      options.ldapport = String(url.port)
      if (url.dn !== undefined) options.ldapbasedn = url.dn
      if (url.attribute !== undefined) options.ldapsearchattribute = url.attribute
      if (url.filter !== undefined) options.ldapsearchfilter = url.filter
      ldapScope = url.scope
    } else if (name === 'ldaptls') {
      if (method !== 'ldap') return onlyFor(name, 'ldap', token)
      options.ldaptls = flag(value)
    } else if (name === 'ldapscheme') {
      if (method !== 'ldap') return onlyFor(name, 'ldap', token)
      // PostgreSQL logs this and carries on with the value.
      if (value !== 'ldap' && value !== 'ldaps') {
        warnings.push({ message: `invalid ldapscheme value: "${value}"`, token })
      }
      options.ldapscheme = value
    } else if (name === 'ldapport') {
      if (method !== 'ldap') return onlyFor(name, 'ldap', token)
      const port = atoi(value)
      if (port === 0) return fail(`invalid LDAP port number: "${value}"`, token)
      options.ldapport = String(port)
    } else if (LDAP_STRINGS.has(name)) {
      if (method !== 'ldap') return onlyFor(name, 'ldap', token)
      options[name] = value
    } else if (name === 'krb_realm' || name === 'include_realm') {
      if (method !== 'gss' && method !== 'sspi') return onlyFor(name, 'gssapi and sspi', token)
      options[name] = name === 'krb_realm' ? value : flag(value)
    } else if (name === 'compat_realm' || name === 'upn_username') {
      if (method !== 'sspi') return onlyFor(name, 'sspi', token)
      options[name] = flag(value)
    } else if (name in RADIUS_LISTS || name === 'radiusports') {
      if (method !== 'radius') return onlyFor(name, 'radius', token)
      const list = splitGucList(value)
      if (name === 'radiusports') {
        // PostgreSQL's own message for an unparsable port list names the number, not the list.
        if (!list || list.some((p) => atoi(p) === 0)) {
          return fail(`invalid RADIUS port number: "${value}"`, token)
        }
      } else if (!list) {
        return fail(`could not parse RADIUS ${RADIUS_LISTS[name] ?? ''} list "${value}"`, token)
      }
      radius[name] = list
      options[name] = value
    } else if (major >= 18 && ['issuer', 'scope', 'validator'].includes(name)) {
      if (method !== 'oauth') return onlyFor(name, 'oauth', token)
      options[name] = value
    } else if (major >= 18 && name === 'delegate_ident_mapping') {
      if (method !== 'oauth') return onlyFor(name, 'oauth', token)
      options[name] = flag(value)
    } else {
      return fail(`unrecognized authentication option name: "${name}"`, token)
    }
  }

  const missing = (argument: string): OptionsResult =>
    fail(`authentication method "${method}" requires argument "${argument}" to be set`)
  if (method === 'ldap') {
    const has = (name: string): boolean => options[name] !== undefined
    if (has('ldapprefix') || has('ldapsuffix')) {
      const searchOptions = [
        'ldapbasedn',
        'ldapbinddn',
        'ldapbindpasswd',
        'ldapsearchattribute',
        'ldapsearchfilter'
      ]
      if (searchOptions.some(has)) {
        return fail(
          major >= 18
            ? 'cannot mix options for simple bind and search+bind modes'
            : 'cannot use ldapbasedn, ldapbinddn, ldapbindpasswd, ldapsearchattribute, ldapsearchfilter, or ldapurl together with ldapprefix'
        )
      }
    } else if (!has('ldapbasedn')) {
      return fail(
        'authentication method "ldap" requires argument "ldapbasedn", "ldapprefix", or "ldapsuffix" to be set'
      )
    }
    if (has('ldapsearchattribute') && has('ldapsearchfilter')) {
      return fail('cannot use ldapsearchattribute together with ldapsearchfilter')
    }
    if (ldapScope !== 0) options.ldapscope = String(ldapScope)
  }
  if (method === 'radius') {
    const servers = radius.radiusservers?.length ?? 0
    if (servers === 0) return missing('radiusservers')
    const secrets = radius.radiussecrets?.length ?? 0
    if (secrets === 0) return missing('radiussecrets')
    const counts: [string, number, number][] = [
      ['secrets', secrets, 1],
      ['ports', radius.radiusports?.length ?? 0, 0],
      ['identifiers', radius.radiusidentifiers?.length ?? 0, 0]
    ]
    for (const [what, count, least] of counts) {
      if (!(count === servers || (count >= least && count <= 1))) {
        return fail(
          `the number of RADIUS ${what} (${count}) must be 1 or the same as the number of RADIUS servers (${servers})`
        )
      }
    }
  }
  if (method === 'cert') options.clientcert = 'verify-full'
  if (method === 'oauth') {
    if (options.scope === undefined) return missing('scope')
    if (options.issuer === undefined) return missing('issuer')
    if (options.map !== undefined && options.delegate_ident_mapping === 'true') {
      return fail('map cannot be used in combination with delegate_ident_mapping')
    }
  }
  return { ok: true, options, warnings }
}

/** PostgreSQL's boolean options are true only when written `1`. */
function flag(value: string): string {
  return value === '1' ? 'true' : 'false'
}

/** C atoi: leading space, a sign, digits; the result wraps to a 32-bit int like strtol's cast. */
function atoi(text: string): number {
  const match = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(text)
  const digits = match?.[2] ?? ''
  if (digits === '') return 0
  const limit = 2n ** 63n - 1n
  let value = BigInt(digits)
  if (value > limit) value = match?.[1] === '-' ? limit + 1n : limit
  else if (match?.[1] === '-') value = -value
  return Number(BigInt.asIntN(32, value))
}

/** SplitGUCList with a comma: trimmed names, double quotes allowed, no empty names. */
function splitGucList(text: string): string[] | undefined {
  const names: string[] = []
  const space = (c: string | undefined): boolean =>
    c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f'
  let i = 0
  while (space(text[i])) i++
  if (i === text.length) return names
  for (;;) {
    let name: string
    if (text[i] === '"') {
      name = ''
      i++
      for (;;) {
        const end = text.indexOf('"', i)
        if (end < 0) return undefined
        name += text.slice(i, end)
        i = end + 1
        if (text[i] !== '"') break
        name += '"'
        i++
      }
    } else {
      const start = i
      while (i < text.length && text[i] !== ',' && !space(text[i])) i++
      if (i === start) return undefined
      name = text.slice(start, i)
    }
    while (space(text[i])) i++
    names.push(name)
    if (i === text.length) return names
    if (text[i] !== ',') return undefined
    i++
    while (space(text[i])) i++
  }
}

type LdapUrlResult =
  | {
      ok: true
      scheme: string
      host?: string
      port: number
      dn?: string
      attribute?: string
      scope: number
      filter?: string
    }
  | { ok: false; message: string }

/** OpenLDAP's error codes for URLs, as ldap_err2string words them (PostgreSQL prints that). */
const LDAP_URL_ERRORS: Record<string, string> = {
  badScheme: 'Time limit exceeded',
  badEnclosure: 'Size limit exceeded',
  badUrl: 'Compare False',
  badScope: 'Strong(er) authentication required',
  badFilter: 'Partial results and referral received',
  badExtensions: 'Referral'
}

const LDAP_SCOPES: Record<string, number> = {
  base: 0,
  one: 1,
  onelevel: 1,
  sub: 2,
  subtree: 2,
  subord: 3,
  subordinate: 3,
  children: 3
}

/** OpenLDAP's ldap_url_parse as PostgreSQL calls it: default ports, base scope, no empty host. */
function parseLdapUrl(url: string): LdapUrlResult {
  const error = (code: string): LdapUrlResult => ({
    ok: false,
    message: `could not parse LDAP URL "${url}": ${LDAP_URL_ERRORS[code] ?? code}`
  })
  let rest = url
  const enclosed = rest.startsWith('<')
  if (enclosed) rest = rest.slice(1)
  if (rest.slice(0, 4).toLowerCase() === 'url:') rest = rest.slice(4)
  const scheme = /^(ldaps?|ldapi):\/\//i.exec(rest)?.[1]?.toLowerCase()
  if (scheme === undefined) return error('badScheme')
  rest = rest.slice(scheme.length + 3)
  if (enclosed) {
    if (!rest.endsWith('>')) return error('badEnclosure')
    rest = rest.slice(0, -1)
  }
  if (scheme === 'ldapi') return { ok: false, message: 'unsupported LDAP URL scheme: ldapi' }

  let hostPort = rest
  let path: string | undefined
  let novell: string | undefined
  const slash = rest.indexOf('/')
  if (slash >= 0) {
    hostPort = rest.slice(0, slash)
    path = rest.slice(slash + 1)
  } else {
    const question = rest.indexOf('?')
    if (question >= 0) {
      hostPort = rest.slice(0, question)
      novell = rest.slice(question + 1)
    }
  }
  let host = hostPort
  let portText: string | undefined
  let v6 = false
  if (host.startsWith('[')) {
    const close = host.indexOf(']')
    if (close < 0) return error('badUrl')
    const after = host.slice(close + 1)
    const colon = after.indexOf(':')
    if (colon > 0) return error('badUrl')
    if (colon === 0) portText = after.slice(1)
    host = host.slice(1, close)
    v6 = true
  } else {
    const colon = host.indexOf(':')
    if (colon >= 0) {
      portText = host.slice(colon + 1)
      host = host.slice(0, colon)
    }
  }
  let port = 0
  if (portText !== undefined) {
    const text = hexUnescape(portText)
    if (!/^[ \t\n\v\f\r]*[+-]?\d+$/.test(text)) return error('badUrl')
    port = atoi(text)
  }
  if (port === 0) port = scheme === 'ldaps' ? 636 : 389
  host = v6 ? host : hexUnescape(host)
  const result: LdapUrlResult = { ok: true, scheme, port, scope: 0 }
  if (host !== '') result.host = host
  if (novell?.startsWith('?') && novell.length > 1) result.dn = hexUnescape(novell.slice(1))
  if (path === undefined) return result

  const parts = path.split('?')
  if (parts.length > 5) return error('badUrl')
  const [dn = '', attributes, scope, filter, extensions] = parts
  result.dn = hexUnescape(dn)
  if (attributes) {
    const first = hexUnescape(attributes)
      .split(',')
      .find((a) => a !== '')
    if (first !== undefined) result.attribute = first
  }
  if (scope) {
    const value = LDAP_SCOPES[hexUnescape(scope).toLowerCase()]
    if (value === undefined) return error('badScope')
    result.scope = value
  }
  if (filter) {
    const text = hexUnescape(filter)
    if (text === '') return error('badFilter')
    result.filter = text
  }
  if (extensions !== undefined && !extensions.split(',').some((e) => e !== '')) {
    return error('badExtensions')
  }
  return result
}

/** ldap_pvt_hex_unescape: %XX decoding; a bad escape empties the whole string. */
function hexUnescape(text: string): string {
  if (!text.includes('%')) return text
  const bytes: number[] = []
  const raw = new TextEncoder().encode(text)
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] ?? 0
    if (b !== 0x25) {
      bytes.push(b)
      continue
    }
    const high = hexValue(raw[i + 1])
    const low = hexValue(raw[i + 2])
    if (high < 0 || low < 0) return ''
    bytes.push(high * 16 + low)
    i += 2
  }
  return decoder.decode(Uint8Array.from(bytes))
}

function hexValue(code: number | undefined): number {
  if (code === undefined) return -1
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 102) return code - 87
  if (code >= 65 && code <= 70) return code - 55
  return -1
}
