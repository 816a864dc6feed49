import path from 'node:path'
import type { Diagnostic, Location } from '../facts/location.js'
import type { PgbouncerAuthFile, PgbouncerConfig } from '../facts/source-types.js'
import { parsePgbouncer, parseUserlist, type PgbouncerReadResult } from '../parse/pgbouncer.js'
import type { RootFs } from './root-fs.js'

export interface CollectedPgbouncer {
  config: PgbouncerConfig
  /**
   * The root-relative auth_hba_file when it was found: pg_hba.conf syntax, for `collectHba`.
   * PgBouncer reads it only when auth_type is `hba`.
   */
  hbaFile?: string
  diagnostics: Diagnostic[]
}

/**
 * Reads a pgbouncer.ini, the files it `%include`s and its auth_file, never leaving the scanned
 * folder. PgBouncer resolves relative paths against its working directory, which a repository
 * cannot show; the folder of the file that names them is the best guess. An absolute path
 * (`/etc/pgbouncer/userlist.txt`) names the deployed location, so the file of that name beside
 * the ini is taken for it, with a notice.
 */
export function collectPgbouncer(fs: RootFs, file: string): CollectedPgbouncer {
  const diagnostics: Diagnostic[] = []
  const empty: PgbouncerConfig = {
    file,
    files: [],
    settings: {},
    databases: [],
    users: [],
    peers: [],
    includes: []
  }
  const source = fs.readFile(file)
  if (!source.ok) {
    const outside = source.problem.code === 'OUTSIDE_ROOT'
    diagnostics.push({
      code: outside ? 'OUTSIDE_ROOT' : 'FILE_UNREADABLE',
      level: 'warning',
      message: source.problem.message,
      location: { file, line: 1, column: 1 }
    })
    return { config: empty, diagnostics }
  }
  const parsed = parsePgbouncer(source.value, file, {
    readInclude: (target, fromFile) => readInclude(fs, target, fromFile, file)
  })
  diagnostics.push(...parsed.diagnostics)
  const config: PgbouncerConfig = {
    file,
    files: parsed.files,
    settings: parsed.settings,
    databases: parsed.databases,
    users: parsed.users,
    peers: parsed.peers,
    includes: parsed.includes
  }

  const authFile = parsed.settings.auth_file
  if (authFile && authFile.value !== '') {
    config.auth_file = readAuthFile(fs, authFile.value, authFile.location, file, diagnostics)
  }
  const hba = parsed.settings.auth_hba_file
  let hbaFile: string | undefined
  if (hba && hba.value !== '') {
    const found = locate(fs, hba.value, hba.location, file, 'auth_hba_file')
    diagnostics.push(...found.diagnostics)
    hbaFile = found.file
    config.auth_hba_file = {
      path: hba.value,
      ...(found.file === undefined ? {} : { file: found.file }),
      location: hba.location
    }
  }
  return { config, ...(hbaFile === undefined ? {} : { hbaFile }), diagnostics }
}

function readInclude(
  fs: RootFs,
  target: string,
  fromFile: string,
  mainFile: string
): PgbouncerReadResult {
  const found = candidate(fs, target, fromFile, mainFile)
  if (!found.ok) {
    return {
      ok: false,
      code: 'OUTSIDE_ROOT',
      level: 'warning',
      message: `%include ${target} is outside the scanned folder; settings it may hold are unknown`
    }
  }
  const read = fs.readFile(found.file)
  if (read.ok) {
    if (!found.beside) return { ok: true, file: found.file, source: read.value }
    const message = `%include ${target} was read from ${found.file}, the file of that name beside ${mainFile}`
    return {
      ok: true,
      file: found.file,
      source: read.value,
      notice: { code: 'PGB_FILE_BESIDE', message }
    }
  }
  const { code, message } = read.problem
  if (code === 'OUTSIDE_ROOT') {
    return { ok: false, code, level: 'warning', message: `${message}; %include not followed` }
  }
  if (code === 'NOT_FOUND' || code === 'NOT_A_DIRECTORY') {
    return {
      ok: false,
      code: 'PGB_INCLUDE_NOT_FOUND',
      level: 'warning',
      message: `%include ${target}: no ${found.file} in the scanned folder; settings it may hold are unknown`
    }
  }
  return { ok: false, code: 'FILE_UNREADABLE', level: 'warning', message }
}

function readAuthFile(
  fs: RootFs,
  configured: string,
  location: Location,
  mainFile: string,
  diagnostics: Diagnostic[]
): PgbouncerAuthFile {
  const found = locate(fs, configured, location, mainFile, 'auth_file')
  diagnostics.push(...found.diagnostics)
  if (found.file === undefined) return { path: configured, entries: [] }
  const read = fs.readFile(found.file)
  if (!read.ok) {
    diagnostics.push({
      code: 'FILE_UNREADABLE',
      level: 'warning',
      message: read.problem.message,
      location
    })
    return { path: configured, file: found.file, entries: [] }
  }
  const parsed = parseUserlist(read.value, found.file)
  diagnostics.push(...parsed.diagnostics)
  return { path: configured, file: found.file, entries: parsed.entries }
}

/** Finds a file a setting names; a miss is a notice (the deployment may provide it). */
function locate(
  fs: RootFs,
  configured: string,
  location: Location,
  mainFile: string,
  setting: string
): { file?: string; diagnostics: Diagnostic[] } {
  const found = candidate(fs, configured, mainFile, mainFile)
  if (!found.ok) {
    return {
      diagnostics: [
        {
          code: 'OUTSIDE_ROOT',
          level: 'warning',
          message: `${setting} ${configured} is outside the scanned folder; it was not read`,
          location
        }
      ]
    }
  }
  const kind = fs.kind(found.file)
  if (kind === 'file') {
    const diagnostics: Diagnostic[] = found.beside
      ? [
          {
            code: 'PGB_FILE_BESIDE',
            level: 'notice',
            message: `${setting} ${configured} was read from ${found.file}, the file of that name beside ${mainFile}`,
            location
          }
        ]
      : []
    return { file: found.file, diagnostics }
  }
  if (kind === 'outside') {
    return {
      diagnostics: [
        {
          code: 'OUTSIDE_ROOT',
          level: 'warning',
          message: `${found.file} links outside the scanned folder; ${setting} was not read`,
          location
        }
      ]
    }
  }
  return {
    diagnostics: [
      {
        code: 'PGB_FILE_NOT_FOUND',
        level: 'notice',
        message: `${setting} ${configured}: no ${found.file} in the scanned folder`,
        location
      }
    ]
  }
}

/**
 * The root-relative path to try for `target`: relative to the naming file's folder, or, for
 * an absolute path (or `~`, which PgBouncer expands to a home folder), the same base name
 * beside the main ini. Not ok when a relative path leaves the scanned folder.
 */
function candidate(
  fs: RootFs,
  target: string,
  fromFile: string,
  mainFile: string
): { ok: true; file: string; beside: boolean } | { ok: false } {
  if (path.posix.isAbsolute(target) || path.win32.isAbsolute(target) || target.startsWith('~')) {
    const inside = path.posix.isAbsolute(target) ? fs.resolve(fromFile, target) : undefined
    if (inside?.ok) return { ok: true, file: inside.value, beside: false }
    const base = path.posix.basename(target.replaceAll('\\', '/'))
    if (base === '' || base === '~') return { ok: false }
    return { ok: true, file: path.posix.join(path.posix.dirname(mainFile), base), beside: true }
  }
  const resolved = fs.resolve(fromFile, target)
  return resolved.ok ? { ok: true, file: resolved.value, beside: false } : { ok: false }
}
