import type { Diagnostic } from './location.js'
import type {
  ContainerFacts,
  Facts,
  HbaConfig,
  PgbouncerFacts,
  PostgresqlConfig,
  SourceKind,
  SqlFacts,
  Target
} from './types.js'
import type { PgpoolConfig } from './source-types.js'
import { FACTS_SCHEMA_VERSION } from './types.js'

export interface FactsParts {
  name: string
  source: SourceKind
  major: number
  majorSource: Target['major_source']
  postgresql?: PostgresqlConfig
  hba?: HbaConfig
  sql?: SqlFacts
  pgbouncer?: PgbouncerFacts
  pgpool?: PgpoolConfig
  containers?: ContainerFacts
  diagnostics: Diagnostic[]
}

/** Assembles one target's facts; sections that were not collected stay absent. */
export function buildFacts(parts: FactsParts): Facts {
  const facts: Facts = {
    schema_version: FACTS_SCHEMA_VERSION,
    target: {
      name: parts.name,
      source: parts.source,
      major: parts.major,
      major_source: parts.majorSource
    },
    diagnostics: sortDiagnostics(parts.diagnostics)
  }
  if (parts.postgresql) facts.postgresql = parts.postgresql
  if (parts.hba) facts.hba = parts.hba
  if (parts.sql) facts.sql = parts.sql
  if (parts.pgbouncer) facts.pgbouncer = parts.pgbouncer
  if (parts.pgpool) facts.pgpool = parts.pgpool
  if (parts.containers) facts.containers = parts.containers
  return facts
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>()
  const unique: Diagnostic[] = []
  for (const d of diagnostics) {
    const key = `${d.code}\0${d.location?.file ?? ''}\0${d.location?.line ?? 0}\0${d.message}`
    if (seen.has(key)) continue
    seen.add(key)
    unique.push(d)
  }
  return unique.sort(
    (a, b) =>
      (a.location?.file ?? '').localeCompare(b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0)
  )
}

const VERSIONED_PATH = /\/(?:postgresql|pgsql|postgres)[-/](\d{1,2})(?:\.\d+)?(?:\/|$)/

/**
 * Debian, Red Hat and the official images put the major version in their paths
 * (`/var/lib/postgresql/15/main`, `/usr/pgsql-13/`), so a config that names one says which
 * server it was written for.
 */
export function majorFromPaths(values: string[]): number | undefined {
  for (const value of values) {
    const match = VERSIONED_PATH.exec(value)
    if (match?.[1]) {
      const major = Number(match[1])
      if (major >= 9 && major <= 30) return major
    }
  }
  return undefined
}
