/**
 * postgresql.conf, read the way PostgreSQL 15's guc-file.l reads it: a flex scanner over bytes
 * (bytes 0x80-0xFF are letters), longest match with rule order as the tie-break, and the
 * line-oriented parser of ParseConfigFp, which reports a syntax error and resumes at the next
 * line, giving up after 100 errors in one file.
 */
import type { Diagnostic, Location } from '../facts/location.js'

export interface ConfAssignment {
  kind: 'setting'
  /** The name with ASCII letters lower-cased, as PostgreSQL compares names. */
  name: string
  /** The name as written: PostgreSQL detects duplicate lines by comparing this, case and all. */
  written: string
  /** After quote removal and de-escaping, as UTF-8 text. */
  value: string
  quoted: boolean
  /** Of the name token. */
  location: Location
}

export interface ConfInclude {
  kind: 'include' | 'include_if_exists' | 'include_dir'
  path: string
  location: Location
}

export type ConfEntry = ConfAssignment | ConfInclude

export interface ParsedConf {
  entries: ConfEntry[]
  diagnostics: Diagnostic[]
}

/** PostgreSQL abandons a file after this many syntax errors. */
export const MAX_SYNTAX_ERRORS = 100

const EOF = 0
const ID = 1
const STRING = 2
const INTEGER = 3
const REAL = 4
const EQUALS = 5
const UNQUOTED_STRING = 6
const QUALIFIED_ID = 7
const EOL = 99
const ERROR = 100

const LETTER = 1
const DIGIT = 2
const HEX = 4
const UNIT_LETTER = 8
const UNQUOTED_EXTRA = 16
const BLANK = 32

const CLASS = new Uint8Array(256)
for (let c = 0; c < 256; c++) {
  const upper = c >= 0x41 && c <= 0x5a
  const lower = c >= 0x61 && c <= 0x7a
  const digit = c >= 0x30 && c <= 0x39
  let bits = 0
  if (upper || lower || c === 0x5f || c >= 0x80) bits |= LETTER
  if (digit) bits |= DIGIT | HEX
  if ((c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)) bits |= HEX
  if (upper || lower) bits |= UNIT_LETTER
  if (c === 0x2d || c === 0x2e || c === 0x5f || c === 0x3a || c === 0x2f) bits |= UNQUOTED_EXTRA
  if (c === 0x20 || c === 0x09 || c === 0x0d) bits |= BLANK
  CLASS[c] = bits
}

/** Whether the byte at `i` is in `mask`; past the end, no byte is. */
function is(bytes: Uint8Array, i: number, mask: number): boolean {
  return ((CLASS[bytes[i] ?? 0] ?? 0) & mask) !== 0
}

const NEWLINE = 0x0a
const QUOTE = 0x27
const BACKSLASH = 0x5c
const HASH = 0x23
const DOT = 0x2e
const EQUALS_SIGN = 0x3d

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })
const encoder = new TextEncoder()

class Scanner {
  pos = 0
  line = 1
  lineStart = 0
  kind = EOF
  start = 0
  end = 0
  /** Line and line start of the current token (a newline token belongs to the line it ends). */
  tokenLine = 1
  tokenLineStart = 0

  constructor(readonly bytes: Uint8Array) {}

  next(): number {
    const b = this.bytes
    const n = b.length
    let p = this.pos
    for (;;) {
      while (is(b, p, BLANK)) p++
      if (p < n && b[p] === HASH) {
        const nl = b.indexOf(NEWLINE, p)
        p = nl < 0 ? n : nl
        continue
      }
      break
    }
    this.start = p
    this.tokenLine = this.line
    this.tokenLineStart = this.lineStart
    if (p >= n) {
      this.pos = this.end = p
      return (this.kind = EOF)
    }
    const c = b[p] ?? 0
    let kind: number
    let end: number
    if (c === NEWLINE) {
      kind = EOL
      end = p + 1
      this.line++
      this.lineStart = end
    } else if (is(b, p, LETTER)) {
      ;[kind, end] = this.word(p)
    } else if (c === QUOTE) {
      end = this.quoted(p)
      kind = end > p ? STRING : ERROR
      if (end === p) end = p + 1
    } else if (c === EQUALS_SIGN) {
      kind = EQUALS
      end = p + 1
    } else {
      ;[kind, end] = this.number(p)
    }
    this.kind = kind
    this.end = this.pos = end
    return kind
  }

  /** ID, QUALIFIED_ID or UNQUOTED_STRING: the longest wins, the earlier rule on a tie. */
  private word(p: number): [number, number] {
    const b = this.bytes
    let idEnd = p + 1
    while (is(b, idEnd, LETTER | DIGIT)) idEnd++
    let unquotedEnd = idEnd
    while (is(b, unquotedEnd, LETTER | DIGIT | UNQUOTED_EXTRA)) {
      unquotedEnd++
    }
    if (unquotedEnd === idEnd) return [ID, idEnd]
    if (b[idEnd] === DOT && is(b, idEnd + 1, LETTER)) {
      let qualifiedEnd = idEnd + 2
      while (is(b, qualifiedEnd, LETTER | DIGIT)) qualifiedEnd++
      if (qualifiedEnd === unquotedEnd) return [QUALIFIED_ID, qualifiedEnd]
    }
    return [UNQUOTED_STRING, unquotedEnd]
  }

  /**
   * STRING `'([^'\\\n]|\\.|'')*'`: the end of the longest match, or `p` when there is none.
   * A quote followed by a quote may end the string or be an escaped quote, so the last such
   * position is kept in case the string never closes.
   */
  private quoted(p: number): number {
    const b = this.bytes
    const n = b.length
    let longest = p
    let i = p + 1
    while (i < n) {
      const c = b[i]
      if (c === QUOTE) {
        if (b[i + 1] !== QUOTE) return i + 1
        longest = i + 1
        i += 2
      } else if (c === BACKSLASH) {
        if (i + 1 >= n || b[i + 1] === NEWLINE) return longest
        i += 2
      } else if (c === NEWLINE) {
        return longest
      } else {
        i++
      }
    }
    return longest
  }

  /** INTEGER, REAL, or a one-byte ERROR token. */
  private number(p: number): [number, number] {
    const b = this.bytes
    let q = p
    if (b[q] === 0x2b || b[q] === 0x2d) q++
    let integerEnd = -1
    let digits = q
    while (is(b, digits, DIGIT)) digits++
    if (digits > q) {
      let e = digits
      while (is(b, e, UNIT_LETTER)) e++
      integerEnd = e
      if (b[q] === 0x30 && b[q + 1] === 0x78 && is(b, q + 2, HEX)) {
        let h = q + 2
        while (is(b, h, HEX)) h++
        while (is(b, h, UNIT_LETTER)) h++
        if (h > integerEnd) integerEnd = h
      }
    }
    let realEnd = -1
    if (b[digits] === DOT) {
      let r = digits + 1
      while (is(b, r, DIGIT)) r++
      if (b[r] === 0x65 || b[r] === 0x45) {
        let x = r + 1
        if (b[x] === 0x2b || b[x] === 0x2d) x++
        const exponentDigits = x
        while (is(b, x, DIGIT)) x++
        if (x > exponentDigits) r = x
      }
      realEnd = r
    }
    if (realEnd > integerEnd) return [REAL, realEnd]
    if (integerEnd > 0) return [INTEGER, integerEnd]
    return [ERROR, p + 1]
  }
}

/** 1-based column in UTF-16 code units of the decoded line, as editors and SARIF count. */
function columnOf(bytes: Uint8Array, lineStart: number, offset: number): number {
  for (let i = lineStart; i < offset; i++) {
    if ((bytes[i] ?? 0) >= 0x80) return utf8.decode(bytes.subarray(lineStart, offset)).length + 1
  }
  return offset - lineStart + 1
}

function text(bytes: Uint8Array, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end))
}

/** ASCII-only lower-casing, like guc_name_compare. */
function lowerAscii(name: string): string {
  return /[A-Z]/.test(name) ? name.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : name
}

/**
 * DeescapeQuotedString: strips the quotes, collapses `''`, and resolves `\b \f \n \r \t`,
 * octal `\ooo` (modulo 256) and `\x` → `x`. PostgreSQL keeps values as C strings, so the
 * value ends at the first NUL byte.
 */
function deescape(bytes: Uint8Array, start: number, end: number): string {
  const out = new Uint8Array(end - start)
  let j = 0
  for (let i = start + 1; i < end - 1; i++) {
    let c = bytes[i] ?? 0
    if (c === BACKSLASH) {
      i++
      c = bytes[i] ?? 0
      if (c === 0x62) c = 0x08
      else if (c === 0x66) c = 0x0c
      else if (c === 0x6e) c = 0x0a
      else if (c === 0x72) c = 0x0d
      else if (c === 0x74) c = 0x09
      else if (c >= 0x30 && c <= 0x37) {
        let octal = 0
        let k = 0
        while (k < 3 && i + k < end - 1) {
          const d = bytes[i + k] ?? 0
          if (d < 0x30 || d > 0x37) break
          octal = (octal << 3) + d - 0x30
          k++
        }
        i += k - 1
        c = octal & 0xff
      }
    } else if (c === QUOTE) {
      i++
    }
    if (c === 0) break
    out[j++] = c
  }
  return utf8.decode(out.subarray(0, j))
}

const INCLUDE_KINDS: Readonly<Record<string, ConfInclude['kind']>> = {
  include: 'include',
  include_if_exists: 'include_if_exists',
  include_dir: 'include_dir'
}

export function parseConf(source: Uint8Array | string, file: string): ParsedConf {
  const bytes = typeof source === 'string' ? encoder.encode(source) : source
  const scanner = new Scanner(bytes)
  const entries: ConfEntry[] = []
  const diagnostics: Diagnostic[] = []
  let errors = 0

  for (;;) {
    let token = scanner.next()
    if (token === EOF) break
    if (token === EOL) continue

    const nameLine = scanner.tokenLine
    const nameLineStart = scanner.tokenLineStart
    const nameStart = scanner.start
    let written = ''
    let value = ''
    let quoted = false
    let ok = false
    if (token === ID || token === QUALIFIED_ID) {
      written = text(bytes, scanner.start, scanner.end)
      token = scanner.next()
      if (token === EQUALS) token = scanner.next()
      if (
        token === ID ||
        token === STRING ||
        token === INTEGER ||
        token === REAL ||
        token === UNQUOTED_STRING
      ) {
        quoted = token === STRING
        value = quoted
          ? deescape(bytes, scanner.start, scanner.end)
          : text(bytes, scanner.start, scanner.end)
        token = scanner.next()
        ok = token === EOL || token === EOF
      }
    }

    if (ok) {
      const name = lowerAscii(written)
      const location: Location = {
        file,
        line: nameLine,
        column: columnOf(bytes, nameLineStart, nameStart)
      }
      const include = INCLUDE_KINDS[name]
      entries.push(
        include
          ? { kind: include, path: value, location }
          : { kind: 'setting', name, written, value, quoted, location }
      )
      if (token === EOF) break
      continue
    }

    // PostgreSQL numbers an error at the end of a file without a final newline one line too
    // low (ConfigFileLineno - 1 before the line was counted); the true line is reported here.
    const line = scanner.tokenLine
    const column = columnOf(bytes, scanner.tokenLineStart, scanner.start)
    const near =
      token === EOL || token === EOF
        ? 'near end of line'
        : `near token "${text(bytes, scanner.start, scanner.end).replace(/\0.*$/s, '')}"`
    diagnostics.push({
      code: 'CONF_SYNTAX',
      level: 'error',
      message: `syntax error in file "${file}" line ${line}, ${near}`,
      location: { file, line, column }
    })
    errors++
    if (errors >= MAX_SYNTAX_ERRORS) {
      diagnostics.push({
        code: 'CONF_TOO_MANY_ERRORS',
        level: 'error',
        message: `too many syntax errors found, abandoning file "${file}"`,
        location: { file, line, column }
      })
      break
    }
    while (token !== EOL && token !== EOF) token = scanner.next()
    if (token === EOF) break
  }
  return { entries, diagnostics }
}
