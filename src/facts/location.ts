/** Where a fact was written: repository-relative POSIX path, 1-based line and column. */
export interface Location {
  /** @minLength 1 */
  file: string
  /**
   * @asType integer
   * @minimum 1
   */
  line: number
  /**
   * @asType integer
   * @minimum 1
   */
  column: number
}

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value)
}

/** Lower rank is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

export const DIAGNOSTIC_LEVELS = ['error', 'warning', 'notice'] as const
export type DiagnosticLevel = (typeof DIAGNOSTIC_LEVELS)[number]

/**
 * A problem found in the user's files. `error` means PostgreSQL itself would refuse the file
 * (the server would not start or would not load it); `warning` means we could not fully read
 * it (an include outside the scanned root, a binary file); `notice` is informational.
 */
export interface Diagnostic {
  /** @pattern ^[A-Z][A-Z0-9_]*$ */
  code: string
  level: DiagnosticLevel
  message: string
  location?: Location
}

export function at(file: string, line: number, column = 1): Location {
  return { file, line, column }
}
