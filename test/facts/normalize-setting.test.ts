import { describe, expect, it } from 'vitest'
import { formatG, normalizeSetting, splitList } from '../../src/facts/normalize-setting.js'
import {
  CATALOG_MAJORS,
  defaultSettings,
  findParameter,
  parameterCatalog,
  type ParameterSpec
} from '../../src/facts/parameters.js'

const catalog = parameterCatalog(15)

function spec(name: string): ParameterSpec {
  const found = findParameter(catalog, name)
  if (!found) throw new Error(`no parameter ${name}`)
  return found
}

/** The normalized value, or the error message. */
function norm(name: string, raw: string): unknown {
  const result = normalizeSetting(spec(name), raw)
  return result.ok ? result.value : result.message
}

// Expected values were read from `postgres -C name` of PostgreSQL 15.18 with the same line.
describe('normalizeSetting integers', () => {
  it('converts memory to the base unit pg_settings reports', () => {
    expect(norm('shared_buffers', '1GB')).toBe(131072)
    expect(norm('work_mem', '4MB')).toBe(4096)
    expect(norm('work_mem', '4096kB')).toBe(4096)
    expect(norm('work_mem', '4096')).toBe(4096)
    expect(norm('work_mem', ' 1 MB ')).toBe(1024)
    expect(norm('max_wal_size', '1GB')).toBe(1024)
    expect(norm('log_parameter_max_length', '1kB')).toBe(1024)
    expect(normalizeSetting(spec('shared_buffers'), '128MB')).toEqual({
      ok: true,
      value: 16384,
      type: 'integer',
      unit: '8kB'
    })
  })

  it('converts time to the base unit, so a bare number is already in that unit', () => {
    expect(norm('statement_timeout', '30')).toBe(30)
    expect(norm('statement_timeout', '1.5s')).toBe(1500)
    expect(norm('statement_timeout', '1d')).toBe(86400000)
    expect(norm('statement_timeout', '100us')).toBe(0)
    expect(norm('tcp_keepalives_idle', '1.5min')).toBe(90)
    expect(norm('log_rotation_age', '1d')).toBe(1440)
    expect(norm('log_rotation_age', '90s')).toBe(2)
  })

  it('rounds fractions to the next smaller unit, then to an integer, ties to even', () => {
    expect(norm('work_mem', '1.5MB')).toBe(1536)
    expect(norm('work_mem', '64.5')).toBe(64)
    expect(norm('work_mem', '65.5')).toBe(66)
    expect(norm('effective_cache_size', '100kB')).toBe(12)
    expect(norm('effective_cache_size', '104kB')).toBe(13)
  })

  it('reads hexadecimal and octal like strtol with base 0', () => {
    expect(norm('log_file_mode', '0600')).toBe(384)
    expect(norm('log_file_mode', '384')).toBe(384)
    expect(norm('log_file_mode', '600')).toBe(
      '600 is outside the valid range for parameter "log_file_mode" (0 .. 511)'
    )
    expect(norm('unix_socket_permissions', '0777')).toBe(511)
    expect(norm('max_connections', '0x20')).toBe(32)
    expect(norm('max_connections', '08')).toBe(
      'invalid value for parameter "max_connections": "08"'
    )
  })

  it('treats units as case-sensitive and reports invalid ones with the hint', () => {
    expect(normalizeSetting(spec('work_mem'), '1XB')).toEqual({
      ok: false,
      message: 'invalid value for parameter "work_mem": "1XB"',
      hint: 'Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".'
    })
    expect(norm('work_mem', '4mb')).toBe('invalid value for parameter "work_mem": "4mb"')
    expect(normalizeSetting(spec('statement_timeout'), '5sec')).toMatchObject({
      hint: 'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".'
    })
    expect(normalizeSetting(spec('max_connections'), '1MB')).toEqual({
      ok: false,
      message: 'invalid value for parameter "max_connections": "1MB"'
    })
  })

  it('checks the range with the unit in the message', () => {
    expect(norm('shared_buffers', '1')).toBe(
      '1 8kB is outside the valid range for parameter "shared_buffers" (16 .. 1073741823)'
    )
    expect(norm('work_mem', '-0')).toBe(
      '0 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647)'
    )
    expect(normalizeSetting(spec('max_connections'), '99999999999')).toMatchObject({
      hint: 'Value exceeds integer range.'
    })
  })

  it('rejects underflow, NaN and garbage like strtod does', () => {
    expect(norm('work_mem', '1e-320')).toBe('invalid value for parameter "work_mem": "1e-320"')
    expect(norm('work_mem', 'nan')).toBe('invalid value for parameter "work_mem": "nan"')
    expect(norm('work_mem', ' .5')).toBe('invalid value for parameter "work_mem": " .5"')
    expect(norm('work_mem', '')).toBe('invalid value for parameter "work_mem": ""')
  })

  it('names the parameter as written when told to', () => {
    const result = normalizeSetting(spec('work_mem'), '1', 'WORK_MEM')
    expect(result).toMatchObject({
      message: '1 kB is outside the valid range for parameter "WORK_MEM" (64 .. 2147483647)'
    })
  })
})

describe('normalizeSetting reals', () => {
  it('parses with strtod, units included', () => {
    expect(norm('random_page_cost', '1.23456789')).toBe(1.23456789)
    expect(norm('seq_page_cost', '0x10')).toBe(16)
    expect(norm('seq_page_cost', '1e308')).toBe(1e308)
    expect(norm('autovacuum_vacuum_cost_delay', '2.5ms')).toBe(2.5)
    expect(norm('vacuum_cost_delay', '1500us')).toBe(1.5)
  })

  it('reports ranges with %g formatting', () => {
    expect(norm('random_page_cost', '-1')).toBe(
      '-1 is outside the valid range for parameter "random_page_cost" (0 .. 1.79769e+308)'
    )
    expect(norm('seq_page_cost', 'inf')).toBe(
      'Infinity is outside the valid range for parameter "seq_page_cost" (0 .. 1.79769e+308)'
    )
    expect(norm('cpu_tuple_cost', '1e-310')).toBe(
      'invalid value for parameter "cpu_tuple_cost": "1e-310"'
    )
  })
})

describe('normalizeSetting booleans', () => {
  it('accepts on/off/true/false/yes/no/1/0 and unambiguous prefixes, in any case', () => {
    for (const raw of ['on', 'ON', 'true', 'tr', 'T', 'yes', 'y', '1'])
      expect(norm('ssl', raw)).toBe(true)
    for (const raw of ['off', 'of', 'OFF', 'false', 'f', 'no', 'N', '0'])
      expect(norm('ssl', raw)).toBe(false)
  })

  it('rejects ambiguous and unknown values', () => {
    for (const raw of ['o', '', 'offx', 'tru e', '01', 'maybe']) {
      expect(norm('ssl', raw)).toBe('parameter "ssl" requires a Boolean value')
    }
  })
})

describe('normalizeSetting enums', () => {
  it('matches names case-insensitively and returns what PostgreSQL stores', () => {
    expect(norm('wal_level', 'Replica')).toBe('replica')
    expect(norm('wal_level', 'hot_standby')).toBe('replica')
    expect(norm('wal_compression', 'on')).toBe('pglz')
    expect(norm('huge_pages', 'true')).toBe('on')
    expect(norm('log_min_messages', 'DEBUG')).toBe('debug2')
    expect(norm('ssl_min_protocol_version', 'tlsv1.3')).toBe('TLSv1.3')
    expect(norm('ssl_max_protocol_version', '')).toBe('')
  })

  it('lists the visible values in the hint', () => {
    expect(normalizeSetting(spec('wal_level'), 'foo', 'Wal_Level')).toEqual({
      ok: false,
      message: 'invalid value for parameter "Wal_Level": "foo"',
      hint: 'Available values: minimal, replica, logical.'
    })
    expect(norm('password_encryption', 'on')).toBe(
      'invalid value for parameter "password_encryption": "on"'
    )
  })
})

describe('normalizeSetting strings', () => {
  it('splits list parameters the way PostgreSQL does', () => {
    expect(
      normalizeSetting(spec('shared_preload_libraries'), 'pg_stat_statements, "Foo Bar" ,x')
    ).toEqual({
      ok: true,
      value: 'pg_stat_statements, "Foo Bar" ,x',
      type: 'string',
      items: ['pg_stat_statements', 'Foo Bar', 'x']
    })
    const items = (name: string, raw: string): unknown => {
      const result = normalizeSetting(spec(name), raw)
      return result.ok ? result.items : result.message
    }
    expect(items('search_path', '"$user", Public')).toEqual(['$user', 'public'])
    expect(items('unix_socket_directories', '/var/run/postgresql/, /tmp/my dir')).toEqual([
      '/var/run/postgresql',
      '/tmp/my dir'
    ])
    expect(items('listen_addresses', '*')).toEqual(['*'])
    expect(items('listen_addresses', '')).toEqual([])
    expect(items('log_destination', 'stderr, CSVLOG')).toEqual(['stderr', 'csvlog'])
    expect(items('search_path', 'a,,b')).toBe('invalid value for parameter "search_path": "a,,b"')
  })

  it('canonicalizes DateStyle like check_datestyle', () => {
    expect(norm('datestyle', 'iso, mdy')).toBe('ISO, MDY')
    expect(norm('datestyle', 'european')).toBe('ISO, DMY')
    expect(norm('datestyle', 'German')).toBe('German, DMY')
    expect(norm('datestyle', 'sql, ymd')).toBe('SQL, YMD')
    expect(normalizeSetting(spec('datestyle'), 'iso, sql')).toMatchObject({
      ok: false,
      detail: 'Conflicting "datestyle" specifications.'
    })
  })

  it('rejects unknown log destinations', () => {
    expect(normalizeSetting(spec('log_destination'), 'stderr,bogus')).toEqual({
      ok: false,
      message: 'invalid value for parameter "log_destination": "stderr,bogus"',
      detail: 'Unrecognized key word: "bogus".'
    })
  })

  it('keeps only printable ASCII in application_name and cluster_name', () => {
    expect(norm('cluster_name', 'hé')).toBe('h??')
    expect(norm('application_name', 'x'.repeat(70))).toBe('x'.repeat(63))
  })

  it('keeps other strings as written', () => {
    expect(norm('ssl_ciphers', 'HIGH:!aNULL')).toBe('HIGH:!aNULL')
    expect(norm('timezone', 'europe/prague')).toBe('europe/prague')
  })
})

describe('splitList', () => {
  it('collapses doubled quotes and refuses unbalanced ones', () => {
    expect(splitList('"a""b", c', 'plain')).toEqual(['a"b', 'c'])
    expect(splitList('"a', 'plain')).toBeUndefined()
    expect(splitList('a b', 'plain')).toBeUndefined()
    expect(splitList('a b', 'directory')).toEqual(['a b'])
  })
})

describe('formatG', () => {
  it('prints like printf %g', () => {
    expect(
      [0, 1, -1, 0.005, 123456.7, 999999.5, 1e-5, 1.5e300, Number.MAX_VALUE].map(formatG)
    ).toEqual(['0', '1', '-1', '0.005', '123457', '1e+06', '1e-05', '1.5e+300', '1.79769e+308'])
  })
})

describe('parameter catalogue', () => {
  it('comes from a real server and says so', () => {
    expect(CATALOG_MAJORS).toContain(15)
    expect(catalog.major).toBe(15)
    expect(catalog.produced_by).toMatch(/PostgreSQL 15\.\d+/)
    expect(Object.keys(catalog.parameters).length).toBeGreaterThan(300)
  })

  it('answers for other majors with the nearest catalogue and says which', () => {
    const other = parameterCatalog(13)
    expect(other.major).toBe(15)
    expect(other.requested_major).toBe(13)
    expect(other.produced_by).toContain('used for 13')
  })

  it('finds parameters case-insensitively and by obsolete names', () => {
    expect(findParameter(catalog, 'DateStyle')?.name).toBe('DateStyle')
    expect(findParameter(catalog, 'sort_mem')?.name).toBe('work_mem')
    expect(findParameter(catalog, 'no_such_parameter')).toBeUndefined()
    expect(findParameter(catalog, 'wor\u212a_mem')).toBeUndefined()
  })

  it('normalizes every compiled-in default', () => {
    const defaults = defaultSettings(catalog)
    expect(Object.keys(defaults)).toHaveLength(Object.keys(catalog.parameters).length)
    expect(defaults.shared_buffers).toEqual({ value: 16384, type: 'integer', unit: '8kB' })
    expect(defaults.ssl?.value).toBe(false)
    expect(defaults.password_encryption?.value).toBe('scram-sha-256')
    expect(defaults.listen_addresses?.items).toEqual(['localhost'])
    expect(defaultSettings(catalog)).toBe(defaults)
  })
})
