import path from 'node:path'
import { PgHardeningError } from '../errors.js'
import { buildFacts, majorFromPaths } from '../facts/build-facts.js'
import { buildSettings } from '../facts/build-settings.js'
import type { Diagnostic } from '../facts/location.js'
import { CATALOG_MAJORS, parameterCatalog } from '../facts/parameters.js'
import type { FactsSections } from '../facts/build-facts.js'
import type {
  ContainerFacts,
  Facts,
  HbaConfig,
  PostgresqlConfig,
  SqlFacts
} from '../facts/types.js'
import { parseCompose } from '../parse/compose.js'
import type { ConfAssignment } from '../parse/conf.js'
import { parsePgpool } from '../parse/pgpool.js'
import { collectPgbouncer } from './pgbouncer.js'
import type { ScanError } from '../findings.js'
import { parseSql } from '../parse/sql.js'
import { collectConfTree } from './conf-tree.js'
import type { Discovered } from './discover.js'
import { discover, sniff } from './discover.js'
import { collectHba } from './hba-tree.js'
import { RootFs } from './root-fs.js'

/** The newest major we have a parameter catalogue for: what an unversioned config is judged as. */
export const ASSUMED_MAJOR = Math.max(...CATALOG_MAJORS)

/** Diagnostics that mean a file could not be read at all: they also go to the report's errors. */
const UNREADABLE_CODES = new Set(['FILE_UNREADABLE'])

export interface Problems {
  errors: ScanError[]
  notices: ScanError[]
}

/** One scanned path, opened and walked: what `collectTargets` turns into facts. */
export interface RootPlan {
  given: string
  fs: RootFs
  found: Discovered
  /** Set when the path named one file rather than a folder. */
  only?: string
}

export function planRoot(given: string, problems: Problems): RootPlan {
  const { rootDir, only } = splitPath(given)
  const opened = RootFs.open(rootDir)
  if (!opened.ok) {
    throw new PgHardeningError('ROOT_NOT_FOUND', `cannot scan ${given}: ${opened.problem.message}`)
  }
  const fs = opened.value
  if (only !== undefined && fs.kind(only) !== 'file') {
    throw new PgHardeningError('ROOT_NOT_FOUND', `cannot scan ${given}: no such file`)
  }
  const found = discover(fs)
  problems.errors.push(...found.problems)
  problems.notices.push(...found.skipped)
  if (only !== undefined) {
    found.conf = found.conf.filter((f) => f === only)
    found.hba = found.hba.filter((f) => f === only)
    found.sql = found.sql.filter((f) => f === only)
    found.pgbouncer = found.pgbouncer.filter((f) => f === only)
    found.pgpool = found.pgpool.filter((f) => f === only)
    found.compose = found.compose.filter((f) => f === only)
    const kept = [found.conf, found.hba, found.sql, found.pgbouncer, found.pgpool, found.compose]
    found.other = kept.every((list) => list.length === 0) ? [only] : []
  }
  return { given, fs, found, ...(only === undefined ? {} : { only }) }
}

/** Reads one scanned path into facts documents (see `collectTargets`). */
export function* collectRoot(given: string, problems: Problems): Generator<Facts> {
  yield* collectTargets(planRoot(given, problems), problems)
}

/**
 * Turns a walked path into facts documents, one per deployment, as a stream. A
 * postgresql.conf with the pg_hba.conf it names (or that sits beside it) is one deployment; a
 * pg_hba.conf nobody claims is a deployment of its own; files that a deployment includes are
 * part of it, not deployments. SQL migrations, PgBouncer, pgpool and Compose files join the
 * deployment when the path holds exactly one postgresql.conf, else each is a target of its
 * own. Reading SQL needs `initSqlParser()` first.
 */
export function* collectTargets(plan: RootPlan, problems: Problems): Generator<Facts> {
  const { fs, found, given, only } = plan
  const isKnown = knownParameter()
  const named = found.conf
  const hbaFiles = found.hba
  const other = found.other
  const companions = collectCompanions(fs, found)
  let companionsClaimed = companions.length === 0
  // The pg_hba-style file of a PgBouncer is PgBouncer's, not a deployment of its own.
  const companionFiles = companions.flatMap((c) => c.section.pgbouncer?.auth_hba?.files ?? [])

  // A deployment's pg_hba.conf is looked up by folder; sniffed ones join later, for lone targets.
  const hbaByDir = new Map<string, string[]>()
  for (const file of hbaFiles) {
    const dir = path.posix.dirname(file)
    const list = hbaByDir.get(dir)
    if (list) list.push(file)
    else hbaByDir.set(dir, [file])
  }
  const included = new Set<string>(companionFiles)
  const claimedHba = new Set<string>()
  const naming = new TargetNaming(given, only)

  const deployment = (file: string): Facts => {
    const joins = !companionsClaimed && named.length === 1
    const commandLine = joins ? commandLineOf(companions) : []
    const { facts, files, hba } = collectDeployment(fs, file, hbaByDir, found.auto, commandLine)
    for (const f of files) if (f !== file) included.add(f)
    if (hba !== undefined) claimedHba.add(hba)
    facts.target.name = naming.name(file)
    if (joins) {
      companionsClaimed = true
      for (const companion of companions) {
        Object.assign(facts, companion.section)
        facts.diagnostics.push(...companion.diagnostics)
        if (facts.target.major_source === 'assumed' && companion.major !== undefined) {
          facts.target.major = companion.major
          facts.target.major_source = 'image'
        }
      }
    }
    return withUnreadable(facts, problems)
  }

  for (const file of named) {
    if (!included.has(file)) yield deployment(file)
  }
  const sniffedConf: string[] = []
  for (const file of other) {
    if (included.has(file)) continue
    const sniffed = sniff(fs, file, isKnown)
    if (sniffed.problem) problems.errors.push(sniffed.problem)
    if (sniffed.kind === 'postgresql' || (only !== undefined && sniffed.kind === undefined))
      sniffedConf.push(file)
    else if (sniffed.kind === 'hba') hbaFiles.push(file)
  }
  for (const file of sniffedConf) {
    if (!included.has(file)) yield deployment(file)
  }
  for (const file of hbaFiles) {
    if (claimedHba.has(file) || included.has(file)) continue
    const collected = collectHba(fs, file, { major: ASSUMED_MAJOR })
    yield withUnreadable(
      buildFacts({
        name: naming.name(file),
        source: 'repository',
        major: ASSUMED_MAJOR,
        majorSource: 'assumed',
        hba: collected.config,
        diagnostics: collected.diagnostics
      }),
      problems
    )
  }
  if (!companionsClaimed) {
    for (const companion of companions) {
      yield withUnreadable(
        buildFacts({
          name: naming.name(companion.file, companion.label),
          source: 'repository',
          major: companion.major ?? ASSUMED_MAJOR,
          majorSource: companion.major === undefined ? 'assumed' : 'image',
          ...companion.section,
          diagnostics: companion.diagnostics
        }),
        problems
      )
    }
  }
}

/** A source that belongs to a deployment without being its postgresql.conf or pg_hba.conf. */
interface Companion {
  /** The file the target is named after when it stands alone. */
  file: string
  label: string
  section: FactsSections
  diagnostics: Diagnostic[]
  /** The major version an image tag names. */
  major?: number
}

function collectCompanions(fs: RootFs, found: Discovered): Companion[] {
  const companions: Companion[] = []
  const [firstSql] = found.sql
  if (firstSql !== undefined) {
    const sql = collectSql(fs, found.sql)
    companions.push({
      file: firstSql,
      label: 'migrations',
      section: { sql: sql.facts },
      diagnostics: sql.diagnostics
    })
  }
  for (const file of found.pgbouncer) {
    const collected = collectPgbouncer(fs, file)
    const diagnostics = [...collected.diagnostics]
    let authHba: HbaConfig | undefined
    if (collected.hbaFile !== undefined) {
      const hba = collectHba(fs, collected.hbaFile, { major: ASSUMED_MAJOR })
      authHba = hba.config
      diagnostics.push(...hba.diagnostics)
    }
    companions.push({
      file,
      label: 'pgbouncer',
      section: { pgbouncer: { ...collected.config, ...(authHba ? { auth_hba: authHba } : {}) } },
      diagnostics
    })
  }
  for (const file of found.pgpool) {
    const read = readText(fs, file)
    if (!read.ok) {
      companions.push({ file, label: 'pgpool', section: {}, diagnostics: [read.diagnostic] })
      continue
    }
    const parsed = parsePgpool(read.value, file)
    companions.push({
      file,
      label: 'pgpool',
      section: { pgpool: parsed.config },
      diagnostics: parsed.diagnostics
    })
  }
  const containers: ContainerFacts = { files: [], services: [], connections: [] }
  const composeDiagnostics: Diagnostic[] = []
  for (const file of found.compose) {
    const read = readText(fs, file)
    if (!read.ok) {
      composeDiagnostics.push(read.diagnostic)
      continue
    }
    const parsed = parseCompose(read.value, file)
    // Compose files without a PostgreSQL service or a database connection say nothing here.
    if (parsed.project.services.length + parsed.project.connections.length === 0) continue
    containers.files.push(file)
    containers.services.push(...parsed.project.services)
    containers.connections.push(...parsed.project.connections)
    composeDiagnostics.push(...parsed.diagnostics)
  }
  const [firstCompose] = containers.files
  const major = containers.services.find((service) => service.image?.major !== undefined)?.image
    ?.major
  if (firstCompose !== undefined) {
    companions.push({
      file: firstCompose,
      label: 'containers',
      section: { containers },
      diagnostics: composeDiagnostics,
      ...(major !== undefined && major >= 8 ? { major } : {})
    })
  }
  return companions
}

function readText(
  fs: RootFs,
  file: string
): { ok: true; value: Buffer } | { ok: false; diagnostic: Diagnostic } {
  const read = fs.readFile(file)
  if (read.ok) return read
  return {
    ok: false,
    diagnostic: {
      code: 'FILE_UNREADABLE',
      level: 'warning',
      message: read.problem.message,
      location: { file, line: 1, column: 1 }
    }
  }
}

/** Every SQL file of the path, in name order (the order migration tools apply them in). */
function collectSql(fs: RootFs, files: string[]): { facts: SqlFacts; diagnostics: Diagnostic[] } {
  const facts: SqlFacts = { files: [], statements: [] }
  const diagnostics: Diagnostic[] = []
  for (const file of files) {
    const read = readText(fs, file)
    if (!read.ok) {
      diagnostics.push(read.diagnostic)
      continue
    }
    if (read.value.includes(0)) {
      diagnostics.push({
        code: 'BINARY_FILE',
        level: 'notice',
        message: `${file} is binary, not SQL; skipped`,
        location: { file, line: 1, column: 1 }
      })
      continue
    }
    const parsed = parseSql(read.value, file)
    facts.files.push(file)
    facts.statements.push(...parsed.statements)
    diagnostics.push(...parsed.diagnostics)
  }
  return { facts, diagnostics }
}

/**
 * The `-c name=value` flags of the deployment's one PostgreSQL container: they override every
 * file, so they are read as assignments after the last one. With several containers it is not
 * known which runs this postgresql.conf, and none is applied.
 */
function commandLineOf(companions: Companion[]): ConfAssignment[] {
  const services = companions.flatMap((c) => c.section.containers?.services ?? [])
  const [only] = services
  if (only === undefined || services.length > 1) return []
  return only.settings
    .filter((s) => s.unresolved !== true && !FILE_LOCATION_SETTINGS.has(s.name))
    .map((s) => ({
      kind: 'setting',
      name: s.name,
      written: s.name,
      value: s.value,
      quoted: false,
      location: s.location
    }))
}

/** They say where the files are, which the repository layout already answered. */
const FILE_LOCATION_SETTINGS = new Set(['config_file', 'hba_file', 'ident_file', 'data_directory'])

function collectDeployment(
  fs: RootFs,
  file: string,
  hbaByDir: Map<string, string[]>,
  autoFiles: Set<string>,
  commandLine: ConfAssignment[]
): { facts: Facts; files: string[]; hba?: string } {
  const auto = path.posix.join(path.posix.dirname(file), 'postgresql.auto.conf')
  const tree = collectConfTree(fs, file, autoFiles.has(auto) ? { autoFile: auto } : {})
  tree.assignments.push(...commandLine)
  const diagnostics: Diagnostic[] = [...tree.diagnostics]
  const pathMajor = majorFromPaths(tree.assignments.map((a) => a.value))
  const major = pathMajor ?? ASSUMED_MAJOR
  const built = buildSettings(tree, parameterCatalog(major))
  diagnostics.push(...built.diagnostics)
  const postgresql: PostgresqlConfig = {
    config_file: file,
    files: tree.files,
    settings: built.settings
  }
  const hbaFile = hbaFor(fs, file, postgresql, hbaByDir, diagnostics)
  let hba: HbaConfig | undefined
  if (hbaFile !== undefined) {
    const ssl = postgresql.settings.ssl?.value
    // ssl is off by default, and pg_hba.conf's hostssl lines are judged against it.
    const collected = collectHba(fs, hbaFile, {
      major,
      ssl: typeof ssl === 'boolean' ? ssl : false
    })
    hba = collected.config
    diagnostics.push(...collected.diagnostics)
  }
  const facts = buildFacts({
    name: file,
    source: 'repository',
    major,
    majorSource: pathMajor === undefined ? 'assumed' : 'config',
    postgresql,
    ...(hba ? { hba } : {}),
    diagnostics
  })
  return {
    facts,
    files: [...tree.files, ...(hba?.files ?? [])],
    ...(hbaFile ? { hba: hbaFile } : {})
  }
}

function withUnreadable(facts: Facts, problems: Problems): Facts {
  for (const d of facts.diagnostics) {
    if (!UNREADABLE_CODES.has(d.code)) continue
    problems.errors.push({
      file: d.location?.file ?? facts.target.name,
      ...(d.location ? { line: d.location.line } : {}),
      message: d.message
    })
  }
  return facts
}

let knownCache: ((name: string) => boolean) | undefined

function knownParameter(): (name: string) => boolean {
  if (!knownCache) {
    const parameters = parameterCatalog(ASSUMED_MAJOR).parameters
    knownCache = (name) => Object.hasOwn(parameters, name)
  }
  return knownCache
}

function splitPath(given: string): { rootDir: string; only?: string } {
  if (RootFs.open(given).ok) return { rootDir: given }
  return { rootDir: path.dirname(given), only: path.basename(given) }
}

/**
 * The pg_hba.conf of a deployment: the one its hba_file names when that is in the repository,
 * else the one beside its postgresql.conf.
 */
function hbaFor(
  fs: RootFs,
  confFile: string,
  postgresql: PostgresqlConfig,
  hbaByDir: Map<string, string[]>,
  diagnostics: Diagnostic[]
): string | undefined {
  const dir = path.posix.dirname(confFile)
  const named = postgresql.settings.hba_file
  if (named && typeof named.value === 'string' && named.value !== '') {
    const resolved = fs.resolve(confFile, named.value)
    if (resolved.ok && fs.kind(resolved.value) === 'file') return resolved.value
    // Deployments name the path the file has on the server; the repository keeps it beside.
    const beside = path.posix.join(dir, path.posix.basename(named.value))
    if (fs.kind(beside) === 'file') return beside
    diagnostics.push({
      code: 'HBA_FILE_NOT_IN_REPOSITORY',
      level: 'notice',
      message: `hba_file = '${named.value}' is not in the scanned folder; client authentication rules were not checked`,
      location: named.location
    })
    return undefined
  }
  const sibling = path.posix.join(dir, 'pg_hba.conf')
  const inFolder = hbaByDir.get(dir) ?? []
  return inFolder.includes(sibling) ? sibling : inFolder[0]
}

/** Names a deployment after its folder, or after its file when a folder holds several. */
class TargetNaming {
  private readonly used = new Set<string>()
  private readonly base: string

  constructor(given: string, only: string | undefined) {
    const posix = given.split(path.sep).join('/').replace(/\/+$/, '')
    this.base = only === undefined ? posix : path.posix.dirname(posix)
  }

  /** `folder` names the target after the folder of `file`, plus a label when one is given. */
  name(file: string, label?: string): string {
    if (label !== undefined) {
      const folder = this.name(`${path.posix.dirname(file)}/.`)
      return `${folder} (${label})`
    }
    const dir = path.posix.dirname(file)
    const join = (rel: string): string =>
      this.base === '' || this.base === '.' ? rel : rel === '.' ? this.base : `${this.base}/${rel}`
    let name = join(dir)
    if (this.used.has(name)) name = join(file)
    this.used.add(name)
    return name
  }
}
