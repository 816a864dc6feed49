import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { collectHba } from '../../src/collect/hba-tree.js'
import { collectPgbouncer } from '../../src/collect/pgbouncer.js'
import { RootFs } from '../../src/collect/root-fs.js'

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/pgbouncer')

function open(root: string): RootFs {
  const opened = RootFs.open(root)
  if (!opened.ok) throw new Error(opened.problem.message)
  return opened.value
}

describe('collectPgbouncer', () => {
  it('follows %include and finds an absolute auth_file beside the ini', () => {
    const collected = collectPgbouncer(open(path.join(FIXTURES, 'basic')), 'pgbouncer.ini')
    expect(collected.diagnostics).toEqual([
      {
        code: 'PGB_FILE_BESIDE',
        level: 'notice',
        message:
          'auth_file /etc/pgbouncer/userlist.txt was read from userlist.txt, the file of that name beside pgbouncer.ini',
        location: { file: 'pgbouncer.ini', line: 12, column: 1 }
      }
    ])
    const { config } = collected
    expect(config.files).toEqual(['pgbouncer.ini', 'databases.ini'])
    expect(config.databases.map((d) => d.name)).toEqual([
      'orders',
      'reporting',
      'quoted',
      'analytics'
    ])
    expect(config.auth_file).toMatchObject({
      path: '/etc/pgbouncer/userlist.txt',
      file: 'userlist.txt'
    })
    expect(config.auth_file?.entries.map((e) => e.secret)).toEqual([
      'plaintext',
      'md5',
      'scram',
      'plaintext',
      'empty'
    ])
    expect(JSON.stringify(collected)).not.toMatch(/app-password-in-clear|s3cret/)
    expect(collected.hbaFile).toBeUndefined()
  })

  it('hands back auth_hba_file for the pg_hba.conf reader', () => {
    const fs = open(path.join(FIXTURES, 'hba'))
    const collected = collectPgbouncer(fs, 'pgbouncer.ini')
    expect(collected.hbaFile).toBe('pgbouncer_hba.conf')
    expect(collected.config.auth_hba_file).toEqual({
      path: 'pgbouncer_hba.conf',
      file: 'pgbouncer_hba.conf',
      location: { file: 'pgbouncer.ini', line: 7, column: 1 }
    })
    expect(collected.config.settings.client_tls_sslmode?.parsed).toBe('require')
    expect(collected.config.auth_file?.entries.map((e) => [e.user, e.ignored ?? false])).toEqual([
      ['app', false],
      ['late', true]
    ])
    expect(collected.diagnostics.map((d) => d.code)).toEqual(['PGB_USERLIST_BROKEN'])
    const hba = collectHba(fs, collected.hbaFile ?? '', { major: 16 })
    expect(hba.config.rules.map((r) => [r.type, r.method, r.location.line])).toEqual([
      ['hostssl', 'scram-sha-256', 2],
      ['host', 'reject', 3]
    ])
  })

  it('never reads outside the scanned folder', () => {
    const collected = collectPgbouncer(
      open(path.join(FIXTURES, 'include-outside')),
      'inner/pgbouncer.ini'
    )
    expect(collected.diagnostics.map((d) => [d.code, d.level, d.location?.line])).toEqual([
      ['OUTSIDE_ROOT', 'warning', 2],
      ['PGB_INCLUDE_NOT_FOUND', 'warning', 3],
      ['OUTSIDE_ROOT', 'warning', 4]
    ])
    expect(collected.config.includes.every((i) => i.file === undefined)).toBe(true)
    expect(collected.config.auth_file).toEqual({ path: '../../../userlist.txt', entries: [] })
    expect(collected.config.settings.listen_addr?.items).toEqual(['127.0.0.1'])
  })

  it('reports an include loop once', () => {
    const collected = collectPgbouncer(open(path.join(FIXTURES, 'include-cycle')), 'pgbouncer.ini')
    expect(
      collected.diagnostics.map((d) => `${d.code}@${d.location?.file}:${d.location?.line}`)
    ).toEqual(['PGB_INCLUDE_CYCLE@other.ini:2'])
  })

  describe('with symbolic links', () => {
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-pgbouncer-'))
    const root = path.join(temp, 'repo')
    fs.mkdirSync(root)
    fs.writeFileSync(path.join(temp, 'secret.txt'), '"x" "outside-secret"\n')
    fs.symlinkSync(path.join(temp, 'secret.txt'), path.join(root, 'userlist.txt'))
    fs.writeFileSync(path.join(root, 'pgbouncer.ini'), '[pgbouncer]\nauth_file = userlist.txt\n')
    afterAll(() => {
      fs.rmSync(temp, { recursive: true, force: true })
    })

    it('does not follow a link that leaves the folder', () => {
      const collected = collectPgbouncer(open(root), 'pgbouncer.ini')
      expect(collected.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
        ['OUTSIDE_ROOT', 2]
      ])
      expect(collected.config.auth_file).toEqual({ path: 'userlist.txt', entries: [] })
    })
  })

  it('reports a missing ini as a warning', () => {
    const collected = collectPgbouncer(open(path.join(FIXTURES, 'basic')), 'missing.ini')
    expect(collected.diagnostics.map((d) => d.code)).toEqual(['FILE_UNREADABLE'])
    expect(collected.config.files).toEqual([])
  })
})
