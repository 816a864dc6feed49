import fs from 'node:fs'
import path from 'node:path'

/**
 * The third-party real-world corpus lives beside the repository (shared/corpus/realworld), never
 * inside it; CI clones the repository with shared/ next to it.
 */
export const CORPUS_ROOT =
  process.env.PGH_CORPUS ?? path.resolve(import.meta.dirname, '../../../shared/corpus/realworld')

export function corpusDir(
  kind: 'postgresql.conf' | 'pg_hba.conf' | 'pgbouncer.ini' | 'compose'
): string {
  return path.join(CORPUS_ROOT, kind)
}

export function corpusAvailable(): boolean {
  return fs.existsSync(CORPUS_ROOT)
}
