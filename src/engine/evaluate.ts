import { PgHardeningError, errorMessage } from '../errors.js'
import type { Location, Severity } from '../facts/location.js'
import { isSeverity } from '../facts/location.js'
import type { Facts } from '../facts/types.js'
import type { LoadedPolicy } from './load-policy.js'

export const ENTRYPOINT = 'pg_hardening/main'

/** A finding as a policy returns it: the package names the rule, the catalogue adds the rest. */
export interface RawFinding {
  package: string
  message: string
  location: Location
  severity?: Severity
}

/** Data every evaluation shares, loaded into the module once. */
export interface EngineData {
  /** PostgreSQL's compiled-in defaults, by major version (as a string key). */
  defaults: Record<string, Record<string, unknown>>
  /** User configuration: thresholds and the like. */
  config: Record<string, unknown>
  /** Supported majors and their end of life (data/postgresql-versions.json), with its as-of date. */
  versions?: unknown
}

export class Engine {
  private readonly policy: LoadedPolicy

  constructor(policy: LoadedPolicy, data: EngineData) {
    this.policy = policy
    try {
      policy.setData(data)
    } catch (error) {
      throw new PgHardeningError(
        'POLICY_LOAD_FAILED',
        `cannot load policy data: ${errorMessage(error)}`,
        {
          cause: error
        }
      )
    }
  }

  /** Every policy's findings for one target, in one WebAssembly call. */
  evaluate(facts: Facts): RawFinding[] {
    let result: unknown
    try {
      result = this.policy.evaluate(facts, ENTRYPOINT)
    } catch (error) {
      throw new PgHardeningError(
        'POLICY_EVAL_FAILED',
        `policy evaluation failed for ${facts.target.name}: ${errorMessage(error)}`,
        { cause: error }
      )
    }
    return readFindings(result)
  }
}

export function readFindings(result: unknown): RawFinding[] {
  // An undefined result set is an empty array; the aggregate package always answers otherwise.
  if (!Array.isArray(result) || result.length === 0) return []
  const first: unknown = result[0]
  const byPackage = (first as { result?: { findings?: unknown } }).result?.findings
  if (byPackage === undefined) return []
  if (typeof byPackage !== 'object' || byPackage === null || Array.isArray(byPackage))
    throw malformed('findings is not an object')
  const findings: RawFinding[] = []
  for (const [name, list] of Object.entries(byPackage)) {
    if (!Array.isArray(list)) throw malformed(`findings of ${name} is not an array`)
    for (const item of list) findings.push(toRawFinding(name, item))
  }
  return findings
}

function toRawFinding(pkg: string, value: unknown): RawFinding {
  if (typeof value !== 'object' || value === null)
    throw malformed(`a finding of ${pkg} is not an object`)
  const v = value as Record<string, unknown>
  const location = v.location as Record<string, unknown> | undefined
  if (
    typeof v.message !== 'string' ||
    typeof location?.file !== 'string' ||
    typeof location.line !== 'number' ||
    typeof location.column !== 'number'
  ) {
    throw malformed(`a finding of ${pkg} lacks a message or a location`)
  }
  const finding: RawFinding = {
    package: pkg,
    message: v.message,
    location: { file: location.file, line: location.line, column: location.column }
  }
  if (v.severity !== undefined) {
    if (!isSeverity(v.severity)) {
      throw malformed(`a finding of ${pkg} has severity ${JSON.stringify(v.severity)}`)
    }
    finding.severity = v.severity
  }
  return finding
}

function malformed(detail: string): PgHardeningError {
  return new PgHardeningError(
    'POLICY_EVAL_FAILED',
    `a policy returned a malformed result: ${detail}`
  )
}
