import type { Severity } from '../facts/location.js'
import type { ScanResult } from '../findings.js'
import { atOrAbove, countBySeverity } from './findings.js'

export interface ReportSummary {
  targets: number
  files: number
  rules: number
  findings: number
  bySeverity: Record<Severity, number>
  errors: number
  failOn: Severity
  failed: boolean
}

export function summarize(result: ScanResult, failOn: Severity): ReportSummary {
  const files = new Set<string>()
  for (const target of result.targets) {
    for (const file of target.files) files.add(`${target.target.name}\0${file}`)
  }
  return {
    targets: result.targets.length,
    files: files.size,
    rules: result.catalog.rules.length,
    findings: result.findings.length,
    bySeverity: countBySeverity(result.findings),
    errors: result.errors.length,
    failOn,
    failed: result.findings.some((f) => atOrAbove(f.severity, failOn))
  }
}
