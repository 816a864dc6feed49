/**
 * A value from a configuration file → the value PostgreSQL 15 stores, in the parameter's base
 * unit, as `postgres -C` prints it. Mirrors guc.c: parse_bool, parse_int (strtol with base 0,
 * then strtod), parse_real, the unit tables with their rounding, enum lookup, and the check
 * hooks of a few string parameters that reject or rewrite values while the server starts.
 */
import type { ParameterSpec } from './parameters.js'
import type { SettingType, SettingValue } from './types.js'

export type Normalized =
  | { ok: true; value: SettingValue; type: SettingType; unit?: string; items?: string[] }
  | { ok: false; message: string; detail?: string; hint?: string }

const INT_MAX = 2147483647
const INT_MIN = -2147483648
const DBL_MIN = 2.2250738585072014e-308
const NAMEDATALEN = 64

const MEMORY_HINT = 'Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".'
const TIME_HINT = 'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".'

type Failure = Extract<Normalized, { ok: false }>

/**
 * @param name the parameter as written in the file: PostgreSQL 15 names it that way in most
 * messages (`invalid value for parameter "Work_Mem"`).
 */
export function normalizeSetting(spec: ParameterSpec, raw: string, name = spec.name): Normalized {
  switch (spec.type) {
    case 'bool': {
      const value = parseBool(raw)
      if (value === undefined) return fail(`parameter "${name}" requires a Boolean value`)
      return { ok: true, value, type: 'bool' }
    }
    case 'integer':
      return normalizeNumber(spec, raw, name, true)
    case 'real':
      return normalizeNumber(spec, raw, name, false)
    case 'enum':
      return normalizeEnum(spec, raw, name)
    case 'string':
      return normalizeString(spec, raw)
  }
}

function fail(message: string, hint?: string, detail?: string): Failure {
  return { ok: false, message, ...(detail ? { detail } : {}), ...(hint ? { hint } : {}) }
}

/** parse_bool: on/off/true/false/yes/no/1/0, case-insensitive, any unambiguous prefix. */
function parseBool(raw: string): boolean | undefined {
  const value = lowerAscii(raw)
  const n = value.length
  if (n === 0) return undefined
  switch (value.charAt(0)) {
    case 't':
      return 'true'.startsWith(value) ? true : undefined
    case 'f':
      return 'false'.startsWith(value) ? false : undefined
    case 'y':
      return 'yes'.startsWith(value) ? true : undefined
    case 'n':
      return 'no'.startsWith(value) ? false : undefined
    case 'o':
      // "o" alone could be on or off
      if (n >= 2 && 'on'.startsWith(value)) return true
      if (n >= 2 && 'off'.startsWith(value)) return false
      return undefined
    case '1':
      return n === 1 ? true : undefined
    case '0':
      return n === 1 ? false : undefined
    default:
      return undefined
  }
}

function normalizeNumber(
  spec: ParameterSpec,
  raw: string,
  name: string,
  integer: boolean
): Normalized {
  const parsed = integer ? parseInt(raw, spec.unit) : parseReal(raw, spec.unit)
  if (typeof parsed !== 'number')
    return fail(`invalid value for parameter "${name}": "${raw}"`, parsed.hint)
  const min = spec.min ?? -Infinity
  const max = spec.max ?? Infinity
  if (parsed < min || parsed > max) {
    const show = integer ? String : formatG
    const unit = spec.unit ? ` ${spec.unit}` : ''
    return fail(
      `${show(parsed)}${unit} is outside the valid range for parameter "${name}" (${show(min)} .. ${show(max)})`
    )
  }
  const type = integer ? 'integer' : 'real'
  return { ok: true, value: parsed, type, ...(spec.unit ? { unit: spec.unit } : {}) }
}

function normalizeEnum(spec: ParameterSpec, raw: string, name: string): Normalized {
  const value = enumLookup(spec).get(lowerAscii(raw))
  if (value === undefined) {
    return fail(
      `invalid value for parameter "${name}": "${raw}"`,
      `Available values: ${(spec.enumvals ?? []).join(', ')}.`
    )
  }
  return { ok: true, value, type: 'enum' }
}

const enumLookups = new WeakMap<ParameterSpec, Map<string, string>>()

function enumLookup(spec: ParameterSpec): Map<string, string> {
  let lookup = enumLookups.get(spec)
  if (!lookup) {
    lookup = new Map((spec.enumvals ?? []).map((v) => [lowerAscii(v), v]))
    for (const [alias, value] of Object.entries(spec.enum_aliases ?? {})) {
      lookup.set(lowerAscii(alias), value)
    }
    enumLookups.set(spec, lookup)
  }
  return lookup
}

// ---------------------------------------------------------------------------------------------
// Numbers: C's strtol/strtod as glibc implements them, and guc.c's unit conversion.

interface Conversion {
  value: number
  /** Index after the number; 0 when nothing was converted (C's endptr == str). */
  end: number
  erange: boolean
}

/** parse_int; a number, or why not (with PostgreSQL's hint, if it gives one). */
function parseInt(raw: string, unit: string | undefined): number | { hint?: string } {
  let conversion = strtol(raw)
  const stop = raw[conversion.end]
  if (stop === '.' || stop === 'e' || stop === 'E' || conversion.erange) conversion = strtod(raw)
  const withUnit = applyUnit(raw, conversion, unit)
  if (typeof withUnit !== 'number') return withUnit
  const value = rint(withUnit)
  if (value > INT_MAX || value < INT_MIN) return { hint: 'Value exceeds integer range.' }
  return value === 0 ? 0 : value
}

function parseReal(raw: string, unit: string | undefined): number | { hint?: string } {
  return applyUnit(raw, strtod(raw), unit)
}

function applyUnit(
  raw: string,
  { value, end, erange }: Conversion,
  unit: string | undefined
): number | { hint?: string } {
  if (end === 0 || erange || Number.isNaN(value)) return {}
  let i = end
  while (isCSpace(raw, i)) i++
  if (i >= raw.length) return value
  if (!unit) return {}
  const converted = convertToBaseUnit(value, raw.slice(i), unit)
  if (converted === undefined) return { hint: unit.endsWith('B') ? MEMORY_HINT : TIME_HINT }
  return converted
}

/** Conversion tables of guc.c, largest unit first, for the base unit `base`. */
function unitTable(base: string): [string, number][] | undefined {
  const blocks = /^(\d+)kB$/.exec(base)
  if (blocks) {
    const kb = Number(blocks[1])
    return [
      ['TB', (1024.0 * 1024.0 * 1024.0) / kb],
      ['GB', (1024.0 * 1024.0) / kb],
      ['MB', 1024.0 / kb],
      ['kB', 1.0 / kb],
      ['B', 1.0 / (kb * 1024)]
    ]
  }
  switch (base) {
    case 'B':
      return [
        ['TB', 1024.0 * 1024.0 * 1024.0 * 1024.0],
        ['GB', 1024.0 * 1024.0 * 1024.0],
        ['MB', 1024.0 * 1024.0],
        ['kB', 1024.0],
        ['B', 1.0]
      ]
    case 'kB':
      return [
        ['TB', 1024.0 * 1024.0 * 1024.0],
        ['GB', 1024.0 * 1024.0],
        ['MB', 1024.0],
        ['kB', 1.0],
        ['B', 1.0 / 1024.0]
      ]
    case 'MB':
      return [
        ['TB', 1024.0 * 1024.0],
        ['GB', 1024.0],
        ['MB', 1.0],
        ['kB', 1.0 / 1024.0],
        ['B', 1.0 / (1024.0 * 1024.0)]
      ]
    case 'ms':
      return [
        ['d', 1000 * 60 * 60 * 24],
        ['h', 1000 * 60 * 60],
        ['min', 1000 * 60],
        ['s', 1000],
        ['ms', 1],
        ['us', 1.0 / 1000]
      ]
    case 's':
      return [
        ['d', 60 * 60 * 24],
        ['h', 60 * 60],
        ['min', 60],
        ['s', 1],
        ['ms', 1.0 / 1000],
        ['us', 1.0 / (1000 * 1000)]
      ]
    case 'min':
      return [
        ['d', 60 * 24],
        ['h', 60],
        ['min', 1],
        ['s', 1.0 / 60],
        ['ms', 1.0 / (1000 * 60)],
        ['us', 1.0 / (1000 * 1000 * 60)]
      ]
    default:
      return undefined
  }
}

/**
 * convert_to_base_unit: at most three unit characters (case-sensitive), then only blanks. A
 * fraction is rounded to the next smaller unit ("1.5kB" of a kB parameter is 1536 B).
 */
function convertToBaseUnit(value: number, text: string, base: string): number | undefined {
  let n = 0
  while (n < text.length && n < 3 && !isCSpace(text, n)) n++
  const unit = text.slice(0, n)
  let i = n
  while (isCSpace(text, i)) i++
  if (i < text.length) return undefined
  const table = unitTable(base) ?? []
  const at = table.findIndex(([name]) => name === unit)
  const entry = table[at]
  if (!entry) return undefined
  const smaller = table[at + 1]
  const converted = value * entry[1]
  return smaller ? rint(converted / smaller[1]) * smaller[1] : converted
}

function isCSpace(s: string, i: number): boolean {
  const c = s.charCodeAt(i)
  return c === 0x20 || (c >= 0x09 && c <= 0x0d)
}

function isDigit(s: string, i: number, radix = 10): boolean {
  const c = s.charCodeAt(i)
  if (radix === 16)
    return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
  return c >= 0x30 && c < 0x30 + radix
}

/** glibc strtol(s, &end, 0) on a 64-bit long: sign, then 0x hex, 0 octal or decimal. */
function strtol(s: string): Conversion {
  let i = 0
  while (isCSpace(s, i)) i++
  let negative = false
  if (s[i] === '+' || s[i] === '-') negative = s[i++] === '-'
  let radix = 10
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && isDigit(s, i + 2, 16)) {
    radix = 16
    i += 2
  } else if (s[i] === '0') {
    radix = 8
  }
  const start = i
  while (isDigit(s, i, radix)) i++
  if (i === start) return { value: 0, end: 0, erange: false }
  let magnitude = BigInt(
    radix === 10 ? s.slice(start, i) : `0${radix === 16 ? 'x' : 'o'}${s.slice(start, i)}`
  )
  if (negative) magnitude = -magnitude
  const erange = magnitude > 9223372036854775807n || magnitude < -9223372036854775808n
  return { value: erange ? (negative ? -(2 ** 63) : 2 ** 63) : Number(magnitude), end: i, erange }
}

/** glibc strtod: decimal, hexadecimal, inf, infinity and nan; ERANGE on overflow and underflow. */
function strtod(s: string): Conversion {
  let i = 0
  while (isCSpace(s, i)) i++
  let sign = 1
  if (s[i] === '+' || s[i] === '-') sign = s[i++] === '-' ? -1 : 1
  const word = s.slice(i, i + 8).toLowerCase()
  if (word.startsWith('inf')) {
    return { value: sign * Infinity, end: i + (word === 'infinity' ? 8 : 3), erange: false }
  }
  if (word.startsWith('nan')) {
    let end = i + 3
    const paren = /^\([A-Za-z0-9_]*\)/.exec(s.slice(end))
    if (paren) end += paren[0].length
    return { value: NaN, end, erange: false }
  }
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X')) {
    const hex = strtodHex(s, i + 2)
    if (hex) return { value: sign * hex.value, end: hex.end, erange: hex.erange }
  }
  const start = i
  while (isDigit(s, i)) i++
  let digits = i - start
  if (s[i] === '.') {
    const fraction = ++i
    while (isDigit(s, i)) i++
    digits += i - fraction
  }
  if (digits === 0) return { value: 0, end: 0, erange: false }
  if (s[i] === 'e' || s[i] === 'E') {
    let e = i + 1
    if (s[e] === '+' || s[e] === '-') e++
    if (isDigit(s, e)) {
      while (isDigit(s, e)) e++
      i = e
    }
  }
  const text = s.slice(start, i)
  const magnitude = Number(text.endsWith('.') ? text.slice(0, -1) : text)
  return {
    value: sign * magnitude,
    end: i,
    erange: outOfRange(magnitude, /[1-9]/.test(text.split(/[eE]/)[0] ?? ''))
  }
}

function strtodHex(s: string, from: number): Conversion | undefined {
  let i = from
  let mantissa = 0
  let digits = 0
  let exponent = 0
  while (isDigit(s, i, 16)) {
    mantissa = mantissa * 16 + Number.parseInt(s[i++] ?? '0', 16)
    digits++
  }
  if (s[i] === '.') {
    i++
    while (isDigit(s, i, 16)) {
      mantissa = mantissa * 16 + Number.parseInt(s[i++] ?? '0', 16)
      exponent -= 4
      digits++
    }
  }
  if (digits === 0) return undefined
  if (s[i] === 'p' || s[i] === 'P') {
    let e = i + 1
    let negative = false
    if (s[e] === '+' || s[e] === '-') negative = s[e++] === '-'
    const start = e
    while (isDigit(s, e)) e++
    if (e > start) {
      const power = Number(s.slice(start, e))
      exponent += negative ? -power : power
      i = e
    }
  }
  const value = mantissa * 2 ** exponent
  return { value, end: i, erange: outOfRange(value, mantissa !== 0) }
}

function outOfRange(magnitude: number, nonzero: boolean): boolean {
  if (!Number.isFinite(magnitude)) return true
  return nonzero && Math.abs(magnitude) < DBL_MIN
}

/** C's rint in the default rounding mode: to nearest, ties to even. */
function rint(x: number): number {
  if (!Number.isFinite(x)) return x
  const floor = Math.floor(x)
  const diff = x - floor
  if (diff < 0.5) return floor
  if (diff > 0.5) return floor + 1
  return floor % 2 === 0 ? floor : floor + 1
}

/** printf's %g: six significant digits, exponent form below 1e-4 and from 1e6. */
export function formatG(x: number): string {
  if (Number.isNaN(x)) return 'NaN'
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity'
  if (x === 0) return Object.is(x, -0) ? '-0' : '0'
  const [mantissa = '', exp = '0'] = x.toExponential(5).split('e')
  const e = Number(exp)
  if (e < -4 || e >= 6) {
    const digits = stripZeros(mantissa)
    const sign = e < 0 ? '-' : '+'
    return `${digits}e${sign}${String(Math.abs(e)).padStart(2, '0')}`
  }
  return stripZeros(x.toFixed(5 - e))
}

function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s
}

// ---------------------------------------------------------------------------------------------
// Strings: the check hooks that matter while the server reads its files, and list splitting.

type ListStyle = 'identifier' | 'directory' | 'plain'

/** How PostgreSQL splits each list: SplitIdentifierString, SplitDirectoriesString, SplitGUCList. */
const LIST_STYLES: Readonly<Record<string, ListStyle>> = {
  datestyle: 'identifier',
  log_destination: 'identifier',
  restrict_nonsystem_relation_kind: 'identifier',
  search_path: 'identifier',
  temp_tablespaces: 'identifier',
  wal_consistency_checking: 'identifier',
  local_preload_libraries: 'directory',
  session_preload_libraries: 'directory',
  shared_preload_libraries: 'directory',
  unix_socket_directories: 'directory'
}

/** Lists whose check hook rejects a value that does not split. */
const STRICT_LISTS = new Set([
  'datestyle',
  'log_destination',
  'restrict_nonsystem_relation_kind',
  'search_path',
  'temp_tablespaces',
  'wal_consistency_checking'
])

/** GUC_IS_NAME parameters: truncated to NAMEDATALEN - 1 bytes like identifiers. */
const NAME_PARAMETERS = new Set([
  'application_name',
  'cluster_name',
  'default_table_access_method',
  'default_tablespace'
])

/** check_application_name and check_cluster_name: only printable ASCII survives. */
const ASCII_PARAMETERS = new Set(['application_name', 'cluster_name'])

const LOG_DESTINATIONS = new Set(['stderr', 'csvlog', 'jsonlog', 'syslog'])

const encoder = new TextEncoder()
const decoder = new TextDecoder()

function normalizeString(spec: ParameterSpec, raw: string): Normalized {
  const key = spec.name.toLowerCase()
  const invalid = (detail: string): Failure =>
    fail(`invalid value for parameter "${spec.name}": "${raw}"`, undefined, detail)
  let value = raw
  if (ASCII_PARAMETERS.has(key)) value = printableAscii(value, NAMEDATALEN - 1)
  else if (NAME_PARAMETERS.has(key)) value = clipBytes(value, NAMEDATALEN - 1)
  let items: string[] | undefined
  if (spec.list) {
    items = splitList(value, LIST_STYLES[key] ?? 'plain')
    if (!items && STRICT_LISTS.has(key)) return invalid('List syntax is invalid.')
  }
  if (key === 'datestyle' && items) {
    const canonical = canonicalDateStyle(items)
    if (!canonical.ok) return invalid(canonical.detail)
    value = canonical.value
  }
  // check_role and check_session_authorization need the catalogs, which a starting server has
  // not opened: a file may only say role = none.
  if ((key === 'role' && value !== 'none') || (key === 'session_authorization' && value !== '')) {
    return fail(`invalid value for parameter "${spec.name}": "${raw}"`)
  }
  if (key === 'log_destination' && items) {
    const unknown = items.find((item) => !LOG_DESTINATIONS.has(lowerAscii(item)))
    if (unknown !== undefined) return invalid(`Unrecognized key word: "${unknown}".`)
  }
  return { ok: true, value, type: 'string', ...(items ? { items } : {}) }
}

/** check_datestyle: output style and field order, written back as "ISO, MDY". */
function canonicalDateStyle(
  tokens: string[]
): { ok: true; value: string } | { ok: false; detail: string } {
  let style = 'ISO'
  let order = 'MDY'
  let haveStyle = false
  let haveOrder = false
  let conflict = false
  for (const token of tokens) {
    const t = lowerAscii(token)
    let nextStyle: string | undefined
    let nextOrder: string | undefined
    if (t === 'iso') nextStyle = 'ISO'
    else if (t === 'sql') nextStyle = 'SQL'
    else if (t.startsWith('postgres')) nextStyle = 'Postgres'
    else if (t === 'german') nextStyle = 'German'
    else if (t === 'ymd') nextOrder = 'YMD'
    else if (t === 'dmy' || t.startsWith('euro')) nextOrder = 'DMY'
    else if (t === 'mdy' || t === 'us' || t.startsWith('noneuro')) nextOrder = 'MDY'
    else if (t !== 'default') return { ok: false, detail: `Unrecognized key word: "${token}".` }
    if (nextStyle) {
      conflict ||= haveStyle && style !== nextStyle
      style = nextStyle
      haveStyle = true
      // German implies day-month-year unless an order is given.
      if (nextStyle === 'German' && !haveOrder) order = 'DMY'
    }
    if (nextOrder) {
      conflict ||= haveOrder && order !== nextOrder
      order = nextOrder
      haveOrder = true
    }
  }
  if (conflict) return { ok: false, detail: 'Conflicting "datestyle" specifications.' }
  return { ok: true, value: `${style}, ${order}` }
}

function isListSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f'
}

/**
 * PostgreSQL's list splitters (varlena.c): elements separated by commas, blanks around them
 * ignored, double quotes keep commas and blanks and collapse `""`. Identifier lists lower-case
 * unquoted elements and cut them at 63 bytes; directory lists allow blanks inside unquoted
 * elements and tidy slashes. Undefined when the list does not split (PostgreSQL refuses it).
 */
export function splitList(raw: string, style: ListStyle): string[] | undefined {
  const items: string[] = []
  let i = 0
  while (isListSpace(raw[i])) i++
  if (i >= raw.length) return items
  for (;;) {
    let item: string
    if (raw[i] === '"') {
      item = ''
      for (;;) {
        const close = raw.indexOf('"', i + 1)
        if (close < 0) return undefined
        item += raw.slice(i + 1, close)
        if (raw[close + 1] !== '"') {
          i = close + 1
          break
        }
        item += '"'
        i = close + 1
      }
    } else {
      const start = i
      let end = i
      while (i < raw.length && raw[i] !== ',') {
        if (style === 'directory') {
          if (!isListSpace(raw[i])) end = i + 1
        } else if (isListSpace(raw[i])) break
        i++
      }
      if (style !== 'directory') end = i
      if (end === start) return undefined
      item = raw.slice(start, end)
      if (style === 'identifier') item = lowerAscii(item)
    }
    while (isListSpace(raw[i])) i++
    if (style === 'identifier') item = clipBytes(item, NAMEDATALEN - 1)
    if (style === 'directory') item = tidyPath(item)
    items.push(item)
    if (i >= raw.length) return items
    if (raw[i] !== ',') return undefined
    i++
    while (isListSpace(raw[i])) i++
  }
}

/** The part of canonicalize_path that changes common values: doubled and trailing slashes. */
function tidyPath(path: string): string {
  const tidy = path.replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1')
  return tidy.endsWith('/.') && tidy.length > 2 ? tidy.slice(0, -2) : tidy
}

/**
 * truncate_identifier while the server starts: no database encoding is known yet (SQL_ASCII),
 * so names are cut at a byte count even inside a multi-byte character.
 */
function clipBytes(text: string, max: number): string {
  const bytes = encoder.encode(text)
  return bytes.length <= max ? text : decoder.decode(bytes.subarray(0, max))
}

/**
 * Cut like clipBytes, then pg_clean_ascii: every byte outside printable ASCII becomes "?". A
 * replacement character stands for bytes that were not UTF-8, usually one.
 */
function printableAscii(text: string, max: number): string {
  let out = ''
  for (const byte of encoder.encode(text.replaceAll('\ufffd', '?')).subarray(0, max)) {
    out += byte < 0x20 || byte > 0x7e ? '?' : String.fromCharCode(byte)
  }
  return out
}

function lowerAscii(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s
}
