/**
 * Splits a SQL script into statements the way psql reads it (psqlscan.l): a statement ends at
 * a `;` outside quotes, dollar quotes, comments and parentheses, and outside the BEGIN ...
 * END of a CREATE FUNCTION/PROCEDURE ... BEGIN ATOMIC body; a backslash outside quotes starts
 * a psql meta-command that runs to the end of the line. Works on UTF-8 bytes: every byte that
 * matters is ASCII, and bytes 0x80-0xFF are identifier letters as in PostgreSQL's scanner.
 * Assumes standard_conforming_strings = on (backslashes are escapes only in E'...').
 */

export interface SqlChunk {
  /** Byte offset of the statement's first token. */
  start: number
  /** Byte offset just past its last byte, the terminating `;` excluded. */
  end: number
  /** [start, end) byte ranges inside the statement to read as blanks: meta-commands, `\;`. */
  blanks: number[]
}

export interface MetaCommand {
  /** Byte offset of the backslash. */
  start: number
  /** The command name without the backslash (`connect`, `set`, `i`), at most 32 bytes. */
  name: string
}

export interface SqlSegment {
  /** Absent when only blanks, comments and meta-commands were left. */
  chunk?: SqlChunk
  metaCommands: MetaCommand[]
  /** Where the next statement's scan starts. */
  next: number
}

const LETTER = 1
const DIGIT = 2
const SPACE = 4
const DOLLAR_TAG_START = 8

const CLASS = new Uint8Array(256)
for (let c = 0; c < 256; c++) {
  let bits = 0
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80) {
    bits |= LETTER | DOLLAR_TAG_START
  }
  if (c >= 0x30 && c <= 0x39) bits |= DIGIT
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) bits |= SPACE
  CLASS[c] = bits
}

function is(bytes: Uint8Array, i: number, mask: number): boolean {
  return i < bytes.length && ((CLASS[bytes[i] ?? 0] ?? 0) & mask) !== 0
}

const NEWLINE = 0x0a
const QUOTE = 0x27
const DQUOTE = 0x22
const DOLLAR = 0x24
const BACKSLASH = 0x5c
const SEMICOLON = 0x3b
const LPAREN = 0x28
const RPAREN = 0x29
const DASH = 0x2d
const SLASH = 0x2f
const STAR = 0x2a
const COLON = 0x3a
const DOT = 0x2e

/** Meta-commands that send the query buffer, ending the statement in progress. */
const SENDING_COMMANDS = new Set(['g', 'gx', 'gset', 'gexec', 'gdesc', 'watch', 'crosstabview'])

/** Byte length of a UTF-8 byte order mark at the start, which psql scripts may carry. */
export function bomLength(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
}

function lineEnd(bytes: Uint8Array, from: number): number {
  const i = bytes.indexOf(NEWLINE, from)
  return i < 0 ? bytes.length : i
}

/** Past the end of a (nested) block comment opened at `from`. */
function blockCommentEnd(bytes: Uint8Array, from: number): number {
  let depth = 1
  let i = from + 2
  while (i < bytes.length) {
    const c = bytes[i]
    if (c === STAR && bytes[i + 1] === SLASH) {
      i += 2
      if (--depth === 0) return i
    } else if (c === SLASH && bytes[i + 1] === STAR) {
      i += 2
      depth++
    } else {
      i++
    }
  }
  return bytes.length
}

/** Past the closing quote of a literal whose body starts at `from`; `''` embeds a quote. */
function quotedEnd(bytes: Uint8Array, from: number, quote: number, backslashes: boolean): number {
  let i = from
  for (;;) {
    if (backslashes) {
      while (i < bytes.length && bytes[i] !== quote) i += bytes[i] === BACKSLASH ? 2 : 1
    } else {
      const found = bytes.indexOf(quote, i)
      i = found < 0 ? bytes.length : found
    }
    if (i >= bytes.length) return bytes.length
    if (bytes[i + 1] !== quote) return i + 1
    i += 2
  }
}

/** Length of a dollar-quote delimiter (`$$`, `$tag$`) at `at`, or 0. */
function dollarDelimiterLength(bytes: Uint8Array, at: number): number {
  let i = at + 1
  if (is(bytes, i, DOLLAR_TAG_START)) {
    i++
    while (is(bytes, i, LETTER | DIGIT)) i++
  }
  return bytes[i] === DOLLAR ? i + 1 - at : 0
}

function dollarQuotedEnd(bytes: Uint8Array, at: number, length: number): number {
  let i = at + length
  for (;;) {
    const found = bytes.indexOf(DOLLAR, i)
    if (found < 0) return bytes.length
    let same = found + length <= bytes.length
    for (let k = 1; same && k < length; k++) same = bytes[found + k] === bytes[at + k]
    if (same) return found + length
    i = found + 1
  }
}

function identifierEnd(bytes: Uint8Array, from: number): number {
  let i = from + 1
  while (is(bytes, i, LETTER | DIGIT) || bytes[i] === DOLLAR) i++
  return i
}

/** ASCII case-insensitive comparison of bytes [start, end) with a lower-case word. */
export function wordIs(bytes: Uint8Array, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false
  for (let k = 0; k < word.length; k++) {
    if (((bytes[start + k] ?? 0) | 0x20) !== word.charCodeAt(k)) return false
  }
  return true
}

/** First letter of the words psql watches to recognise CREATE [OR REPLACE] FUNCTION/PROCEDURE. */
function routineHeadLetter(bytes: Uint8Array, start: number, end: number): number {
  for (const word of ['create', 'function', 'procedure', 'or', 'replace']) {
    if (wordIs(bytes, start, end, word)) return word.charCodeAt(0)
  }
  return 0
}

/** Skips blanks and comments from `from`; returns the offset of the next token or `end`. */
export function skipTrivia(bytes: Uint8Array, from: number, end: number): number {
  let i = from
  while (i < end) {
    if (is(bytes, i, SPACE)) i++
    else if (bytes[i] === DASH && bytes[i + 1] === DASH) i = lineEnd(bytes, i)
    else if (bytes[i] === SLASH && bytes[i + 1] === STAR) i = blockCommentEnd(bytes, i)
    else return i
  }
  return end
}

/** Past the identifier or keyword at `from`, or `from` when none starts there. */
export function wordEnd(bytes: Uint8Array, from: number): number {
  return is(bytes, from, LETTER) ? identifierEnd(bytes, from) : from
}

function metaCommandName(bytes: Uint8Array, at: number, end: number): string {
  let name = ''
  for (let i = at + 1; i < end && i < at + 33; i++) {
    const c = bytes[i] ?? 0
    if (is(bytes, i, SPACE) || c === BACKSLASH) break
    name += String.fromCharCode(c)
  }
  return name
}

/** Reads the next statement from `from` on. Linear in the bytes it passes. */
export function nextStatement(bytes: Uint8Array, from: number): SqlSegment {
  const n = bytes.length
  const metaCommands: MetaCommand[] = []
  const blanks: number[] = []
  let start = -1
  let parens = 0
  let beginDepth = 0
  let words = 0
  const head = [0, 0, 0, 0]
  let i = from
  const done = (end: number, next: number): SqlSegment =>
    start < 0 ? { metaCommands, next } : { chunk: { start, end, blanks }, metaCommands, next }

  while (i < n) {
    const c = bytes[i] ?? 0
    if (is(bytes, i, SPACE)) {
      i++
      continue
    }
    if (c === DASH && bytes[i + 1] === DASH) {
      i = lineEnd(bytes, i)
      continue
    }
    if (c === SLASH && bytes[i + 1] === STAR) {
      i = blockCommentEnd(bytes, i)
      continue
    }
    if (c === BACKSLASH) {
      const next = bytes[i + 1]
      if (next === SEMICOLON || next === COLON) {
        // psql passes `\;` and `\:` on without the backslash: a literal ; or : in the buffer.
        if (start < 0) start = i
        blanks.push(i, i + 1)
        i += 2
        continue
      }
      const end = lineEnd(bytes, i)
      const name = metaCommandName(bytes, i, end)
      metaCommands.push({ start: i, name })
      if (start >= 0 && SENDING_COMMANDS.has(name)) return done(i, end)
      if (start >= 0) blanks.push(i, end)
      i = end
      continue
    }
    if (start < 0) start = i
    if (c === SEMICOLON) {
      if (parens === 0 && beginDepth === 0) return done(i, i + 1)
      i++
    } else if (c === QUOTE) {
      i = quotedEnd(bytes, i + 1, QUOTE, false)
    } else if (c === DQUOTE) {
      i = quotedEnd(bytes, i + 1, DQUOTE, false)
    } else if (c === DOLLAR) {
      const length = dollarDelimiterLength(bytes, i)
      i = length > 0 ? dollarQuotedEnd(bytes, i, length) : i + 1
    } else if (c === LPAREN) {
      parens++
      i++
    } else if (c === RPAREN) {
      if (parens > 0) parens--
      i++
    } else if (is(bytes, i, LETTER)) {
      const end = identifierEnd(bytes, i)
      if (end === i + 1 && (c | 0x20) === 0x65 && bytes[end] === QUOTE) {
        i = quotedEnd(bytes, end + 1, QUOTE, true)
        continue
      }
      if (words < head.length) head[words] = routineHeadLetter(bytes, i, end)
      words++
      if (parens === 0 && inRoutineHead(head)) {
        if (wordIs(bytes, i, end, 'begin')) beginDepth++
        else if (wordIs(bytes, i, end, 'case') && beginDepth > 0) beginDepth++
        else if (wordIs(bytes, i, end, 'end') && beginDepth > 0) beginDepth--
      }
      i = end
    } else if (is(bytes, i, DIGIT)) {
      i++
      while (is(bytes, i, LETTER | DIGIT) || bytes[i] === DOT) i++
    } else {
      i++
    }
  }
  return done(n, n)
}

/** CREATE [OR REPLACE] FUNCTION|PROCEDURE, from the first letters of the first four words. */
function inRoutineHead(head: number[]): boolean {
  const [a, b, c, d] = head
  const F = 0x66
  const P = 0x70
  if (a !== 0x63) return false
  if (b === F || b === P) return true
  return b === 0x6f && c === 0x72 && (d === F || d === P)
}

/**
 * Past the data psql reads after COPY ... FROM STDIN: the lines after the statement's line up
 * to and including a line that is `\.`, or the end of the file.
 */
export function copyDataEnd(bytes: Uint8Array, statementEnd: number): number {
  let line = lineEnd(bytes, statementEnd) + 1
  while (line < bytes.length) {
    const end = lineEnd(bytes, line)
    const stop = bytes[end - 1] === 0x0d ? end - 1 : end
    if (stop - line === 2 && bytes[line] === BACKSLASH && bytes[line + 1] === DOT) return end
    line = end + 1
  }
  return bytes.length
}
