import path from 'node:path'
import type { Diagnostic, Location } from '../facts/location.js'
import type { HbaConfig, HbaName, HbaRule } from '../facts/types.js'
import {
  MAX_HBA_DEPTH,
  parseHba,
  type HbaIncludeLine,
  type HbaLine,
  type HbaReadResult,
  type HbaToken
} from '../parse/hba.js'
import type { RootFs } from './root-fs.js'

export interface CollectHbaOptions {
  major: number
  /** The effective ssl setting when known: hostssl lines cannot match without it. */
  ssl?: boolean
}

/**
 * Reads a pg_hba.conf and everything it pulls in, in the order PostgreSQL evaluates the
 * rules: `include`, `include_if_exists` and `include_dir` (PostgreSQL 16+) splice the other
 * file's lines in place, `@file` lists expand inside their field. Nothing outside the scanned
 * folder is read; such references become OUTSIDE_ROOT warnings.
 */
export function collectHba(
  fs: RootFs,
  file: string,
  options: CollectHbaOptions
): { config: HbaConfig; diagnostics: Diagnostic[] } {
  const walk = new HbaWalk(fs, options)
  const source = fs.readFile(file)
  if (source.ok) {
    walk.visit(file, source.value, 0, [file])
  } else {
    walk.diagnostics.push({
      code: source.problem.code === 'OUTSIDE_ROOT' ? 'OUTSIDE_ROOT' : 'FILE_UNREADABLE',
      level: 'warning',
      message: source.problem.message,
      location: { file, line: 1, column: 1 }
    })
  }
  const rules = walk.lines.map((line, index) => toRule(line, index + 1, options.major))
  return { config: { file, files: walk.files, rules }, diagnostics: walk.diagnostics }
}

const DATABASE_KEYWORDS = new Set(['all', 'sameuser', 'samerole', 'samegroup', 'replication'])

/**
 * PostgreSQL's meaning of each entry: keywords only unquoted (and in the user column only
 * `all` is one: check_role knows no other), `+role` only unquoted and only for users, a
 * leading slash is a regular expression from 16 on, quoted or not.
 */
export function toHbaNames(
  tokens: HbaToken[],
  column: 'database' | 'user',
  major: number
): HbaName[] {
  return tokens.map((token): HbaName => {
    const { text } = token
    if (token.ref !== undefined) return { value: text, kind: 'file' }
    if (!token.quoted) {
      if (column === 'database' && DATABASE_KEYWORDS.has(text))
        return { value: text, kind: 'keyword' }
      if (column === 'user' && text.startsWith('+')) return { value: text.slice(1), kind: 'group' }
      if (column === 'user' && text === 'all') return { value: text, kind: 'keyword' }
    }
    if (major >= 16 && text.startsWith('/')) return { value: text.slice(1), kind: 'regex' }
    return { value: text, kind: 'name' }
  })
}

function toRule(line: HbaLine, order: number, major: number): HbaRule {
  return {
    order,
    type: line.type,
    databases: toHbaNames(line.databases, 'database', major),
    users: toHbaNames(line.users, 'user', major),
    ...(line.addressInfo ? { address: line.addressInfo } : {}),
    method: line.method,
    options: redactSecrets(line.options),
    location: line.location
  }
}

/** Options that hold credentials; the facts (and so every report) keep only that one is set. */
const SECRET_OPTIONS = new Set(['ldapbindpasswd', 'radiussecrets'])
export const REDACTED = '<redacted>'

function redactSecrets(options: Record<string, string>): Record<string, string> {
  if (!Object.keys(options).some((key) => SECRET_OPTIONS.has(key))) return options
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [key, SECRET_OPTIONS.has(key) ? REDACTED : value])
  )
}

class HbaWalk {
  readonly files: string[] = []
  readonly lines: HbaLine[] = []
  readonly diagnostics: Diagnostic[] = []
  private readonly fs: RootFs
  private readonly options: CollectHbaOptions

  constructor(fs: RootFs, options: CollectHbaOptions) {
    this.fs = fs
    this.options = options
  }

  visit(file: string, source: Uint8Array, depth: number, stack: string[]): void {
    this.addFile(file)
    const parsed = parseHba(source, file, {
      major: this.options.major,
      ...(this.options.ssl === undefined ? {} : { ssl: this.options.ssl }),
      depth,
      readFile: (ref, fromFile) => this.readRef(ref, fromFile)
    })
    for (const read of parsed.files) this.addFile(read)
    this.diagnostics.push(...parsed.diagnostics)
    for (const entry of parsed.entries) {
      if (entry.kind === 'rule') this.lines.push(entry)
      else this.include(entry, file, depth, stack)
    }
  }

  private addFile(file: string): void {
    if (!this.files.includes(file)) this.files.push(file)
  }

  private readRef(ref: string, fromFile: string): HbaReadResult {
    const resolved = this.fs.resolve(fromFile, ref)
    if (!resolved.ok) {
      return { ok: false, reason: 'outside', file: ref, message: resolved.problem.message }
    }
    const read = this.fs.readFile(resolved.value)
    if (read.ok) return { ok: true, file: resolved.value, source: read.value }
    const { code, message } = read.problem
    return {
      ok: false,
      reason: code === 'NOT_FOUND' ? 'missing' : code === 'OUTSIDE_ROOT' ? 'outside' : 'unreadable',
      file: resolved.value,
      message
    }
  }

  private include(entry: HbaIncludeLine, from: string, depth: number, stack: string[]): void {
    const resolved = this.fs.resolve(from, entry.path)
    if (!resolved.ok) {
      this.outside(entry, resolved.problem.message)
      return
    }
    const target = resolved.value
    if (entry.kind === 'include_dir') {
      this.includeDir(entry, target, depth, stack)
      return
    }
    const kind = this.fs.kind(target)
    if (kind === 'missing') {
      if (entry.kind === 'include_if_exists') {
        this.report(
          entry.location,
          'HBA_INCLUDE_SKIPPED',
          'notice',
          `skipping missing authentication file "${target}"`
        )
      } else {
        this.report(
          entry.location,
          'HBA_FILE_MISSING',
          'error',
          `could not open file "${target}": No such file or directory`
        )
      }
      return
    }
    this.includeFile(entry, target, depth, stack)
  }

  /** GetConfFilesInDir: visible `*.conf` entries that are not folders, in byte order. */
  private includeDir(entry: HbaIncludeLine, dir: string, depth: number, stack: string[]): void {
    const listed = this.fs.listDir(dir)
    if (!listed.ok) {
      if (listed.problem.code === 'OUTSIDE_ROOT') {
        this.outside(entry, `${entry.path} links outside the scanned folder`)
      } else {
        this.report(
          entry.location,
          'HBA_FILE_MISSING',
          'error',
          `could not open directory "${dir}"`
        )
      }
      return
    }
    const entries = listed.value
      .filter((d) => !d.name.startsWith('.') && d.name.length >= 6 && d.name.endsWith('.conf'))
      .sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))
    for (const dirent of entries) {
      const target = path.posix.join(dir, dirent.name)
      if (this.fs.kindOf(dir, dirent) !== 'directory') this.includeFile(entry, target, depth, stack)
    }
  }

  private includeFile(entry: HbaIncludeLine, target: string, depth: number, stack: string[]): void {
    if (depth + 1 > MAX_HBA_DEPTH || stack.includes(target)) {
      this.report(
        entry.location,
        'HBA_INCLUDE_DEPTH',
        'error',
        `could not open file "${target}": maximum nesting depth exceeded`
      )
      return
    }
    const source = this.fs.readFile(target)
    if (source.ok) {
      this.visit(target, source.value, depth + 1, [...stack, target])
      return
    }
    if (source.problem.code === 'OUTSIDE_ROOT') this.outside(entry, source.problem.message)
    else
      this.report(
        entry.location,
        'HBA_UNREADABLE',
        'warning',
        `${source.problem.message}; its rules were not checked`
      )
  }

  private outside(entry: HbaIncludeLine, message: string): void {
    this.report(entry.location, 'OUTSIDE_ROOT', 'warning', `${entry.kind} not followed: ${message}`)
  }

  private report(
    location: Location,
    code: string,
    level: Diagnostic['level'],
    message: string
  ): void {
    this.diagnostics.push({ code, level, message, location })
  }
}
