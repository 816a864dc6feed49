/**
 * The output contract shared by the engine, the reporters, the CLI and the action: the rule
 * catalogue (from the policies' METADATA), findings, and the result of a scan.
 */
import type { Severity } from './facts/location.js'
import type { Facts, Target } from './facts/types.js'

export type { Severity } from './facts/location.js'

export interface RuleReference {
  url: string
  description?: string
}

export interface RuleDoc {
  /** `PGH-NNN`, stable forever. */
  id: string
  /** The policy package under pg_hardening.techniques that implements the rule. */
  package: string
  title: string
  description: string
  severity: Severity
  kind: 'automated' | 'manual'
  techniques: number[]
  inputs: string[]
  /** CIS PostgreSQL Benchmark sections. */
  cis: string[]
  remediation: string
  references: RuleReference[]
  /** The .rego file, relative to the repository. */
  source: string
  deprecated?: boolean
}

export interface Catalog {
  rules: RuleDoc[]
}

export interface Finding {
  rule: string
  techniques: number[]
  severity: Severity
  title: string
  message: string
  remediation: string
  /** Relative to the scanned folder, POSIX separators. */
  file: string
  line: number
  column: number
  /** The deployment the finding belongs to. */
  target: string
}

/** Something that stopped part of a scan: an unreadable file, a folder we could not list. */
export interface ScanError {
  file: string
  line?: number
  message: string
}

export interface TargetResult {
  target: Target
  /** Every file the target's facts were read from, relative to the scanned folder. */
  files: string[]
  /** What the facts hold, named as rules name their `inputs` (`conf`, `hba`). */
  inputs: string[]
  findings: Finding[]
  /** Kept only when asked for (`pg-harden facts`): a scan of many targets streams them. */
  facts?: Facts
}

export interface ScanResult {
  /** The folders scanned, as given. */
  roots: string[]
  targets: TargetResult[]
  findings: Finding[]
  errors: ScanError[]
  /** Things deliberately left alone, such as links out of the scanned folder. */
  notices: ScanError[]
  catalog: Catalog
}
