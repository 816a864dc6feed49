import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { corpusDir } from '../support/corpus.js'
import { validateFacts } from '../support/facts-schema.js'
import { collectHba, toHbaNames } from '../../src/collect/hba-tree.js'
import { RootFs } from '../../src/collect/root-fs.js'
import type { HbaToken } from '../../src/parse/hba.js'

const FIXTURES = path.join(import.meta.dirname, '../fixtures/hba')
const CORPUS = corpusDir('pg_hba.conf')

function open(dir: string): RootFs {
  const root = RootFs.open(dir)
  if (!root.ok) throw new Error(root.problem.message)
  return root.value
}

function collect(dir: string, major = 16, ssl?: boolean) {
  return collectHba(open(dir), 'pg_hba.conf', { major, ...(ssl === undefined ? {} : { ssl }) })
}

const summary = (rules: ReturnType<typeof collect>['config']['rules']) =>
  rules.map(
    (r) => `${String(r.order)} ${r.location.file}:${String(r.location.line)} ${r.type} ${r.method}`
  )

describe('collectHba', () => {
  const temps: string[] = []
  afterEach(() => {
    for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('splices included files in place and numbers rules in evaluation order', () => {
    const { config, diagnostics } = collect(path.join(FIXTURES, 'include-tree'))
    expect(summary(config.rules)).toEqual([
      '1 pg_hba.conf:2 local peer',
      '2 base.conf:1 host scram-sha-256',
      '3 conf.d/02-replication.conf:1 hostssl scram-sha-256',
      '4 conf.d/10-app.conf:1 hostssl scram-sha-256',
      '5 pg_hba.conf:6 host reject'
    ])
    expect(config.file).toBe('pg_hba.conf')
    expect(config.files).toEqual([
      'pg_hba.conf',
      'base.conf',
      'conf.d/02-replication.conf',
      'conf.d/10-app.conf'
    ])
    expect(diagnostics).toEqual([
      {
        code: 'HBA_INCLUDE_SKIPPED',
        level: 'notice',
        message: 'skipping missing authentication file "optional.conf"',
        location: { file: 'pg_hba.conf', line: 4, column: 1 }
      }
    ])
  })

  it('treats include lines as invalid records before PostgreSQL 16', () => {
    const { config, diagnostics } = collect(path.join(FIXTURES, 'include-tree'), 15)
    expect(summary(config.rules)).toEqual([
      '1 pg_hba.conf:2 local peer',
      '2 pg_hba.conf:6 host reject'
    ])
    expect(diagnostics.map((d) => `${String(d.location?.line)} ${d.message}`)).toEqual([
      '3 invalid connection type "include"',
      '4 invalid connection type "include_if_exists"',
      '5 invalid connection type "include_dir"'
    ])
  })

  it('expands @file lists in place and keeps the reference before what it read', () => {
    const { config, diagnostics } = collect(path.join(FIXTURES, 'at-file'))
    const [rule] = config.rules
    expect(rule?.databases).toEqual([
      { value: 'lists/dbs.txt', kind: 'file' },
      { value: 'sales', kind: 'name' },
      { value: 'all', kind: 'name' },
      { value: '@literal', kind: 'name' }
    ])
    expect(rule?.users).toEqual([
      { value: 'lists/admins.txt', kind: 'file' },
      { value: 'alice', kind: 'name' },
      { value: 'dba', kind: 'group' },
      { value: 'more.txt', kind: 'file' },
      { value: 'bob', kind: 'name' }
    ])
    expect(config.files).toEqual([
      'pg_hba.conf',
      'lists/dbs.txt',
      'lists/admins.txt',
      'lists/more.txt'
    ])
    expect(config.rules).toHaveLength(1)
    expect(diagnostics).toMatchObject([
      {
        code: 'HBA_FILE_MISSING',
        level: 'error',
        message: 'could not open file "lists/missing.txt": No such file or directory',
        location: { file: 'pg_hba.conf', line: 3 }
      }
    ])
  })

  it('reports an include cycle once instead of following it', () => {
    const { config, diagnostics } = collect(path.join(FIXTURES, 'include-cycle'))
    expect(summary(config.rules)).toEqual([
      '1 pg_hba.conf:1 local peer',
      '2 a.conf:1 host scram-sha-256'
    ])
    expect(diagnostics).toEqual([
      {
        code: 'HBA_INCLUDE_DEPTH',
        level: 'error',
        message: 'could not open file "pg_hba.conf": maximum nesting depth exceeded',
        location: { file: 'a.conf', line: 2, column: 1 }
      }
    ])
  })

  it('never reads outside the scanned folder', () => {
    const { config, diagnostics } = collect(path.join(FIXTURES, 'outside/root'))
    // The @file in the user column keeps the rule, unexpanded; in the method column the line
    // cannot be judged at all.
    expect(summary(config.rules)).toEqual([
      '1 pg_hba.conf:1 local peer',
      '2 pg_hba.conf:3 host md5'
    ])
    expect(config.rules[1]?.users).toEqual([{ value: '../admins.txt', kind: 'file' }])
    expect(config.files).toEqual(['pg_hba.conf'])
    expect(diagnostics.map((d) => `${d.code} ${d.level} ${String(d.location?.line)}`)).toEqual([
      'OUTSIDE_ROOT warning 3',
      'OUTSIDE_ROOT warning 4',
      'HBA_NOT_CHECKED warning 4',
      'OUTSIDE_ROOT warning 2'
    ])
  })

  it('does not follow a symbolic link that leaves the folder', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-hba-link-'))
    temps.push(base)
    fs.mkdirSync(path.join(base, 'root'))
    fs.writeFileSync(path.join(base, 'secret.conf'), 'host all all 0.0.0.0/0 trust\n')
    fs.symlinkSync(path.join(base, 'secret.conf'), path.join(base, 'root', 'linked.conf'))
    fs.writeFileSync(
      path.join(base, 'root', 'pg_hba.conf'),
      'include linked.conf\nlocal all all peer\n'
    )
    const { config, diagnostics } = collect(path.join(base, 'root'))
    expect(summary(config.rules)).toEqual(['1 pg_hba.conf:2 local peer'])
    expect(diagnostics.map((d) => d.code)).toEqual(['OUTSIDE_ROOT'])
  })

  it('reports a missing include and a missing include_dir as errors', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-hba-missing-'))
    temps.push(base)
    fs.writeFileSync(path.join(base, 'pg_hba.conf'), 'include nothere.conf\ninclude_dir nodir\n')
    const { diagnostics } = collect(base)
    expect(diagnostics.map((d) => `${d.level} ${String(d.location?.line)} ${d.message}`)).toEqual([
      'error 1 could not open file "nothere.conf": No such file or directory',
      'error 2 could not open directory "nodir"'
    ])
  })

  it('stops at PostgreSQL nesting depth', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-hba-deep-'))
    temps.push(base)
    fs.writeFileSync(path.join(base, 'pg_hba.conf'), 'include 1.conf\n')
    for (let i = 1; i <= 12; i++) {
      fs.writeFileSync(
        path.join(base, `${String(i)}.conf`),
        `include ${String(i + 1)}.conf\nlocal db${String(i)} all peer\n`
      )
    }
    const { config, diagnostics } = collect(base)
    expect(config.rules.map((r) => r.databases[0]?.value)).toEqual([
      'db10',
      'db9',
      'db8',
      'db7',
      'db6',
      'db5',
      'db4',
      'db3',
      'db2',
      'db1'
    ])
    expect(diagnostics).toMatchObject([
      {
        code: 'HBA_INCLUDE_DEPTH',
        message: 'could not open file "11.conf": maximum nesting depth exceeded'
      }
    ])
  })

  it('says so when the file itself cannot be read', () => {
    const { config, diagnostics } = collectHba(open(FIXTURES), 'nope/pg_hba.conf', { major: 16 })
    expect(config).toEqual({ file: 'nope/pg_hba.conf', files: [], rules: [] })
    expect(diagnostics).toMatchObject([{ code: 'FILE_UNREADABLE', level: 'warning' }])
  })

  it('keeps hostssl rules when ssl is off, with a warning', () => {
    const { config, diagnostics } = collect(path.join(FIXTURES, 'include-tree'), 16, false)
    expect(config.rules.filter((r) => r.type === 'hostssl')).toHaveLength(2)
    expect(diagnostics.filter((d) => d.code === 'HBA_HOSTSSL_WITHOUT_SSL')).toHaveLength(2)
  })

  it('builds addresses for host rules only', () => {
    const { config } = collect(path.join(FIXTURES, 'include-tree'))
    expect(config.rules[0]?.address).toBeUndefined()
    expect(config.rules[1]?.address).toEqual({
      raw: '127.0.0.1/32',
      cidr: '127.0.0.1/32',
      family: 'ipv4',
      prefix: 32,
      scope: 'loopback',
      remote: false
    })
  })
})

describe.runIf(fs.existsSync(CORPUS))('collectHba on the real-world corpus', () => {
  const validate = validateFacts

  it('builds a facts section the schema accepts from every file', () => {
    const root = open(CORPUS)
    const names = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.conf'))
    let rules = 0
    for (const name of names) {
      const { config, diagnostics } = collectHba(root, name, { major: 16, ssl: false })
      rules += config.rules.length
      const facts = {
        schema_version: 1,
        target: { name, source: 'repository', major: 16, major_source: 'assumed' },
        hba: config,
        diagnostics
      }
      expect(validate(facts) ? [] : validate.errors, name).toEqual([])
    }
    expect(rules).toBeGreaterThan(500)
  })
})

describe('toHbaNames', () => {
  const token = (text: string, quoted = false): HbaToken => ({ text, quoted, line: 1, column: 1 })

  it('gives keywords their meaning only unquoted and only where PostgreSQL has them', () => {
    const tokens = [
      token('all'),
      token('all', true),
      token('sameuser'),
      token('replication'),
      token('+x')
    ]
    expect(toHbaNames(tokens, 'database', 16)).toEqual([
      { value: 'all', kind: 'keyword' },
      { value: 'all', kind: 'name' },
      { value: 'sameuser', kind: 'keyword' },
      { value: 'replication', kind: 'keyword' },
      { value: '+x', kind: 'name' }
    ])
    expect(toHbaNames(tokens, 'user', 16)).toEqual([
      { value: 'all', kind: 'keyword' },
      { value: 'all', kind: 'name' },
      { value: 'sameuser', kind: 'name' },
      { value: 'replication', kind: 'name' },
      { value: 'x', kind: 'group' }
    ])
  })

  it('reads a leading slash as a regular expression from PostgreSQL 16 on', () => {
    const tokens = [token('/^app_.*$'), token('/quoted', true), token('+/grp')]
    expect(toHbaNames(tokens, 'user', 16)).toEqual([
      { value: '^app_.*$', kind: 'regex' },
      { value: 'quoted', kind: 'regex' },
      { value: '/grp', kind: 'group' }
    ])
    expect(toHbaNames(tokens, 'user', 15).map((n) => n.kind)).toEqual(['name', 'name', 'group'])
  })
})

describe('secrets in pg_hba.conf options', () => {
  it('keeps ldapbindpasswd and radiussecrets out of the facts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-hba-secret-'))
    try {
      fs.writeFileSync(
        path.join(dir, 'pg_hba.conf'),
        'hostssl all all 10.0.0.0/8 ldap ldapserver=ldap.example.com ldapbasedn="dc=example" ldapbinddn="cn=svc" ldapbindpasswd=S3cretBind ldapsearchattribute=uid\n' +
          'hostssl all all 10.0.0.0/8 radius radiusservers=radius.example.com radiussecrets=RadiusS3cret\n'
      )
      const opened = RootFs.open(dir)
      if (!opened.ok) throw new Error(opened.problem.message)
      const { config } = collectHba(opened.value, 'pg_hba.conf', { major: 15, ssl: true })
      const text = JSON.stringify(config)
      expect(config.rules).toHaveLength(2)
      expect(text).not.toContain('S3cretBind')
      expect(text).not.toContain('RadiusS3cret')
      expect(config.rules[0]?.options.ldapbindpasswd).toBe('<redacted>')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
