import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parsePgpool, PGPOOL_DEFAULTS } from '../../src/parse/pgpool.js'

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/pgpool/pgpool.conf')

describe('parsePgpool', () => {
  const parsed = parsePgpool(fs.readFileSync(FIXTURE), 'pgpool/pgpool.conf')

  it('types the settings technique 42 reads, with their lines', () => {
    const { config } = parsed
    expect(config.file).toBe('pgpool/pgpool.conf')
    expect(config.hba_file).toBe('pgpool/pool_hba.conf')
    expect(config.listen_addresses).toEqual({
      value: ['*'],
      location: { file: 'pgpool/pgpool.conf', line: 6, column: 1 }
    })
    // `of` is an unambiguous prefix of `off`, as in PostgreSQL's parse_bool.
    expect(config.enable_pool_hba).toEqual({
      value: false,
      location: { file: 'pgpool/pgpool.conf', line: 13, column: 1 }
    })
    expect(config.ssl?.value).toBe(true)
    expect(config.pool_passwd).toMatchObject({ value: 'pool_passwd', location: { line: 14 } })
    expect(config.settings.backend_hostname0?.value).toBe('pg-primary')
  })

  it('reports include lines, which pgpool does not have', () => {
    expect(parsed.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ['PGPOOL_INCLUDE', 20]
    ])
  })

  it('reports a boolean it cannot read and leaves it untyped', () => {
    const bad = parsePgpool("enable_pool_hba = 'maybe'\nssl = o\n", 'pgpool.conf')
    expect(bad.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ['PGPOOL_INVALID_VALUE', 1],
      ['PGPOOL_INVALID_VALUE', 2]
    ])
    expect(bad.config.enable_pool_hba).toBeUndefined()
    expect(bad.config.ssl).toBeUndefined()
  })

  it('leaves unset settings to the documented defaults', () => {
    const empty = parsePgpool('# nothing\n', 'pgpool.conf')
    expect(empty.config.enable_pool_hba).toBeUndefined()
    expect(PGPOOL_DEFAULTS.enable_pool_hba).toBe(false)
  })

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parsePgpool(text, 'pgpool.conf')
        expect(result.config.file).toBe('pgpool.conf')
      })
    )
  })
})
