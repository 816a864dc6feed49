import path from 'node:path'
import { collectConfTree } from './collect/conf-tree.js'
import { discover, sniff } from './collect/discover.js'
import { collectHba } from './collect/hba-tree.js'
import { RootFs } from './collect/root-fs.js'
import { Engine } from './engine/evaluate.js'
import { instantiate, readPolicyFiles } from './engine/load-policy.js'
import { PgHardeningError } from './errors.js'
import { buildFacts, majorFromPaths } from './facts/build-facts.js'
import { buildSettings } from './facts/build-settings.js'
import type { Diagnostic } from './facts/location.js'
import { CATALOG_MAJORS, defaultSettings, parameterCatalog } from './facts/parameters.js'
import type { Facts, HbaConfig, PostgresqlConfig } from './facts/types.js'
import type { Catalog, ScanError, ScanResult, TargetResult } from './findings.js'
import { sortFindings, toFindings } from './report/findings.js'

/** The newest major we have a parameter catalogue for: what an unversioned config is judged as. */
export const ASSUMED_MAJOR = Math.max(...CATALOG_MAJORS)

/** Diagnostics that mean a file could not be read at all: they also go to the report's errors. */
const UNREADABLE_CODES = new Set(['READ_FAILED', 'FILE_UNREADABLE'])

export interface ScannerOptions {
  /** User configuration handed to the policies as `data.config`. */
  config?: Record<string, unknown>
  /** Keep each target's facts document in the result (for `pg-harden facts`). */
  keepFacts?: boolean
}

/** Loads the compiled policies once, then scans any number of folders. */
export class Scanner {
  readonly catalog: Catalog
  private readonly engine: Engine
  private readonly keepFacts: boolean

  constructor(options: ScannerOptions = {}) {
    const files = readPolicyFiles()
    this.catalog = files.catalog
    this.keepFacts = options.keepFacts ?? false
    this.engine = new Engine(instantiate(files.wasm), {
      defaults: defaultsByMajor(),
      config: options.config ?? {}
    })
  }

  scan(paths: string[]): ScanResult {
    const result: ScanResult = {
      roots: paths,
      targets: [],
      findings: [],
      errors: [],
      notices: [],
      catalog: this.catalog
    }
    for (const given of paths) {
      // Facts are judged as they are collected and then dropped, so memory stays flat however
      // many deployments a folder holds.
      for (const facts of collectRoot(given, result)) result.targets.push(this.judge(facts))
    }
    result.findings = sortFindings(result.targets.flatMap((t) => t.findings))
    return result
  }

  judge(facts: Facts): TargetResult {
    const raw = this.engine.evaluate(facts)
    const files = [...(facts.postgresql?.files ?? []), ...(facts.hba?.files ?? [])]
    return {
      target: facts.target,
      files,
      inputs: [...(facts.postgresql ? ['conf'] : []), ...(facts.hba ? ['hba'] : [])],
      findings: toFindings(raw, this.catalog, facts.target.name),
      ...(this.keepFacts ? { facts } : {})
    }
  }
}

/** Every major from 9 to 20 mapped to the defaults of the nearest catalogue we have. */
function defaultsByMajor(): Record<string, Record<string, unknown>> {
  const defaults: Record<string, Record<string, unknown>> = {}
  for (let major = 9; major <= 20; major += 1) {
    defaults[String(major)] = defaultSettings(parameterCatalog(major))
  }
  return defaults
}

interface Problems {
  errors: ScanError[]
  notices: ScanError[]
}

/**
 * Reads one scanned path into facts documents, one per deployment, as a stream. A
 * postgresql.conf with the pg_hba.conf it names (or that sits beside it) is one deployment; a
 * pg_hba.conf nobody claims is a deployment of its own; files that a deployment includes are
 * part of it, not deployments.
 */
export function* collectRoot(given: string, problems: Problems): Generator<Facts> {
  const { rootDir, only } = splitPath(given)
  const opened = RootFs.open(rootDir)
  if (!opened.ok) {
    throw new PgHardeningError('ROOT_NOT_FOUND', `cannot scan ${given}: ${opened.problem.message}`)
  }
  const fs = opened.value
  const found = discover(fs)
  problems.errors.push(...found.problems)
  problems.notices.push(...found.skipped)
  const isKnown = knownParameter()
  let named = found.conf
  let hbaFiles = found.hba
  let other = found.other
  if (only !== undefined) {
    if (fs.kind(only) !== 'file')
      throw new PgHardeningError('ROOT_NOT_FOUND', `cannot scan ${given}: no such file`)
    named = named.filter((f) => f === only)
    hbaFiles = hbaFiles.filter((f) => f === only)
    other = named.length + hbaFiles.length === 0 ? [only] : []
  }

  // A deployment's pg_hba.conf is looked up by folder; sniffed ones join later, for lone targets.
  const hbaByDir = new Map<string, string[]>()
  for (const file of hbaFiles) {
    const dir = path.posix.dirname(file)
    const list = hbaByDir.get(dir)
    if (list) list.push(file)
    else hbaByDir.set(dir, [file])
  }
  const included = new Set<string>()
  const claimedHba = new Set<string>()
  const naming = new TargetNaming(given, only)

  const deployment = (file: string): Facts => {
    const { facts, files, hba } = collectDeployment(fs, file, hbaByDir, found.auto)
    for (const f of files) if (f !== file) included.add(f)
    if (hba !== undefined) claimedHba.add(hba)
    facts.target.name = naming.name(file)
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
}

function collectDeployment(
  fs: RootFs,
  file: string,
  hbaByDir: Map<string, string[]>,
  autoFiles: Set<string>
): { facts: Facts; files: string[]; hba?: string } {
  const auto = path.posix.join(path.posix.dirname(file), 'postgresql.auto.conf')
  const tree = collectConfTree(fs, file, autoFiles.has(auto) ? { autoFile: auto } : {})
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

  name(file: string): string {
    const dir = path.posix.dirname(file)
    const join = (rel: string): string =>
      this.base === '' || this.base === '.' ? rel : rel === '.' ? this.base : `${this.base}/${rel}`
    let name = join(dir)
    if (this.used.has(name)) name = join(file)
    this.used.add(name)
    return name
  }
}
