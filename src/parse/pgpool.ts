/**
 * pgpool.conf (technique 42). pgpool-II reads it with a copy of PostgreSQL's configuration
 * scanner (pool_config_l.l), so the postgresql.conf parser reads it too: `name = value`, `#`
 * comments, single-quoted values. Only what the hardening checks need is typed: whether
 * pool_hba.conf is enforced, where pgpool listens, client TLS and the password file.
 */
import path from 'node:path'
import type { Diagnostic } from '../facts/location.js'
import type { PgpoolConfig, PgpoolSetting } from '../facts/source-types.js'
import { normalizeSetting, splitList } from '../facts/normalize-setting.js'
import { parseConf } from './conf.js'

/** pgpool-II's defaults for the parameters typed here. */
export const PGPOOL_DEFAULTS = {
  enable_pool_hba: false,
  listen_addresses: ['localhost'],
  ssl: false,
  pool_passwd: 'pool_passwd'
} as const

export interface ParsedPgpool {
  config: PgpoolConfig
  diagnostics: Diagnostic[]
}

export function parsePgpool(source: Uint8Array | string, file: string): ParsedPgpool {
  const parsed = parseConf(source, file)
  const diagnostics = [...parsed.diagnostics]
  const settings = Object.create(null) as Record<string, PgpoolSetting>
  for (const entry of parsed.entries) {
    if (entry.kind === 'setting') {
      settings[entry.name] = { value: entry.value, location: entry.location }
    } else {
      diagnostics.push({
        code: 'PGPOOL_INCLUDE',
        level: 'warning',
        message: `pgpool-II has no ${entry.kind} directive; the line is not read`,
        location: entry.location
      })
    }
  }
  const config: PgpoolConfig = {
    file,
    settings,
    hba_file: path.posix.join(path.posix.dirname(file), 'pool_hba.conf')
  }
  for (const name of ['enable_pool_hba', 'ssl'] as const) {
    const setting = settings[name]
    if (!setting) continue
    const value = readBool(name, setting.value)
    if (value === undefined) {
      diagnostics.push({
        code: 'PGPOOL_INVALID_VALUE',
        level: 'error',
        message: `invalid value "${setting.value}" for boolean parameter ${name}`,
        location: setting.location
      })
    } else {
      config[name] = { value, location: setting.location }
    }
  }
  const listen = settings.listen_addresses
  if (listen) {
    const items = splitList(listen.value, 'plain') ?? listen.value.split(',').map((s) => s.trim())
    config.listen_addresses = { value: items, location: listen.location }
  }
  const passwd = settings.pool_passwd
  if (passwd) config.pool_passwd = { value: passwd.value, location: passwd.location }
  return { config, diagnostics }
}

function readBool(name: string, raw: string): boolean | undefined {
  const read = normalizeSetting({ name, type: 'bool', boot_val: 'off', context: 'sighup' }, raw)
  return read.ok && typeof read.value === 'boolean' ? read.value : undefined
}
