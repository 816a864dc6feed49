import path from 'node:path'
import type { ConfTree, UnresolvedInclude } from '../facts/build-settings.js'
import type { Diagnostic, DiagnosticLevel, Location } from '../facts/location.js'
import { parseConf, type ConfAssignment, type ConfInclude } from '../parse/conf.js'
import type { RootFs } from './root-fs.js'

export type { ConfTree, UnresolvedInclude } from '../facts/build-settings.js'

/** PostgreSQL's CONF_FILE_MAX_DEPTH: the main file is depth 0, each include one deeper. */
export const CONF_FILE_MAX_DEPTH = 10

export interface CollectConfOptions {
  /** postgresql.auto.conf: read last, like PostgreSQL, after the main file and its includes. */
  autoFile?: string
}

/**
 * Reads postgresql.conf and everything it includes, in the order PostgreSQL processes them
 * (ParseConfigFile, ParseConfigFp, ParseConfigDirectory): each include is expanded where it
 * stands, relative paths resolve against the including file's folder, include_dir reads the
 * visible `*.conf` files of a folder in byte order and stops at the first one that fails.
 * Nothing outside the scanned folder is read: such an include becomes an OUTSIDE_ROOT warning
 * and an `unresolved` entry, so the settings it might change are known to be unknown.
 */
export function collectConfTree(
  fs: RootFs,
  mainFile: string,
  options: CollectConfOptions = {}
): ConfTree {
  const walk = new ConfWalk(fs)
  walk.top(mainFile)
  if (options.autoFile !== undefined) walk.top(options.autoFile)
  return {
    files: walk.files,
    assignments: walk.assignments,
    diagnostics: walk.diagnostics,
    unresolved: walk.unresolved
  }
}

class ConfWalk {
  readonly files: string[] = []
  readonly assignments: ConfAssignment[] = []
  readonly diagnostics: Diagnostic[] = []
  readonly unresolved: UnresolvedInclude[] = []

  constructor(private readonly fs: RootFs) {}

  top(file: string): void {
    const read = this.fs.readFile(file)
    if (!read.ok) {
      const outside = read.problem.code === 'OUTSIDE_ROOT'
      this.report(outside ? 'OUTSIDE_ROOT' : 'FILE_UNREADABLE', 'warning', read.problem.message, {
        file,
        line: 1,
        column: 1
      })
      return
    }
    this.parse(file, read.value, 0, [file], undefined)
  }

  /** ParseConfigFp: false when PostgreSQL would count the file as failed. */
  private parse(
    file: string,
    bytes: Uint8Array,
    depth: number,
    stack: string[],
    directive: ConfInclude | undefined
  ): boolean {
    if (bytes.includes(0)) {
      const at = directive?.location ?? { file, line: 1, column: 1 }
      this.report(
        'BINARY_FILE',
        'warning',
        `${file} is a binary file (it has NUL bytes); skipped`,
        at
      )
      return true
    }
    this.files.push(file)
    const parsed = parseConf(bytes, file)
    this.diagnostics.push(...parsed.diagnostics)
    let ok = parsed.diagnostics.length === 0
    for (const entry of parsed.entries) {
      if (entry.kind === 'setting') this.assignments.push(entry)
      else if (!this.include(file, entry, depth + 1, stack)) ok = false
    }
    return ok
  }

  private include(from: string, entry: ConfInclude, depth: number, stack: string[]): boolean {
    const dir = entry.kind === 'include_dir'
    if (/^[ \t\r\n]*$/.test(entry.path)) {
      const what = dir ? 'directory' : 'file'
      return this.error(
        'INCLUDE_EMPTY_NAME',
        `empty configuration ${what} name: "${entry.path}"`,
        entry
      )
    }
    const resolved = this.fs.resolve(from, entry.path)
    if (!resolved.ok) return this.outside(entry, resolved.problem.message)
    if (dir) return this.includeDir(from, resolved.value, entry, depth, stack)
    return this.includeFile(from, resolved.value, entry, depth, stack)
  }

  /** ParseConfigFile for one included file. */
  private includeFile(
    from: string,
    file: string,
    entry: ConfInclude,
    depth: number,
    stack: string[]
  ): boolean {
    if (depth > CONF_FILE_MAX_DEPTH) {
      return this.error(
        'INCLUDE_DEPTH',
        `could not open configuration file "${file}": maximum nesting depth exceeded`,
        entry
      )
    }
    if (file === from) {
      return this.error('INCLUDE_CYCLE', `configuration file recursion in "${from}"`, entry)
    }
    if (stack.includes(file)) {
      // PostgreSQL only catches a file including itself directly; a longer loop runs until the
      // nesting depth is exceeded. Either way the server does not start.
      const loop = [...stack.slice(stack.indexOf(file)), file].join(' → ')
      return this.error('INCLUDE_CYCLE', `configuration file recursion: ${loop}`, entry)
    }
    const read = this.fs.readFile(file)
    if (read.ok) return this.parse(file, read.value, depth, [...stack, file], entry)
    const { code, message } = read.problem
    switch (code) {
      case 'NOT_FOUND':
      case 'NOT_A_DIRECTORY':
        if (entry.kind === 'include_if_exists') {
          this.report(
            'INCLUDE_SKIPPED',
            'notice',
            `skipping missing configuration file "${file}"`,
            entry.location
          )
          return true
        }
        return this.error(
          'INCLUDE_NOT_FOUND',
          `could not open configuration file "${file}": No such file or directory`,
          entry
        )
      case 'NOT_A_FILE':
        return this.error(
          'INCLUDE_NOT_A_FILE',
          `could not read configuration file "${file}": ${message}`,
          entry
        )
      case 'OUTSIDE_ROOT':
        return this.outside(entry, message)
      case 'UNREADABLE':
      case 'TOO_LARGE':
        this.unknown(entry, 'FILE_UNREADABLE', message)
        return true
    }
  }

  /** ParseConfigDirectory and GetConfFilesInDir. */
  private includeDir(
    from: string,
    dir: string,
    entry: ConfInclude,
    depth: number,
    stack: string[]
  ): boolean {
    const listed = this.fs.listDir(dir)
    if (!listed.ok) {
      const { code, message } = listed.problem
      if (code === 'OUTSIDE_ROOT') {
        return this.outside(entry, `${entry.path} links outside the scanned folder`)
      }
      if (code !== 'NOT_FOUND' && code !== 'NOT_A_DIRECTORY') {
        return this.unknown(entry, 'FILE_UNREADABLE', message)
      }
      const reason = code === 'NOT_FOUND' ? 'No such file or directory' : 'Not a directory'
      return this.error(
        'INCLUDE_NOT_FOUND',
        `could not open configuration directory "${dir}": ${reason}`,
        entry
      )
    }
    const files: string[] = []
    const entries = listed.value
      .filter((d) => d.name.length > 5 && d.name.endsWith('.conf') && !d.name.startsWith('.'))
      .sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))
    for (const dirent of entries) {
      const file = path.posix.join(dir, dirent.name)
      const fileKind = this.fs.kindOf(dir, dirent)
      if (fileKind === 'directory') continue
      if (fileKind === 'outside') {
        this.outside(entry, `${file} links outside the scanned folder`)
        continue
      }
      if (fileKind === 'missing') {
        return this.error(
          'INCLUDE_NOT_FOUND',
          `could not stat file "${file}": No such file or directory`,
          entry
        )
      }
      files.push(file)
    }
    for (const file of files) {
      if (!this.includeFile(from, file, entry, depth, stack)) return false
    }
    return true
  }

  private outside(entry: ConfInclude, message: string): boolean {
    return this.unknown(
      entry,
      'OUTSIDE_ROOT',
      `${message}; it was not read, so settings it may change are unknown`
    )
  }

  /** An include we cannot read: not PostgreSQL's failure, but its settings are unknown. */
  private unknown(entry: ConfInclude, code: string, message: string): boolean {
    this.report(code, 'warning', message, entry.location)
    this.unresolved.push({
      kind: entry.kind,
      path: entry.path,
      location: entry.location,
      position: this.assignments.length
    })
    return true
  }

  private error(code: string, message: string, entry: ConfInclude): boolean {
    this.report(code, 'error', message, entry.location)
    return false
  }

  private report(code: string, level: DiagnosticLevel, message: string, location: Location): void {
    this.diagnostics.push({ code, level, message, location })
  }
}
