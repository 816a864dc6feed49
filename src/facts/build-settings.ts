/**
 * The assignments of a configuration tree → the effective value of each parameter, judged the
 * way PostgreSQL's ProcessConfigFileInternal judges them: names first (an unknown name that is
 * not a custom `prefix.name` is an error), earlier lines of a repeated name dropped unchecked,
 * then each remaining value parsed and checked. PostgreSQL stops at the first phase that
 * fails; every problem of every phase is reported here, so one run shows them all.
 */
import type { ConfAssignment, ConfInclude } from '../parse/conf.js'
import type { Diagnostic, Location } from './location.js'
import { normalizeSetting, type Normalized } from './normalize-setting.js'
import {
  defaultSettings,
  findParameter,
  type ParameterCatalog,
  type ParameterSpec
} from './parameters.js'
import type { Setting } from './types.js'

/** An include whose contents are unknown: outside the scanned folder, or unreadable to us. */
export interface UnresolvedInclude {
  kind: ConfInclude['kind']
  path: string
  location: Location
  /** How many assignments precede it in processing order: its own would come right after. */
  position: number
}

export interface ConfTree {
  /** Every file read, in reading order. */
  files: string[]
  /** PostgreSQL's processing order: includes expanded in place, postgresql.auto.conf last. */
  assignments: ConfAssignment[]
  diagnostics: Diagnostic[]
  /** Includes that could not be read; a setting not assigned after the last one is unknown. */
  unresolved?: UnresolvedInclude[]
}

const BOM = '\ufeff'

/** What the facts schema allows as a custom (placeholder) parameter name. */
const CUSTOM_NAME = /^[a-z_][a-z0-9_$]*\.[a-z_][a-z0-9_$]*$/

export function buildSettings(
  tree: ConfTree,
  catalog: ParameterCatalog
): { settings: Record<string, Setting>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const { assignments } = tree
  const specs = assignments.map((a) => findParameter(catalog, a.name))

  // Names. A repeated parameter makes PostgreSQL skip the earlier lines spelled exactly like
  // the later one (strcmp), so `Work_Mem = bad` before `work_mem = 1MB` is still checked.
  const skipped = new Set<number>()
  const present = new Set<string>()
  const bySpelling = new Map<string, number[]>()
  assignments.forEach((a, i) => {
    const spec = specs[i]
    if (!spec) {
      if (!a.name.includes('.')) diagnostics.push(unknownParameter(a))
      return
    }
    const key = keyOf(spec)
    const earlier = bySpelling.get(a.written)
    if (present.has(key) && earlier) for (const j of earlier.splice(0)) skipped.add(j)
    present.add(key)
    if (earlier) earlier.push(i)
    else bySpelling.set(a.written, [i])
  })

  // Values, and the last assignment of each parameter.
  const results = new Map<number, Normalized>()
  const last = new Map<string, number>()
  const history = new Map<string, Location[]>()
  assignments.forEach((a, i) => {
    const spec = specs[i]
    const key = spec ? keyOf(spec) : a.name
    if (!spec && !a.name.includes('.')) return
    const previous = last.get(key)
    if (previous !== undefined) {
      const locations = history.get(key) ?? []
      locations.push(assignments[previous]?.location ?? a.location)
      history.set(key, locations)
    }
    last.set(key, i)
    if (!spec || skipped.has(i)) return
    const result = judge(spec, a)
    results.set(i, result)
    if (!result.ok) diagnostics.push(invalidValue(a, result))
  })

  const defaults = defaultSettings(catalog)
  const settings: Record<string, Setting> = {}
  for (const [key, i] of last) {
    const a = assignments[i]
    if (!a) continue
    const spec = specs[i]
    if (!spec && !CUSTOM_NAME.test(key)) {
      diagnostics.push({
        code: 'CUSTOM_NAME_SKIPPED',
        level: 'notice',
        message: `custom parameter "${a.written}" has characters other than ASCII letters, digits and underscores; it is not recorded`,
        location: a.location
      })
      continue
    }
    const result: Normalized = spec
      ? (results.get(i) ?? judge(spec, a))
      : { ok: true, value: a.value, type: 'string' }
    const overridden = history.get(key)
    const setting: Setting = result.ok
      ? {
          value: result.value,
          raw: a.value,
          type: result.type,
          ...(result.unit ? { unit: result.unit } : {}),
          ...(result.items ? { items: result.items } : {}),
          origin: 'file',
          is_default: spec ? defaults[key]?.value === result.value : false,
          location: a.location
        }
      : {
          // PostgreSQL would refuse to start; which value a fixed file holds is anyone's guess.
          value: a.value,
          raw: a.value,
          type: spec?.type ?? 'string',
          ...(spec?.unit ? { unit: spec.unit } : {}),
          origin: 'unknown',
          is_default: false,
          location: a.location
        }
    if (overridden) setting.overridden = overridden
    settings[key] = setting
  }

  markUnknown(tree.unresolved ?? [], catalog, settings, last)
  return { settings, diagnostics }
}

/**
 * An include we could not read may set anything: a parameter whose last known assignment comes
 * before it, or that nothing assigns, becomes unknown rather than falsely known.
 */
function markUnknown(
  unresolved: UnresolvedInclude[],
  catalog: ParameterCatalog,
  settings: Record<string, Setting>,
  last: Map<string, number>
): void {
  const latest = unresolved.reduce<UnresolvedInclude | undefined>(
    (found, u) => (!found || u.position >= found.position ? u : found),
    undefined
  )
  if (!latest) return
  for (const [key, setting] of Object.entries(settings)) {
    if ((last.get(key) ?? 0) < latest.position) setting.origin = 'unknown'
  }
  const defaults = defaultSettings(catalog)
  for (const [key, spec] of Object.entries(catalog.parameters)) {
    const fallback = defaults[key]
    if (settings[key] || spec.context === 'internal' || !fallback) continue
    settings[key] = {
      value: fallback.value,
      raw: spec.boot_val,
      type: fallback.type,
      ...(fallback.unit ? { unit: fallback.unit } : {}),
      ...(fallback.items ? { items: fallback.items } : {}),
      origin: 'unknown',
      is_default: true,
      location: latest.location
    }
  }
}

function judge(spec: ParameterSpec, a: ConfAssignment): Normalized {
  // PGC_INTERNAL parameters are refused before their value is looked at.
  if (spec.context === 'internal')
    return { ok: false, message: `parameter "${a.written}" cannot be changed` }
  return normalizeSetting(spec, a.value, a.written)
}

function keyOf(spec: ParameterSpec): string {
  return spec.name.toLowerCase()
}

function unknownParameter(a: ConfAssignment): Diagnostic {
  const bom = a.written.startsWith(BOM)
    ? ' (the file starts with a UTF-8 byte-order mark, which PostgreSQL reads as part of the name)'
    : ''
  return {
    code: 'CONF_UNKNOWN_PARAMETER',
    level: 'error',
    message: `unrecognized configuration parameter "${a.written}" in file "${a.location.file}" line ${a.location.line}${bom}`,
    location: a.location
  }
}

function invalidValue(a: ConfAssignment, failure: Extract<Normalized, { ok: false }>): Diagnostic {
  const detail = failure.detail ? ` ${failure.detail}` : ''
  const hint = failure.hint ? ` ${failure.hint}` : ''
  return {
    code: 'CONF_INVALID_VALUE',
    level: 'error',
    message: `${failure.message}${detail}${hint}`,
    location: a.location
  }
}
