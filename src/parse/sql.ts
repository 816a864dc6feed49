/**
 * SQL migrations read with PostgreSQL's own parser (libpg_query, compiled to WebAssembly, the
 * PostgreSQL 18 grammar). The file is split into statements the way psql splits it
 * (./sql-split.ts) and each statement is parsed on its own, so a statement PostgreSQL rejects,
 * or a psql meta-command, costs only itself. Facts are located at the statement's first
 * token; libpg_query's offsets are UTF-8 byte offsets (error positions count characters) and
 * are mapped back to the file's bytes before lines and columns are counted.
 */
import type { Node, ParseResult } from 'libpg-query'
import type { Diagnostic, Location } from '../facts/location.js'
import type { SqlContext, SqlStatement } from '../facts/sql-types.js'
import { statementFacts, type PlpgsqlBody, type StatementSite } from './sql-facts.js'
import {
  bomLength,
  copyDataEnd,
  nextStatement,
  skipTrivia,
  wordEnd,
  wordIs,
  type SqlChunk
} from './sql-split.js'

export interface ParsedSql {
  statements: SqlStatement[]
  diagnostics: Diagnostic[]
}

interface Parser {
  parse(sql: string): ParseResult
  parsePlpgsql(sql: string): unknown
  /** 0-based character offset of a parse error, when the error has one. */
  errorPosition(error: unknown): number | undefined
}

let parser: Parser | undefined
let loading: Promise<void> | undefined

/**
 * Loads and compiles the parser's WebAssembly once; await it before calling parseSql, which
 * is synchronous. Importing libpg-query starts the compilation, so it is imported here, not
 * at module load: runs that read no SQL never pay for it.
 */
export function initSqlParser(): Promise<void> {
  loading ??= (async () => {
    const lib = await import('libpg-query')
    await lib.loadModule()
    parser = {
      parse: lib.parseSync,
      parsePlpgsql: lib.parsePlPgSQLSync,
      errorPosition: (error) =>
        lib.hasSqlDetails(error) ? error.sqlDetails?.cursorPosition : undefined
    }
  })().catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}

/** Reads one SQL file. Never throws for any content; throws if initSqlParser was not awaited. */
export function parseSql(source: Uint8Array | string, file: string): ParsedSql {
  if (parser === undefined) throw new Error('parseSql: await initSqlParser() first')
  const bytes = typeof source === 'string' ? encoder.encode(source) : source
  return new SqlFileReader(parser, bytes, file).read()
}

const encoder = new TextEncoder()
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const SPACE = 0x20

/** Bytes being parsed: a statement of the file, or one written inside a PL/pgSQL body. */
interface Source {
  bytes: Uint8Array
  /** File location of a byte offset; absent for body statements, located by their line. */
  locate?: (offset: number) => Location
}

interface ExecutedSql {
  lineno: number
  query: string
}

/** Nesting of PL/pgSQL bodies read: a DO block inside a function body is read, no deeper. */
const MAX_BODY_DEPTH = 2

class SqlFileReader {
  private readonly statements: SqlStatement[] = []
  private readonly diagnostics: Diagnostic[] = []
  private lineStarts: number[] | undefined
  private encodingReported = false

  constructor(
    private readonly parser: Parser,
    private readonly bytes: Uint8Array,
    private readonly file: string
  ) {}

  read(): ParsedSql {
    let pos = bomLength(this.bytes)
    while (pos < this.bytes.length) {
      const segment = nextStatement(this.bytes, pos)
      for (const meta of segment.metaCommands) {
        this.diagnostics.push({
          code: 'SQL_PSQL_META',
          level: 'notice',
          message: `psql meta-command \\${meta.name} skipped`,
          location: this.locate(meta.start)
        })
      }
      pos = segment.next
      const chunk = segment.chunk
      if (chunk !== undefined && !withoutFacts(this.bytes, chunk) && this.readChunk(chunk)) {
        pos = Math.max(pos, copyDataEnd(this.bytes, chunk.end))
      }
    }
    return { statements: this.statements, diagnostics: this.diagnostics }
  }

  /** Parses one statement; true when it is COPY ... FROM STDIN, whose data lines follow. */
  private readChunk(chunk: SqlChunk): boolean {
    const { bytes, sql } = this.prepare(chunk)
    let result: ParseResult
    try {
      result = this.parser.parse(sql)
    } catch (error) {
      this.syntaxError(error, chunk.start, bytes, sql)
      return false
    }
    const source: Source = { bytes, locate: (offset) => this.locate(chunk.start + offset) }
    let copyIn = false
    for (const raw of result.stmts ?? []) {
      if (raw.stmt === undefined) continue
      const from = raw.stmt_location ?? 0
      const to = raw.stmt_len !== undefined && raw.stmt_len > 0 ? from + raw.stmt_len : bytes.length
      const start = skipTrivia(bytes, from, to)
      this.statements.push(
        ...this.facts(raw.stmt, source, start, to, this.locate(chunk.start + start))
      )
      if ('CopyStmt' in raw.stmt) {
        const copy = raw.stmt.CopyStmt
        if (copy.is_from === true && copy.filename === undefined) copyIn = true
      }
    }
    return copyIn
  }

  private facts(
    node: Node,
    source: Source,
    from: number,
    to: number,
    location: Location,
    context?: SqlContext,
    depth = 0
  ): SqlStatement[] {
    const site: StatementSite = {
      location,
      leadingWords: (count) => leadingWords(source.bytes, from, to, count),
      plpgsql: (bodyLocation, bodyContext) =>
        this.plpgsqlBody(source, from, to, bodyLocation, bodyContext, location, depth)
    }
    if (context !== undefined) site.context = context
    return statementFacts(node, site)
  }

  private plpgsqlBody(
    source: Source,
    from: number,
    to: number,
    bodyLocation: number | undefined,
    context: SqlContext,
    location: Location,
    depth: number
  ): PlpgsqlBody {
    const sql = utf8.decode(source.bytes.subarray(from, to))
    let tree: unknown
    try {
      tree = this.parser.parsePlpgsql(sql)
    } catch {
      // PL/pgSQL also rejects bodies PostgreSQL accepts until they run (undeclared variables).
      return { dynamic_sql_concat: /\bexecute\b[^;]*(\|\||%s)/i.test(sql), statements: [] }
    }
    const executed: ExecutedSql[] = []
    const dynamic = walkPlpgsql(tree, executed)
    const statements: SqlStatement[] = []
    if (depth >= MAX_BODY_DEPTH) return { dynamic_sql_concat: dynamic, statements }
    const bodyLine =
      source.locate !== undefined && bodyLocation !== undefined
        ? source.locate(bodyStart(source.bytes, bodyLocation)).line
        : undefined
    for (const { lineno, query } of executed) {
      const queryBytes = encoder.encode(query)
      let result: ParseResult
      try {
        result = this.parser.parse(query)
      } catch {
        continue
      }
      const at = bodyLine !== undefined ? this.lineLocation(bodyLine + lineno - 1, query) : location
      for (const raw of result.stmts ?? []) {
        if (raw.stmt === undefined) continue
        const stmtFrom = raw.stmt_location ?? 0
        const stmtTo =
          raw.stmt_len !== undefined && raw.stmt_len > 0
            ? stmtFrom + raw.stmt_len
            : queryBytes.length
        statements.push(
          ...this.facts(raw.stmt, { bytes: queryBytes }, stmtFrom, stmtTo, at, context, depth + 1)
        )
      }
    }
    return { dynamic_sql_concat: dynamic, statements }
  }

  /** Location of a body statement: its line, at its first word when the line shows it. */
  private lineLocation(line: number, query: string): Location {
    const starts = this.starts()
    const lineStart = starts[Math.min(line, starts.length) - 1] ?? 0
    const next = starts[line]
    const lineText = utf8.decode(this.bytes.subarray(lineStart, next ?? this.bytes.length))
    const firstWord = query.trimStart().split(/\s/, 1)[0] ?? ''
    const found = firstWord === '' ? -1 : lineText.indexOf(firstWord)
    const column = found >= 0 ? found + 1 : lineText.length - lineText.trimStart().length + 1
    return { file: this.file, line, column }
  }

  private syntaxError(error: unknown, chunkStart: number, bytes: Uint8Array, sql: string): void {
    const position = this.parser.errorPosition(error)
    const offset = position !== undefined ? byteOffsetOfCharacter(bytes, position) : 0
    const message = error instanceof Error ? error.message : String(error)
    this.diagnostics.push({
      code: 'SQL_SYNTAX',
      level: 'warning',
      message: withheldToken(message, sql),
      location: this.locate(chunkStart + offset)
    })
  }

  /**
   * The statement's bytes with meta-commands blanked, and its text for the parser. The text
   * encodes to exactly these bytes, so the parser's byte offsets are offsets into them: invalid
   * UTF-8 is replaced byte for byte by `?` (in a copy), and NUL, which would end the C string
   * early, reads as a blank.
   */
  private prepare(chunk: SqlChunk): { bytes: Uint8Array; sql: string } {
    let bytes = this.bytes.subarray(chunk.start, chunk.end)
    if (chunk.blanks.length > 0) {
      bytes = bytes.slice()
      for (let k = 0; k + 1 < chunk.blanks.length; k += 2) {
        const from = (chunk.blanks[k] ?? 0) - chunk.start
        bytes.fill(SPACE, from, (chunk.blanks[k + 1] ?? 0) - chunk.start)
      }
    }
    let sql: string
    try {
      sql = strictUtf8.decode(bytes)
    } catch {
      bytes = bytes.slice()
      const firstBad = sanitizeUtf8(bytes)
      if (!this.encodingReported) {
        this.encodingReported = true
        this.diagnostics.push({
          code: 'SQL_ENCODING',
          level: 'warning',
          message: 'the file is not valid UTF-8; invalid bytes were read as "?"',
          location: this.locate(chunk.start + firstBad)
        })
      }
      sql = utf8.decode(bytes)
    }
    return { bytes, sql: sql.includes('\0') ? sql.replaceAll('\0', ' ') : sql }
  }

  private starts(): number[] {
    if (this.lineStarts !== undefined) return this.lineStarts
    const starts = [0]
    let i = this.bytes.indexOf(0x0a)
    while (i >= 0) {
      starts.push(i + 1)
      i = this.bytes.indexOf(0x0a, i + 1)
    }
    this.lineStarts = starts
    return starts
  }

  /** 1-based line, and column in UTF-16 code units of the decoded line (as editors count). */
  private locate(offset: number): Location {
    const starts = this.starts()
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >>> 1
      if ((starts[mid] ?? 0) <= offset) low = mid
      else high = mid - 1
    }
    const lineStart = starts[low] ?? 0
    let column = offset - lineStart + 1
    for (let i = lineStart; i < offset; i++) {
      if ((this.bytes[i] ?? 0) >= 0x80) {
        column = utf8.decode(this.bytes.subarray(lineStart, offset)).length + 1
        break
      }
    }
    return { file: this.file, line: low + 1, column }
  }
}

/** Commands that never carry a fact, by their first word. */
const FACTLESS_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'merge',
  'select',
  'with',
  'values',
  'table',
  'truncate',
  'comment',
  'analyze',
  'vacuum',
  'reindex',
  'cluster',
  'refresh',
  'lock',
  'notify',
  'listen',
  'unlisten',
  'explain',
  'begin',
  'commit',
  'rollback',
  'start',
  'end',
  'savepoint',
  'release',
  'checkpoint',
  'show'
])

/** CREATE and ALTER of objects that never carry a fact, by the second word. */
const FACTLESS_OBJECTS = new Set([
  'index',
  'unique',
  'sequence',
  'view',
  'materialized',
  'type',
  'domain',
  'trigger',
  'temp',
  'temporary',
  'unlogged',
  'statistics',
  'collation',
  'aggregate',
  'operator'
])

/**
 * Whether the leading keywords show a statement that cannot give a fact (data changes, CREATE
 * TABLE, CREATE INDEX, ALTER TABLE without ROW LEVEL SECURITY...). Such statements, most of a
 * schema dump, are not parsed, so their syntax errors are not reported either. Always parsed:
 * a chunk psql may send as several statements (`\;`, a meta-command inside), and one that runs
 * to the end of the file, as an unterminated quote or comment does.
 */
function withoutFacts(bytes: Uint8Array, chunk: SqlChunk): boolean {
  if (chunk.blanks.length > 0 || chunk.end >= bytes.length) return false
  const [command, object] = leadingWords(bytes, chunk.start, chunk.end, 2)
  if (command === undefined) return false
  if (FACTLESS_COMMANDS.has(command)) return true
  if (command !== 'create' && command !== 'alter') return false
  if (object === 'table') return command === 'create' || !mentionsSecurity(bytes, chunk)
  return object !== undefined && FACTLESS_OBJECTS.has(object)
}

/** An ASCII case-insensitive search for `security` in the statement. */
function mentionsSecurity(bytes: Uint8Array, chunk: SqlChunk): boolean {
  for (let i = chunk.start; i + 8 <= chunk.end; i++) {
    if (((bytes[i] ?? 0) | 0x20) === 0x73 && wordIs(bytes, i, i + 8, 'security')) return true
  }
  return false
}

function leadingWords(bytes: Uint8Array, from: number, to: number, count: number): string[] {
  const words: string[] = []
  let i = from
  while (words.length < count) {
    i = skipTrivia(bytes, i, to)
    const end = wordEnd(bytes, i)
    if (end === i) break
    words.push(utf8.decode(bytes.subarray(i, end)).toLowerCase())
    i = end
  }
  return words
}

/** Offset of a routine body's string literal: the tree locates the AS keyword, DO the literal. */
function bodyStart(bytes: Uint8Array, location: number): number {
  const at = skipTrivia(bytes, location, bytes.length)
  const end = wordEnd(bytes, at)
  return wordIs(bytes, at, end, 'as') ? skipTrivia(bytes, end, bytes.length) : at
}

/** Byte offset of the `position`-th character (code point) of valid UTF-8 `bytes`. */
function byteOffsetOfCharacter(bytes: Uint8Array, position: number): number {
  let seen = 0
  for (let i = 0; i < bytes.length; i++) {
    if (((bytes[i] ?? 0) & 0xc0) !== 0x80) {
      if (seen === position) return i
      seen++
    }
  }
  return bytes.length
}

/** Dynamic SQL statements and where their query expression sits in the PL/pgSQL tree. */
const DYNAMIC_SQL: Record<string, string> = {
  PLpgSQL_stmt_dynexecute: 'query',
  PLpgSQL_stmt_dynfors: 'query',
  PLpgSQL_stmt_return_query: 'dynquery',
  PLpgSQL_stmt_open: 'dynquery'
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function exprQuery(expr: unknown): string | undefined {
  if (!isRecord(expr) || !isRecord(expr.PLpgSQL_expr)) return undefined
  const query = expr.PLpgSQL_expr.query
  return typeof query === 'string' ? query : undefined
}

/**
 * Walks libpg_query's PL/pgSQL tree: collects the SQL statements it runs as written, and says
 * whether it runs dynamic SQL built by concatenation (`||`) or format('%s').
 */
function walkPlpgsql(value: unknown, executed: ExecutedSql[]): boolean {
  if (Array.isArray(value)) {
    let dynamic = false
    for (const item of value) if (walkPlpgsql(item, executed)) dynamic = true
    return dynamic
  }
  if (!isRecord(value)) return false
  let dynamic = false
  for (const [key, child] of Object.entries(value)) {
    if (!isRecord(child)) {
      if (Array.isArray(child) && walkPlpgsql(child, executed)) dynamic = true
      continue
    }
    if (key === 'PLpgSQL_stmt_execsql') {
      const query = exprQuery(child.sqlstmt)
      const lineno = child.lineno
      if (query !== undefined)
        executed.push({ lineno: typeof lineno === 'number' ? lineno : 1, query })
    }
    const dynamicKey = DYNAMIC_SQL[key]
    if (dynamicKey !== undefined) {
      const query = exprQuery(child[dynamicKey]) ?? ''
      if (query.includes('||') || (/\bformat\s*\(/i.test(query) && query.includes('%s'))) {
        dynamic = true
      }
    }
    if (walkPlpgsql(child, executed)) dynamic = true
  }
  return dynamic
}

/**
 * PostgreSQL quotes the token it stopped at. A string literal, a quoted identifier or any
 * token of a statement that mentions a password may be a secret: the message leaves it out.
 */
function withheldToken(message: string, sql: string): string {
  const near = / at or near "/.exec(message)
  if (near === null) return message
  const token = message.slice(near.index + near[0].length, -1)
  const secret =
    /^(?:[EeBbXxNn]?'|[Uu]&|"|\$)/.test(token) || token.length > 40 || /password/i.test(sql)
  return secret ? `${message.slice(0, near.index)} at or near a token not shown` : message
}

/**
 * Replaces every byte that is not part of a valid UTF-8 sequence (WHATWG rules, as
 * TextDecoder judges) with `?`, in place. Returns the offset of the first one replaced.
 */
function sanitizeUtf8(bytes: Uint8Array): number {
  let first = -1
  let i = 0
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i)
    if (length > 0) {
      i += length
      continue
    }
    if (first < 0) first = i
    bytes[i] = 0x3f
    i++
  }
  return Math.max(first, 0)
}

function validSequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] ?? 0
  if (b0 < 0x80) return 1
  let length: number
  let low = 0x80
  let high = 0xbf
  if (b0 >= 0xc2 && b0 <= 0xdf) length = 2
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3
    if (b0 === 0xe0) low = 0xa0
    if (b0 === 0xed) high = 0x9f
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4
    if (b0 === 0xf0) low = 0x90
    if (b0 === 0xf4) high = 0x8f
  } else return 0
  for (let k = 1; k < length; k++) {
    const b = bytes[i + k]
    if (b === undefined || b < (k === 1 ? low : 0x80) || b > (k === 1 ? high : 0xbf)) return 0
  }
  return length
}
