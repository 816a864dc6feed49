import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  classifySecret,
  parseCInteger,
  parseConnString,
  parsePgbouncer,
  parseSeconds,
  parseUserlist,
  PGBOUNCER_PARAMETERS
} from '../../src/parse/pgbouncer.js'
import { corpusAvailable, corpusDir } from '../support/corpus.js'

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/pgbouncer')
const read = (rel: string): Buffer => fs.readFileSync(path.join(FIXTURES, rel))
const codes = (diagnostics: { code: string; location?: { line: number } }[]): string[] =>
  diagnostics.map((d) => `${d.code}@${d.location?.line ?? 0}`)

describe('parsePgbouncer', () => {
  const basic = parsePgbouncer(read('basic/pgbouncer.ini'), 'basic/pgbouncer.ini')

  it('reads [pgbouncer] parameters with their line and the typed value PgBouncer uses', () => {
    expect(basic.diagnostics).toEqual([
      {
        code: 'PGB_INCLUDE_NOT_FOLLOWED',
        level: 'notice',
        message: '%include databases.ini was not read',
        location: { file: 'basic/pgbouncer.ini', line: 6, column: 1 }
      }
    ])
    expect(basic.settings.auth_type).toEqual({
      value: 'MD5',
      parsed: 'md5',
      location: { file: 'basic/pgbouncer.ini', line: 11, column: 1 }
    })
    expect(basic.settings.listen_addr?.items).toEqual(['*'])
    expect(basic.settings.admin_users?.items).toEqual(['postgres', 'ops'])
    expect(basic.settings.stats_users).toMatchObject({ value: '', items: [] })
    expect(basic.settings.unix_socket_mode?.parsed).toBe(0o777)
    expect(basic.settings.client_login_timeout?.parsed).toBe(30.5)
  })

  it('keeps `;` and `#` later in a line as part of the value', () => {
    expect(basic.settings.server_reset_query?.value).toBe('DISCARD ALL ; not a comment here')
  })

  it('lets the last assignment win and remembers the earlier one', () => {
    expect(basic.settings.max_client_conn).toMatchObject({
      value: '500',
      parsed: 500,
      location: { line: 21 },
      overridden: [{ file: 'basic/pgbouncer.ini', line: 20, column: 1 }]
    })
  })

  it('reads [databases] connection strings without keeping passwords', () => {
    expect(basic.databases.map((d) => d.name)).toEqual(['orders', 'reporting', 'quoted'])
    const reporting = basic.databases[1]
    expect(reporting).toEqual({
      name: 'reporting',
      params: { host: '10.0.1.6', dbname: 'reporting', user: 'report', pool_size: '5' },
      has_password: true,
      location: { file: 'basic/pgbouncer.ini', line: 4, column: 1 }
    })
    expect(JSON.stringify(basic)).not.toContain('s3cret')
    expect(basic.databases[2]?.params).toEqual({
      host: 'db',
      connect_query: "SELECT 'ready'",
      application_name: 'pgb'
    })
  })

  it('follows %include with the current section carried into the included file', () => {
    const parsed = parsePgbouncer(read('basic/pgbouncer.ini'), 'basic/pgbouncer.ini', {
      readInclude: (target, from) => {
        const file = path.posix.join(path.posix.dirname(from), target)
        return { ok: true, file, source: read(file) }
      }
    })
    expect(parsed.diagnostics).toEqual([])
    expect(parsed.files).toEqual(['basic/pgbouncer.ini', 'basic/databases.ini'])
    expect(parsed.includes).toEqual([
      {
        path: 'databases.ini',
        file: 'basic/databases.ini',
        location: { file: 'basic/pgbouncer.ini', line: 6, column: 1 }
      }
    ])
    expect(parsed.databases.map((d) => [d.name, d.location.file, d.location.line])).toEqual([
      ['orders', 'basic/pgbouncer.ini', 3],
      ['reporting', 'basic/pgbouncer.ini', 4],
      ['quoted', 'basic/pgbouncer.ini', 5],
      ['analytics', 'basic/databases.ini', 2]
    ])
  })

  it('stops an include loop and reports it at the %include line', () => {
    const parsed = parsePgbouncer(read('include-cycle/pgbouncer.ini'), 'pgbouncer.ini', {
      readInclude: (target) => ({ ok: true, file: target, source: read(`include-cycle/${target}`) })
    })
    expect(codes(parsed.diagnostics)).toEqual(['PGB_INCLUDE_CYCLE@2'])
    expect(parsed.diagnostics[0]?.location?.file).toBe('other.ini')
    expect(parsed.settings.listen_port?.parsed).toBe(6433)
  })

  it('reports the nesting limit PgBouncer enforces', () => {
    let n = 0
    const parsed = parsePgbouncer('[pgbouncer]\n%include next.ini\n', 'main.ini', {
      readInclude: () => ({ ok: true, file: `f${++n}.ini`, source: '%include next.ini\n' })
    })
    expect(codes(parsed.diagnostics)).toEqual(['PGB_INCLUDE_DEPTH@1'])
    expect(parsed.files).toHaveLength(11)
  })

  it('reports what PgBouncer refuses, and keeps reading', () => {
    const parsed = parsePgbouncer(read('sections/pgbouncer.ini'), 'pgbouncer.ini')
    expect(codes(parsed.diagnostics)).toEqual([
      'PGB_NO_SECTION@1',
      'PGB_UNKNOWN_SECTION@6',
      'PGB_RESERVED_DATABASE@9',
      'PGB_CONNSTRING@10',
      'PGB_UNKNOWN_FIELD@11',
      'PGB_SECTION_RESET@16'
    ])
    expect(parsed.diagnostics[5]?.message).toContain('auth_type, pool_mode')
    // Reopening [pgbouncer] resets parameters that have a default, not auth_user.
    expect(Object.keys(parsed.settings)).toEqual(['auth_user', 'listen_addr'])
    expect(parsed.users).toEqual([
      {
        name: 'alice',
        params: { pool_mode: 'session', max_user_connections: '10' },
        location: { file: 'pgbouncer.ini', line: 13, column: 1 }
      }
    ])
    expect(parsed.peers[0]).toMatchObject({ id: '1', params: { host: '/tmp/pgbouncer1' } })
    expect(parsed.databases.map((d) => [d.name, d.location.line, d.location.column])).toEqual([
      ['unknown', 11, 1],
      ['inline', 18, 13]
    ])
  })

  it('compares parameter names case-sensitively and enum values case-insensitively', () => {
    const parsed = parsePgbouncer(
      '[pgbouncer]\nAuth_Type = trust\npool_mode = Transaction\n',
      'p.ini'
    )
    expect(parsed.diagnostics[0]).toMatchObject({
      code: 'PGB_UNKNOWN_PARAMETER',
      level: 'error',
      message: 'unknown parameter: pgbouncer/Auth_Type (did you mean auth_type?)'
    })
    expect(parsed.settings.auth_type).toBeUndefined()
    expect(parsed.settings.pool_mode?.parsed).toBe('transaction')
  })

  it('rejects values PgBouncer would not parse', () => {
    const parsed = parsePgbouncer(
      '[pgbouncer]\nauth_type = password\nmax_client_conn = 10k\nquery_timeout = -1\n',
      'p.ini'
    )
    expect(codes(parsed.diagnostics)).toEqual([
      'PGB_INVALID_VALUE@2',
      'PGB_INVALID_VALUE@3',
      'PGB_INVALID_VALUE@4'
    ])
    expect(parsed.settings.max_client_conn).toEqual({
      value: '10k',
      location: { file: 'p.ini', line: 3, column: 1 }
    })
  })

  it('reports a syntax error where the line stops making sense', () => {
    const parsed = parsePgbouncer(
      '--/etc/pgbouncer/pgbouncer.ini\n[pgbouncer]\nlisten_port = 1\n',
      'p.ini'
    )
    expect(parsed.diagnostics).toEqual([
      {
        code: 'PGB_SYNTAX',
        level: 'error',
        message: 'syntax error in configuration (p.ini:1), stopping loading',
        location: { file: 'p.ini', line: 1, column: 3 }
      }
    ])
    expect(parsed.settings.listen_port?.parsed).toBe(1)
  })

  it('reads CRLF files the same, and points at the same lines', () => {
    const lf = read('basic/pgbouncer.ini').toString()
    const crlf = parsePgbouncer(lf.replaceAll('\n', '\r\n'), 'basic/pgbouncer.ini')
    expect(crlf).toEqual(basic)
  })

  it('reports a byte order mark, which PgBouncer does not skip', () => {
    const parsed = parsePgbouncer('\uFEFF[pgbouncer]\nlisten_port = 7000\n', 'p.ini')
    expect(codes(parsed.diagnostics)).toEqual(['PGB_BOM@1'])
    expect(parsed.settings.listen_port).toMatchObject({ parsed: 7000, location: { line: 2 } })
  })

  it('accepts a single-quoted key and tabs around `=`', () => {
    const parsed = parsePgbouncer("[databases]\n'my db'\t=\thost=x\n[pgbouncer]\n", 'p.ini')
    expect(parsed.databases[0]).toMatchObject({ name: 'my db', params: { host: 'x' } })
  })

  it('requires a [pgbouncer] section', () => {
    expect(codes(parsePgbouncer('[databases]\n', 'p.ini').diagnostics)).toEqual([
      'PGB_NO_MAIN_SECTION@1'
    ])
  })

  it('handles very long lines', () => {
    const long = 'x'.repeat(200_000)
    const parsed = parsePgbouncer(`[pgbouncer]\nauth_query = ${long}\nlisten_port=1\n`, 'p.ini')
    expect(parsed.settings.auth_query?.value).toHaveLength(200_000)
    expect(parsed.settings.listen_port?.location.line).toBe(3)
  })

  it('never throws and keeps every location inside the file', () => {
    const alphabet = fc.constantFrom(
      '[',
      ']',
      '=',
      ' ',
      '\t',
      '\n',
      '\r',
      ';',
      '#',
      "'",
      '"',
      '%include ',
      'pgbouncer',
      'databases',
      'users',
      'peers',
      'auth_type',
      'host',
      'password',
      'x',
      '*',
      '\uFEFF',
      'é'
    )
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), fc.string(), (parts, noise) => {
        const text = parts.join('') + noise
        const parsed = parsePgbouncer(text, 'f.ini', {
          readInclude: () => ({ ok: true, file: 'g.ini', source: text.slice(0, 40) })
        })
        const lines = Math.max(text.split('\n').length, text.slice(0, 40).split('\n').length)
        const locations = [
          ...Object.values(parsed.settings).map((s) => s.location),
          ...parsed.databases.map((d) => d.location),
          ...parsed.diagnostics.flatMap((d) => (d.location ? [d.location] : []))
        ]
        for (const location of locations) {
          expect(location.line).toBeGreaterThanOrEqual(1)
          expect(location.line).toBeLessThanOrEqual(lines)
          expect(location.column).toBeGreaterThanOrEqual(1)
        }
        for (const database of parsed.databases)
          expect(database.params).not.toHaveProperty('password')
      })
    )
  })
})

describe('PgBouncer value readers', () => {
  it('reads integers like strtol in base 0', () => {
    expect(parseCInteger('0777')).toBe(511)
    expect(parseCInteger('0x1F')).toBe(31)
    expect(parseCInteger('-12')).toBe(-12)
    expect(parseCInteger('08')).toBeUndefined()
    expect(parseCInteger('12abc')).toBeUndefined()
    expect(parseCInteger('')).toBeUndefined()
  })

  it('reads seconds as non-negative decimals', () => {
    expect(parseSeconds('0.010')).toBe(0.01)
    expect(parseSeconds('1e3')).toBe(1000)
    expect(parseSeconds('-1')).toBeUndefined()
    expect(parseSeconds('5s')).toBeUndefined()
  })

  it('reads connection strings like cstr_get_pair', () => {
    expect(parseConnString("host = a,b  port=1 password='it''s'")).toEqual({
      ok: true,
      params: { host: 'a,b', port: '1', password: "it's" }
    })
    expect(parseConnString('host=')).toEqual({ ok: false })
    expect(parseConnString("dbname='open")).toEqual({ ok: false })
    expect(parseConnString('')).toEqual({ ok: true, params: {} })
  })

  it('has a type and a default for the parameters the checks read', () => {
    expect(PGBOUNCER_PARAMETERS.get('auth_type')).toMatchObject({ type: 'enum', default: 'md5' })
    expect(PGBOUNCER_PARAMETERS.get('client_tls_sslmode')?.default).toBe('disable')
    expect(PGBOUNCER_PARAMETERS.get('server_tls_sslmode')?.default).toBe('prefer')
    expect(PGBOUNCER_PARAMETERS.get('listen_addr')).toEqual({ type: 'list', default: '' })
    expect(PGBOUNCER_PARAMETERS.get('constructor')).toBeUndefined()
  })
})

describe('parseUserlist', () => {
  it('classifies each secret and never keeps it', () => {
    const parsed = parseUserlist(read('basic/userlist.txt'), 'basic/userlist.txt')
    expect(parsed.diagnostics).toEqual([])
    expect(parsed.entries.map((e) => [e.user, e.secret, e.location.line])).toEqual([
      ['app', 'plaintext', 2],
      ['admin', 'md5', 3],
      ['svc', 'scram', 4],
      ['we"ird', 'plaintext', 5],
      ['nopass', 'empty', 6]
    ])
    expect(JSON.stringify(parsed)).not.toContain('app-password-in-clear')
    expect(JSON.stringify(parsed)).not.toContain('e8a48653851e28c69d0506508fb27fc5')
  })

  it('marks entries after a broken line as ignored, as PgBouncer stops reading there', () => {
    const parsed = parseUserlist(read('hba/users.txt'), 'users.txt')
    expect(parsed.diagnostics).toEqual([
      {
        code: 'PGB_USERLIST_BROKEN',
        level: 'warning',
        message: 'broken auth file: PgBouncer stops reading it here',
        location: { file: 'users.txt', line: 2, column: 1 }
      }
    ])
    expect(parsed.entries).toEqual([
      { user: 'app', secret: 'scram', location: { file: 'users.txt', line: 1, column: 1 } },
      {
        user: 'late',
        secret: 'plaintext',
        location: { file: 'users.txt', line: 3, column: 1 },
        ignored: true
      }
    ])
  })

  it('tells hashes from lookalikes', () => {
    expect(classifySecret('md5' + 'a'.repeat(32))).toBe('md5')
    expect(classifySecret('md5' + 'A'.repeat(32))).toBe('plaintext')
    expect(classifySecret('md5' + 'a'.repeat(31))).toBe('plaintext')
    expect(classifySecret('SCRAM-SHA-256$4096:salt$short:short')).toBe('plaintext')
  })

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseUserlist(text, 'u.txt')
        for (const entry of parsed.entries) expect(entry.location.line).toBeGreaterThanOrEqual(1)
      })
    )
  })
})

describe.runIf(corpusAvailable())('real-world pgbouncer.ini files', () => {
  const dir = corpusDir('pgbouncer.ini')
  const files = corpusAvailable()
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.ini'))
        .sort()
    : []

  it('has the 26 files', () => {
    expect(files).toHaveLength(26)
  })

  it.each(files)('%s: read like a line-by-line reading of [pgbouncer] says', (name) => {
    const text = fs.readFileSync(path.join(dir, name), 'utf8')
    const parsed = parsePgbouncer(text, name)
    expect(Object.keys(parsed.settings).length).toBeGreaterThan(0)
    expect(parsed.databases.every((d) => !('password' in d.params))).toBe(true)
    // An independent, naive reading: every `key = value` line after [pgbouncer].
    const expected = new Map<string, { value: string; line: number }>()
    let section = ''
    text.split('\n').forEach((raw, index) => {
      const line = raw.replace(/\s+$/, '')
      const header = /^\s*\[(.*)\]\s*$/.exec(line)
      if (header) section = header[1] ?? ''
      const kv = /^([A-Za-z0-9_.*-]+)\s*=\s*(.*)$/.exec(line.trimStart())
      if (section === 'pgbouncer' && kv) {
        expected.set(kv[1] ?? '', { value: kv[2] ?? '', line: index + 1 })
      }
    })
    const actual = new Map(
      Object.entries(parsed.settings).map(([k, s]) => [
        k,
        { value: s.value, line: s.location.line }
      ])
    )
    expect(actual).toEqual(expected)
  })

  it('reports only what PgBouncer itself would refuse', () => {
    const problems = files.flatMap((name) =>
      parsePgbouncer(fs.readFileSync(path.join(dir, name)), name).diagnostics.map(
        (d) => `${name}:${d.location?.line ?? 0} ${d.code}`
      )
    )
    // 006 starts with a stray line; 009 sets max_idle_connections, which PgBouncer does not have.
    expect(problems).toEqual(['006.ini:1 PGB_SYNTAX', '009.ini:12 PGB_UNKNOWN_PARAMETER'])
  })
})
