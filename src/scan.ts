import { initSqlParser } from './parse/sql.js'
import { collectTargets, planRoot } from './collect/repository.js'
import { Engine } from './engine/evaluate.js'
import { instantiate, readPolicyFiles } from './engine/load-policy.js'
import { defaultSettings, parameterCatalog } from './facts/parameters.js'
import type { Facts } from './facts/types.js'
import type { Catalog, ScanResult, TargetResult } from './findings.js'
import versions from '../data/postgresql-versions.json' with { type: 'json' }
import { sortFindings, toFindings } from './report/findings.js'

export { ASSUMED_MAJOR, collectRoot } from './collect/repository.js'

export interface ScannerOptions {
  /** User configuration handed to the policies as `data.config`. */
  config?: Record<string, unknown>
  /** Keep each target's facts document in the result (for `pg-harden facts`). */
  keepFacts?: boolean
}

/** The names rules give their `inputs` in METADATA, and the facts sections they stand for. */
const INPUT_SECTIONS = [
  ['conf', 'postgresql'],
  ['hba', 'hba'],
  ['sql', 'sql'],
  ['pgbouncer', 'pgbouncer'],
  ['pgpool', 'pgpool'],
  ['containers', 'containers']
] as const

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
      config: options.config ?? {},
      versions
    })
  }

  async scan(paths: string[]): Promise<ScanResult> {
    const result: ScanResult = {
      roots: paths,
      targets: [],
      findings: [],
      errors: [],
      notices: [],
      catalog: this.catalog
    }
    for (const given of paths) {
      const plan = planRoot(given, result)
      // The SQL parser is WebAssembly compiled on first use: only scans that read SQL pay for it.
      if (plan.found.sql.length > 0) await initSqlParser()
      // Facts are judged as they are collected and then dropped, so memory stays flat however
      // many deployments a folder holds.
      for (const facts of collectTargets(plan, result)) result.targets.push(this.judge(facts))
    }
    result.findings = sortFindings(result.targets.flatMap((t) => t.findings))
    return result
  }

  judge(facts: Facts): TargetResult {
    const raw = this.engine.evaluate(facts)
    const files = [
      ...(facts.postgresql?.files ?? []),
      ...(facts.hba?.files ?? []),
      ...(facts.sql?.files ?? []),
      ...(facts.pgbouncer?.files ?? []),
      ...(facts.pgbouncer?.auth_file?.file ? [facts.pgbouncer.auth_file.file] : []),
      ...(facts.pgbouncer?.auth_hba?.files ?? []),
      ...(facts.pgpool ? [facts.pgpool.file] : []),
      ...(facts.containers?.files ?? [])
    ]
    return {
      target: facts.target,
      files,
      inputs: INPUT_SECTIONS.filter(([, section]) => facts[section] !== undefined).map(
        ([name]) => name
      ),
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
