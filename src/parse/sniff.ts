/**
 * Guesses what a configuration file is from its first lines, for files whose name does not
 * say (`001.conf`, `primary.conf`). Cheap on purpose: it only decides which parser to run.
 */
export type ConfigKind = 'postgresql' | 'hba'

const HBA_RECORD = /^(local|host|hostssl|hostnossl|hostgssenc|hostnogssenc)\s/
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)?)\s*(=|\s)\s*\S/
const SAMPLE_LINES = 400

export function sniffConfigKind(
  text: string,
  isKnownParameter: (name: string) => boolean
): ConfigKind | undefined {
  let hba = 0
  let known = 0
  let other = 0
  let seen = 0
  for (const rawLine of text.split('\n', SAMPLE_LINES)) {
    const line = rawLine.trim()
    if (line === '' || line.startsWith('#')) continue
    seen += 1
    if (HBA_RECORD.test(line)) {
      hba += 1
      continue
    }
    const name = ASSIGNMENT.exec(line)?.[1]?.toLowerCase()
    if (name !== undefined && (isKnownParameter(name) || name.startsWith('include'))) known += 1
    else other += 1
  }
  if (seen === 0) return undefined
  if (hba > 0 && hba >= (seen * 2) / 3) return 'hba'
  if (known > 0 && known >= (known + other) * 0.6) return 'postgresql'
  return undefined
}
