import type { Diagnostic } from './location.js'
import type { Facts, SourceKind, Target } from './types.js'
import { FACTS_SCHEMA_VERSION } from './types.js'

/** The sections a source contributes (postgresql, hba, sql, pgbouncer, ...), all optional. */
export type FactsSections = Omit<Facts, 'schema_version' | 'target' | 'diagnostics'>

export type FactsParts = FactsSections & {
  name: string
  source: SourceKind
  major: number
  majorSource: Target['major_source']
  diagnostics: Diagnostic[]
}

/** Assembles one target's facts; sections that were not collected stay absent. */
export function buildFacts(parts: FactsParts): Facts {
  const { name, source, major, majorSource, diagnostics, ...sections } = parts
  return {
    schema_version: FACTS_SCHEMA_VERSION,
    target: { name, source, major, major_source: majorSource },
    ...sections,
    diagnostics: sortDiagnostics(diagnostics)
  }
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
