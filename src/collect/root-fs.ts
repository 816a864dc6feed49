import fs from 'node:fs'
import path from 'node:path'

export type FsProblemCode =
  'NOT_FOUND' | 'OUTSIDE_ROOT' | 'UNREADABLE' | 'NOT_A_FILE' | 'NOT_A_DIRECTORY' | 'TOO_LARGE'

export interface FsProblem {
  code: FsProblemCode
  message: string
}

export type FsResult<T> = { ok: true; value: T } | { ok: false; problem: FsProblem }

/** Files larger than this are not configuration; reading them would only cost memory. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024

const ok = <T>(value: T): FsResult<T> => ({ ok: true, value })
const fail = <T>(code: FsProblemCode, message: string): FsResult<T> => ({
  ok: false,
  problem: { code, message }
})

/**
 * A read-only view of one folder that never leaves it. Paths in and out are relative to the
 * root with POSIX separators, so they can go straight into findings. Symbolic links are
 * followed only while their target stays inside the root.
 */
export class RootFs {
  readonly root: string

  private constructor(root: string) {
    this.root = root
  }

  static open(root: string): FsResult<RootFs> {
    try {
      const real = fs.realpathSync.native(root)
      if (!fs.statSync(real).isDirectory())
        return fail('NOT_A_DIRECTORY', `${root} is not a folder`)
      return ok(new RootFs(real))
    } catch (error) {
      return fail(codeOf(error), `cannot open ${root}: ${reasonOf(error)}`)
    }
  }

  /**
   * Resolves `target` the way PostgreSQL resolves an include: absolute as written, relative to
   * the folder of the file that names it. Answers a root-relative path, or OUTSIDE_ROOT.
   */
  resolve(fromFile: string, target: string): FsResult<string> {
    const base = path.posix.dirname(fromFile)
    const absolute = path.isAbsolute(target)
      ? path.resolve(target)
      : path.resolve(this.root, base, target)
    const relative = path.relative(this.root, absolute)
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      return fail('OUTSIDE_ROOT', `${target} is outside the scanned folder`)
    }
    return ok(toPosix(relative))
  }

  /** Real paths of folders already seen: a scan of many deployments asks about each folder often. */
  private readonly realDirs = new Map<string, FsResult<string>>()

  /** Checks that what `rel` names, after every symbolic link, is still inside the root. */
  real(rel: string): FsResult<string> {
    const located = this.locate(rel)
    return located.ok ? ok(located.value.rel) : located
  }

  readFile(rel: string): FsResult<Buffer> {
    const normalized = path.posix.normalize(rel)
    const dir = this.realDir(path.posix.dirname(normalized))
    if (!dir.ok) return dir
    const direct = path.join(this.root, dir.value, path.posix.basename(normalized))
    // One open that refuses a symbolic link saves an lstat per file; a link (ELOOP) takes the
    // slow path that resolves it and checks it stays inside the root.
    const first = readRegularFile(direct, rel, fs.constants.O_NOFOLLOW)
    if (first.ok || first.code !== 'ELOOP') return first.result
    const located = this.locate(rel)
    if (!located.ok) return located
    return readRegularFile(located.value.absolute, rel, 0).result
  }

  /** What a listed entry is, following a symbolic link only to check where it leads. */
  kindOf(dir: string, entry: fs.Dirent): 'file' | 'directory' | 'other' | 'missing' | 'outside' {
    if (entry.isSymbolicLink()) return this.kind(path.posix.join(dir, entry.name))
    return entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other'
  }

  /** Entries of a folder (not sorted), or a problem. */
  listDir(rel: string): FsResult<fs.Dirent[]> {
    const real = this.realDir(path.posix.normalize(rel))
    if (!real.ok) return real
    try {
      return ok(fs.readdirSync(path.join(this.root, real.value), { withFileTypes: true }))
    } catch (error) {
      return fail(codeOf(error), `cannot list ${rel}: ${reasonOf(error)}`)
    }
  }

  kind(rel: string): 'file' | 'directory' | 'other' | 'missing' | 'outside' {
    const located = this.locate(rel)
    if (!located.ok) return located.problem.code === 'OUTSIDE_ROOT' ? 'outside' : 'missing'
    const { stat } = located.value
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other'
  }

  /**
   * Where `rel` really is and what it is. The folder's real path is resolved once and cached;
   * the entry itself costs one lstat, plus a realpath only when it is a symbolic link.
   */
  private locate(rel: string): FsResult<{ rel: string; absolute: string; stat: fs.Stats }> {
    const normalized = path.posix.normalize(rel)
    if (normalized === '.' || normalized === '') return this.locateReal('.', this.root)
    const dir = this.realDir(path.posix.dirname(normalized))
    if (!dir.ok) return dir
    const absolute = path.join(this.root, dir.value, path.posix.basename(normalized))
    let stat: fs.Stats | undefined
    try {
      stat = fs.lstatSync(absolute, { throwIfNoEntry: false })
    } catch (error) {
      return fail(codeOf(error), `cannot read ${rel}: ${reasonOf(error)}`)
    }
    if (stat === undefined) return fail('NOT_FOUND', `cannot read ${rel}: no such file or folder`)
    if (!stat.isSymbolicLink()) {
      return ok({ rel: toPosix(path.relative(this.root, absolute)) || '.', absolute, stat })
    }
    try {
      return this.locateReal(rel, fs.realpathSync.native(absolute))
    } catch (error) {
      return fail(codeOf(error), `cannot read ${rel}: ${reasonOf(error)}`)
    }
  }

  private locateReal(
    rel: string,
    real: string
  ): FsResult<{ rel: string; absolute: string; stat: fs.Stats }> {
    const relative = path.relative(this.root, real)
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      return fail('OUTSIDE_ROOT', `${rel} links outside the scanned folder`)
    }
    try {
      return ok({ rel: toPosix(relative) || '.', absolute: real, stat: fs.statSync(real) })
    } catch (error) {
      return fail(codeOf(error), `cannot read ${rel}: ${reasonOf(error)}`)
    }
  }

  /** The real, root-relative path of a folder, checked to be inside the root (cached). */
  realDir(dir: string): FsResult<string> {
    const cached = this.realDirs.get(dir)
    if (cached) return cached
    let result: FsResult<string>
    try {
      // The native call resolves the whole path in one system call; the JS one lstats each part.
      const real = fs.realpathSync.native(path.join(this.root, dir))
      const relative = path.relative(this.root, real)
      result =
        relative.startsWith('..') || path.isAbsolute(relative)
          ? fail('OUTSIDE_ROOT', `${dir} links outside the scanned folder`)
          : ok(toPosix(relative) || '.')
    } catch (error) {
      result = fail(codeOf(error), `cannot read ${dir}: ${reasonOf(error)}`)
    }
    this.realDirs.set(dir, result)
    return result
  }
}

function readRegularFile(
  absolute: string,
  rel: string,
  flags: number
): { ok: true; result: FsResult<Buffer> } | { ok: false; code: string; result: FsResult<Buffer> } {
  let fd: number
  try {
    fd = fs.openSync(absolute, fs.constants.O_RDONLY | flags)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    return {
      ok: false,
      code,
      result: fail(codeOf(error), `cannot read ${rel}: ${reasonOf(error)}`)
    }
  }
  try {
    const stat = fs.fstatSync(fd)
    if (!stat.isFile())
      return { ok: true, result: fail('NOT_A_FILE', `${rel} is not a regular file`) }
    if (stat.size > MAX_FILE_BYTES) {
      const limit = MAX_FILE_BYTES / 1024 / 1024
      return { ok: true, result: fail('TOO_LARGE', `${rel} is larger than ${limit} MiB`) }
    }
    return { ok: true, result: ok(fs.readFileSync(fd)) }
  } catch (error) {
    return { ok: true, result: fail(codeOf(error), `cannot read ${rel}: ${reasonOf(error)}`) }
  } finally {
    fs.closeSync(fd)
  }
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/')
}

function codeOf(error: unknown): FsProblemCode {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') return 'NOT_FOUND'
  if (code === 'ENOTDIR') return 'NOT_A_DIRECTORY'
  if (code === 'ELOOP') return 'UNREADABLE'
  return 'UNREADABLE'
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ELOOP':
      return 'too many levels of symbolic links'
    case 'ENOTDIR':
      return 'not a folder'
    case 'EISDIR':
      return 'is a folder'
    case undefined:
      return String(error)
    default:
      return code
  }
}
