import type { Severity } from '../facts/location.js'
import type { ScanResult } from '../findings.js'
import { atOrAbove } from './findings.js'

export const EXIT = { clean: 0, failed: 1, error: 2 } as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** 1 when a finding is at or above the threshold, else 0; errors are the caller's to weigh. */
export function exitCodeFor(result: ScanResult, failOn: Severity): ExitCode {
  return result.findings.some((f) => atOrAbove(f.severity, failOn)) ? EXIT.failed : EXIT.clean
}
