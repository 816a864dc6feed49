import type { Severity } from '../facts/location.js'
import type { ScanResult } from '../findings.js'
import { summarize } from './summary-counts.js'

/** The stable JSON report: fields may be added, never renamed. */
export function renderJson(result: ScanResult, failOn: Severity): string {
  const report = {
    findings: result.findings.map((f) => ({
      rule: f.rule,
      techniques: f.techniques,
      severity: f.severity,
      title: f.title,
      message: f.message,
      remediation: f.remediation,
      file: f.file,
      line: f.line,
      column: f.column,
      target: f.target
    })),
    errors: result.errors,
    summary: summarize(result, failOn)
  }
  return `${JSON.stringify(report, null, 2)}\n`
}
