/**
 * What each PostgreSQL major version knows about its parameters: type, unit, bounds, enum
 * values and compiled-in default, as the server's own pg_settings reports them
 * (data/parameters/<major>.json, written by scripts/gen-parameters.mjs).
 */
import catalog15 from '../../data/parameters/15.json' with { type: 'json' }
import { normalizeSetting } from './normalize-setting.js'
import { SETTING_TYPES, type SettingType, type SettingValue } from './types.js'

export interface ParameterSpec {
  /** PostgreSQL's spelling (`DateStyle`); catalogue keys are lower-case. */
  name: string
  type: SettingType
  /** pg_settings.unit: the base unit values are normalized to (`8kB`, `kB`, `ms`, ...). */
  unit?: string
  /** Values pg_settings lists, in its order. */
  enumvals?: string[]
  /**
   * Spellings PostgreSQL also accepts (lower-case) and what it turns them into, as
   * `postgres -C` prints it: hidden values (`wal_level = hot_standby` → `replica`) and listed
   * values stored as another (`wal_compression = on` → `pglz`).
   */
  enum_aliases?: Record<string, string>
  min?: number
  max?: number
  boot_val: string
  /** pg_settings.context: internal, postmaster, sighup, superuser-backend, backend, superuser, user. */
  context: string
  /** Takes a comma-separated list (GUC_LIST_INPUT). */
  list?: boolean
  /** Not shown by pg_settings (GUC_NO_SHOW_ALL), but a file may set it. */
  hidden?: boolean
}

export interface ParameterCatalog {
  /** The major version the data comes from. */
  major: number
  /** The major version that was asked for, when it differs from `major`. */
  requested_major?: number
  produced_by: string
  /** Obsolete names PostgreSQL still maps to a parameter (`sort_mem` → `work_mem`). */
  aliases: Record<string, string>
  parameters: Record<string, ParameterSpec>
}

export type DefaultSettings = Record<
  string,
  { value: SettingValue; type: SettingType; unit?: string; items?: string[] }
>

const CATALOGS: ReadonlyMap<number, ParameterCatalog> = new Map([[15, toCatalog(catalog15)]])

export const CATALOG_MAJORS: readonly number[] = [...CATALOGS.keys()].sort((a, b) => a - b)

const nearest = new Map<number, ParameterCatalog>()

/** The catalogue of `major`, or of the nearest major there is data for (the newer on a tie). */
export function parameterCatalog(major: number): ParameterCatalog {
  const cached = nearest.get(major)
  if (cached) return cached
  let best = CATALOG_MAJORS[0] ?? 15
  for (const candidate of CATALOG_MAJORS) {
    if (Math.abs(candidate - major) <= Math.abs(best - major)) best = candidate
  }
  const exact = CATALOGS.get(best)
  if (!exact) throw new Error('no parameter catalogue is bundled')
  const catalog: ParameterCatalog =
    best === major
      ? exact
      : {
          ...exact,
          requested_major: major,
          produced_by: `${exact.produced_by} (PostgreSQL ${best} data used for ${major})`
        }
  nearest.set(major, catalog)
  return catalog
}

/** The spec for a name as written in a file: case-insensitive, obsolete names resolved. */
export function findParameter(catalog: ParameterCatalog, name: string): ParameterSpec | undefined {
  // ASCII only, like guc_name_compare: Unicode case folding would turn U+212A into "k".
  const key = name.replace(/[A-Z]+/g, (s) => s.toLowerCase())
  return catalog.parameters[key] ?? catalog.parameters[catalog.aliases[key] ?? '']
}

const defaults = new WeakMap<ParameterCatalog, DefaultSettings>()

/** Every parameter's compiled-in default (boot_val), normalized like a value from a file. */
export function defaultSettings(catalog: ParameterCatalog): DefaultSettings {
  const cached = defaults.get(catalog)
  if (cached) return cached
  const result: DefaultSettings = {}
  for (const [key, spec] of Object.entries(catalog.parameters)) {
    const normalized = normalizeSetting(spec, spec.boot_val)
    if (!normalized.ok) continue
    const { value, type, unit, items } = normalized
    result[key] = { value, type, ...(unit ? { unit } : {}), ...(items ? { items } : {}) }
  }
  defaults.set(catalog, result)
  return result
}

/** Checks the bundled JSON once, so a damaged data file fails loudly at start-up. */
function toCatalog(json: unknown): ParameterCatalog {
  const data = json as Partial<ParameterCatalog> | null
  if (
    typeof data?.major !== 'number' ||
    typeof data.produced_by !== 'string' ||
    typeof data.parameters !== 'object' ||
    typeof data.aliases !== 'object'
  ) {
    throw new Error('malformed parameter catalogue')
  }
  for (const [key, spec] of Object.entries(data.parameters)) {
    if (
      key !== spec.name.toLowerCase() ||
      !(SETTING_TYPES as readonly string[]).includes(spec.type)
    ) {
      throw new Error(`malformed parameter catalogue entry ${key}`)
    }
  }
  return data as ParameterCatalog
}
