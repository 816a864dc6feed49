import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RootFs } from '../../src/collect/root-fs.js'

let base: string
let root: string

beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-rootfs-'))
  root = path.join(base, 'repo')
  fs.mkdirSync(path.join(root, 'conf'), { recursive: true })
  fs.writeFileSync(path.join(root, 'conf/postgresql.conf'), 'ssl = on\n')
  fs.writeFileSync(path.join(base, 'secret.conf'), 'password = hunter2\n')
})

afterEach(() => {
  fs.rmSync(base, { recursive: true, force: true })
})

function open(): RootFs {
  const opened = RootFs.open(root)
  if (!opened.ok) throw new Error(opened.problem.message)
  return opened.value
}

describe('RootFs', () => {
  it('resolves relative includes against the including file', () => {
    expect(open().resolve('conf/postgresql.conf', 'conf.d/a.conf')).toEqual({
      ok: true,
      value: 'conf/conf.d/a.conf'
    })
  })

  it('refuses paths that climb out of the root', () => {
    const resolved = open().resolve('conf/postgresql.conf', '../../secret.conf')
    expect(resolved.ok).toBe(false)
    if (!resolved.ok) expect(resolved.problem.code).toBe('OUTSIDE_ROOT')
  })

  it('refuses absolute paths outside the root but accepts ones inside it', () => {
    const fsView = open()
    expect(fsView.resolve('conf/postgresql.conf', '/etc/passwd').ok).toBe(false)
    expect(fsView.resolve('conf/postgresql.conf', path.join(fsView.root, 'conf/x.conf'))).toEqual({
      ok: true,
      value: 'conf/x.conf'
    })
  })

  it('does not read through a symbolic link that leaves the root', () => {
    fs.symlinkSync(path.join(base, 'secret.conf'), path.join(root, 'conf/linked.conf'))
    const read = open().readFile('conf/linked.conf')
    expect(read.ok).toBe(false)
    if (!read.ok) expect(read.problem.code).toBe('OUTSIDE_ROOT')
  })

  it('reads through a symbolic link that stays inside the root', () => {
    fs.symlinkSync('postgresql.conf', path.join(root, 'conf/alias.conf'))
    const read = open().readFile('conf/alias.conf')
    expect(read.ok && read.value.toString()).toBe('ssl = on\n')
  })

  it('reports a missing file as a value, not an exception', () => {
    const read = open().readFile('conf/missing.conf')
    expect(read).toMatchObject({ ok: false, problem: { code: 'NOT_FOUND' } })
  })

  it('fails to open a root that does not exist', () => {
    expect(RootFs.open(path.join(base, 'nope')).ok).toBe(false)
  })
})
