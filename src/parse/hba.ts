import { classifyAddress, isNumericHost } from '../facts/address.js'
import { at, type Diagnostic, type Location } from '../facts/location.js'
import type { HbaAddress, HbaType } from '../facts/types.js'
import { parseHbaOptions } from './hba-options.js'

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
