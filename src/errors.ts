/**
 * Failures of the environment (a path that does not exist, a policy module that does not load).
 * Problems inside the user's files are never thrown: they are diagnostics in the facts.
 */
export const ERROR_CODES = [
  'USAGE',
  'ROOT_NOT_FOUND',
  'POLICY_LOAD_FAILED',
  'POLICY_EVAL_FAILED'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export class PgHardeningError extends Error {
  override readonly name = 'PgHardeningError'
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** The user's mistake (exit status 2 with a plain message) rather than ours. */
export function isUserError(error: unknown): boolean {
  return (
    error instanceof PgHardeningError && (error.code === 'USAGE' || error.code === 'ROOT_NOT_FOUND')
  )
}

/** opa-wasm throws strings and plain objects; turn anything into a readable message. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error)
  } catch {
    return String(error)
  }
}
