import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { corpusDir } from '../support/corpus.js'
import { validateFacts } from '../support/facts-schema.js'
import { buildSettings, type ConfTree } from '../../src/facts/build-settings.js'
import { parameterCatalog } from '../../src/facts/parameters.js'
import { parseConf, type ConfAssignment } from '../../src/parse/conf.js'

const catalog = parameterCatalog(15)

/** A tree of one or more in-memory files, read in the order given. */
function tree(...files: [string, string][]): ConfTree {
  const assignments: ConfAssignment[] = []
  for (const [file, text] of files) {
    for (const entry of parseConf(text, file).entries)
      if (entry.kind === 'setting') assignments.push(entry)
  }
  return { files: files.map(([f]) => f), assignments, diagnostics: [] }
}

function build(text: string): ReturnType<typeof buildSettings> {
  return buildSettings(tree(['postgresql.conf', text]), catalog)
}

function errors(text: string): string[] {
  return build(text).diagnostics.map((d) => `${d.code}@${d.location?.line ?? 0}: ${d.message}`)
}

describe('buildSettings', () => {
  it('types and normalizes values, with location and default flag', () => {
    const { settings, diagnostics } = build("shared_buffers = 1GB\nssl = 'ON'\nwork_mem = 4096\n")
    expect(diagnostics).toEqual([])
    expect(settings.shared_buffers).toEqual({
      value: 131072,
      raw: '1GB',
      type: 'integer',
      unit: '8kB',
      origin: 'file',
      is_default: false,
      location: { file: 'postgresql.conf', line: 1, column: 1 }
    })
    expect(settings.ssl?.value).toBe(true)
    expect(settings.work_mem?.is_default).toBe(true)
  })

  it('keeps the last assignment and lists the ones it overrides, oldest first', () => {
    const { settings } = buildSettings(
      tree(
        ['postgresql.conf', 'work_mem = 1MB\nWORK_MEM = 2MB\n'],
        ['postgresql.auto.conf', "work_mem = '3MB'\n"]
      ),
      catalog
    )
    expect(settings.work_mem?.value).toBe(3072)
    expect(settings.work_mem?.location).toEqual({
      file: 'postgresql.auto.conf',
      line: 1,
      column: 1
    })
    expect(settings.work_mem?.overridden).toEqual([
      { file: 'postgresql.conf', line: 1, column: 1 },
      { file: 'postgresql.conf', line: 2, column: 1 }
    ])
  })

  it('does not check an earlier line spelled exactly like a later one', () => {
    expect(errors('work_mem = bad\nwork_mem = 2MB\n')).toEqual([])
  })

  it('still checks an earlier line spelled differently, like PostgreSQL (strcmp)', () => {
    expect(errors('Work_Mem = bad\nwork_mem = 2MB\n')).toEqual([
      'CONF_INVALID_VALUE@1: invalid value for parameter "Work_Mem": "bad"'
    ])
  })

  it('refuses unknown names at their line but keeps custom prefix.name placeholders', () => {
    const { settings, diagnostics } = build("max_fsm_pages = 204800\npgaudit.log = 'ddl, write'\n")
    expect(diagnostics.map((d) => [d.code, d.level, d.location?.line, d.message])).toEqual([
      [
        'CONF_UNKNOWN_PARAMETER',
        'error',
        1,
        'unrecognized configuration parameter "max_fsm_pages" in file "postgresql.conf" line 1'
      ]
    ])
    expect(settings.max_fsm_pages).toBeUndefined()
    expect(settings['pgaudit.log']).toMatchObject({
      value: 'ddl, write',
      type: 'string',
      is_default: false
    })
  })

  it('explains a byte-order mark that makes the first name unknown', () => {
    expect(errors('\ufeffshared_buffers = 1GB\n')[0]).toContain('byte-order mark')
  })

  it('maps obsolete names to the parameter PostgreSQL still accepts them for', () => {
    const { settings, diagnostics } = build('sort_mem = 2048\n')
    expect(diagnostics).toEqual([])
    expect(settings.work_mem?.value).toBe(2048)
  })

  it('reports invalid values with PostgreSQL wording and marks them unknown', () => {
    const { settings } = build('ssl = maybe\n')
    expect(errors('ssl = maybe\n')).toEqual([
      'CONF_INVALID_VALUE@1: parameter "ssl" requires a Boolean value'
    ])
    expect(settings.ssl).toMatchObject({ value: 'maybe', origin: 'unknown', type: 'bool' })
    expect(errors('work_mem = 1XB\n')).toEqual([
      'CONF_INVALID_VALUE@1: invalid value for parameter "work_mem": "1XB" Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".'
    ])
  })

  it('refuses internal parameters whatever their value', () => {
    expect(errors('Block_Size = 8192\n')).toEqual([
      'CONF_INVALID_VALUE@1: parameter "Block_Size" cannot be changed'
    ])
  })

  it('splits list parameters into items', () => {
    const { settings } = build("shared_preload_libraries = 'pg_stat_statements,pgaudit'\n")
    expect(settings.shared_preload_libraries?.items).toEqual(['pg_stat_statements', 'pgaudit'])
  })

  it('marks settings an unreadable include may change as unknown', () => {
    const t = tree(['postgresql.conf', "ssl = on\ninclude '/etc/x.conf'\nwork_mem = 4MB\n"])
    t.unresolved = [
      {
        kind: 'include',
        path: '/etc/x.conf',
        location: { file: 'postgresql.conf', line: 2, column: 1 },
        position: 1
      }
    ]
    const { settings } = buildSettings(t, catalog)
    expect(settings.ssl?.origin).toBe('unknown')
    expect(settings.work_mem?.origin).toBe('file')
    expect(settings.log_connections).toMatchObject({
      origin: 'unknown',
      value: false,
      location: { file: 'postgresql.conf', line: 2, column: 1 }
    })
    expect(settings.block_size).toBeUndefined()
  })

  it('skips custom names the facts schema cannot hold, with a notice', () => {
    const { settings, diagnostics } = build('caf\u00e9.x = 1\nok.x = 2\n')
    expect(Object.keys(settings)).toEqual(['ok.x'])
    expect(diagnostics.map((d) => [d.code, d.level])).toEqual([['CUSTOM_NAME_SKIPPED', 'notice']])
  })

  it('builds facts the schema accepts for every real-world file', () => {
    const validate = validateFacts
    const corpus = corpusDir('postgresql.conf')
    const names = fs.existsSync(corpus) ? fs.readdirSync(corpus) : []
    for (const name of names) {
      const parsed = parseConf(fs.readFileSync(path.join(corpus, name)), name)
      const assignments = parsed.entries.filter((e): e is ConfAssignment => e.kind === 'setting')
      const built = buildSettings({ files: [name], assignments, diagnostics: [] }, catalog)
      const facts = {
        schema_version: 1,
        target: { name, source: 'repository', major: 15, major_source: 'assumed' },
        postgresql: { config_file: name, files: [name], settings: built.settings },
        diagnostics: [...parsed.diagnostics, ...built.diagnostics]
      }
      validate(facts)
      expect(validate.errors ?? [], name).toEqual([])
    }
    expect(names.length === 0 || names.length >= 100).toBe(true)
  })
})
