import type { ScanError } from '../findings.js'
import type { ConfigKind } from '../parse/sniff.js'
import { sniffConfigKind } from '../parse/sniff.js'
import type { RootFs } from './root-fs.js'

export interface Discovered {
  /** Files named like a main postgresql.conf, root-relative, sorted. */
  conf: string[]
  /** Files named like a pg_hba.conf, root-relative, sorted. */
  hba: string[]
  /**
   * Other `.conf` files: PostgreSQL configuration only if their content says so. They are
   * sniffed later, and only when no deployment includes them (most are conf.d fragments).
   */
  other: string[]
  /** SQL files (migrations, init scripts), root-relative, sorted. */
  sql: string[]
  /** pgbouncer*.ini files, sorted. */
  pgbouncer: string[]
  /** pgpool*.conf files, sorted. */
  pgpool: string[]
  /** Docker Compose files, sorted. */
  compose: string[]
  /** postgresql.auto.conf files, applied after the postgresql.conf beside them. */
  auto: Set<string>
  /** Files and folders that could not be looked at. */
  problems: ScanError[]
  /** Things deliberately not followed (links out of the root). */
  skipped: ScanError[]
}

const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.hg', '.svn'])
const CONF_NAME = /^postgresql.*\.conf$/
const AUTO_CONF = 'postgresql.auto.conf'
const HBA_NAME = /^pg_hba.*\.conf$/
const PGBOUNCER_NAME = /^pgbouncer.*\.ini$/
const PGPOOL_NAME = /^pgpool.*\.conf$/
const PGPOOL_COMPANIONS = new Set(['pool_hba.conf', 'pcp.conf'])
const COMPOSE_NAME = /^(docker-)?compose([.-][^/]*)?\.ya?ml$/
const SNIFF_BYTES = 64 * 1024

/**
 * Walks the scanned folder for PostgreSQL configuration files. Symbolic links are followed
 * only inside the root, and each real folder is walked once, so link loops end.
 */
export function discover(fs: RootFs): Discovered {
  const found: Discovered = {
    conf: [],
    hba: [],
    other: [],
    sql: [],
    pgbouncer: [],
    pgpool: [],
    compose: [],
    auto: new Set(),
    problems: [],
    skipped: []
  }
  const visited = new Set<string>()
  const stack = ['']
  while (stack.length > 0) {
    const dir = stack.pop() ?? ''
    const real = fs.realDir(dir === '' ? '.' : dir)
    if (!real.ok) {
      found.problems.push({ file: dir || '.', message: real.problem.message })
      continue
    }
    if (visited.has(real.value)) continue
    visited.add(real.value)
    const listing = fs.listDir(dir === '' ? '.' : dir)
    if (!listing.ok) {
      found.problems.push({ file: dir || '.', message: listing.problem.message })
      continue
    }
    for (const entry of listing.value) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`
      let isDir = entry.isDirectory()
      let isFile = entry.isFile()
      if (entry.isSymbolicLink()) {
        const kind = fs.kind(rel)
        if (kind === 'outside') {
          if (entry.name.endsWith('.conf')) {
            found.skipped.push({
              file: rel,
              message: 'not followed: it links outside the scanned folder'
            })
          }
          continue
        }
        if (kind === 'missing' && entry.name.endsWith('.conf')) {
          found.problems.push({ file: rel, message: 'cannot read it: the symbolic link is broken' })
          continue
        }
        isDir = kind === 'directory'
        isFile = kind === 'file'
      }
      if (isDir) {
        if (!SKIPPED_FOLDERS.has(entry.name)) stack.push(rel)
      } else if (isFile) {
        if (entry.name === AUTO_CONF) found.auto.add(rel)
        if (entry.name.endsWith('.sql')) found.sql.push(rel)
        else if (PGBOUNCER_NAME.test(entry.name)) found.pgbouncer.push(rel)
        else if (COMPOSE_NAME.test(entry.name)) found.compose.push(rel)
        if (PGPOOL_NAME.test(entry.name)) {
          found.pgpool.push(rel)
          continue
        }
        // pgpool's own files read like PostgreSQL's but are not: keep them from the sniffer.
        if (PGPOOL_COMPANIONS.has(entry.name)) continue
        if (!entry.name.endsWith('.conf') || entry.name === AUTO_CONF) continue
        if (CONF_NAME.test(entry.name)) found.conf.push(rel)
        else if (HBA_NAME.test(entry.name)) found.hba.push(rel)
        else found.other.push(rel)
      }
    }
  }
  // postgresql.conf before postgresql.replica.conf: the main file is read before its siblings
  // so that a sibling it includes is known as included.
  found.conf.sort(byMainFirst)
  found.hba.sort()
  found.other.sort()
  found.sql.sort()
  found.pgbouncer.sort()
  found.pgpool.sort()
  found.compose.sort()
  return found
}

/** What a `.conf` file with an unhelpful name holds, judged from its first 64 KiB. */
export function sniff(
  fs: RootFs,
  rel: string,
  isKnownParameter: (name: string) => boolean
): { kind?: ConfigKind; problem?: ScanError } {
  const read = fs.readFile(rel)
  if (!read.ok) return { problem: { file: rel, message: read.problem.message } }
  const head = read.value.subarray(0, SNIFF_BYTES)
  if (head.includes(0)) return {}
  const kind = sniffConfigKind(head.toString('latin1'), isKnownParameter)
  return kind ? { kind } : {}
}

function byMainFirst(a: string, b: string): number {
  const main = (p: string): number =>
    p.endsWith('/postgresql.conf') || p === 'postgresql.conf' ? 0 : 1
  const dirA = a.slice(0, a.lastIndexOf('/') + 1)
  const dirB = b.slice(0, b.lastIndexOf('/') + 1)
  if (dirA !== dirB) return dirA < dirB ? -1 : 1
  return main(a) - main(b) || (a < b ? -1 : a > b ? 1 : 0)
}
