import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CONF_FILE_MAX_DEPTH, collectConfTree, type ConfTree } from '../../src/collect/conf-tree.js'
import { RootFs } from '../../src/collect/root-fs.js'

const fixtures = path.join(import.meta.dirname, '../fixtures/conf')
const temps: string[] = []

afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true })
})

function open(root: string): RootFs {
  const opened = RootFs.open(root)
  if (!opened.ok) throw new Error(opened.problem.message)
  return opened.value
}

/** A temp folder with the given files (a null value makes a folder). */
function tree(files: Record<string, string | Uint8Array | null>): RootFs {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-conf-tree-'))
  temps.push(root)
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name)
    if (content === null) {
      fs.mkdirSync(file, { recursive: true })
      continue
    }
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, content)
  }
  return open(root)
}

function summary(t: ConfTree): string[] {
  return t.assignments.map((a) => `${a.location.file}:${a.location.line} ${a.name}=${a.value}`)
}

function codes(t: ConfTree): string[] {
  return t.diagnostics.map((d) => `${d.code}@${d.location?.file ?? ''}:${d.location?.line ?? 0}`)
}

describe('collectConfTree', () => {
  // Order and skipped files checked against pg_file_settings of PostgreSQL 15 on this fixture.
  it('expands includes where they stand, include_dir in byte order, visible *.conf files only', () => {
    const t = collectConfTree(open(path.join(fixtures, 'includes')), 'postgresql.conf')
    expect(summary(t)).toEqual([
      'postgresql.conf:2 shared_buffers=128MB',
      'extra.conf:1 work_mem=4MB',
      'extra.conf:2 ssl=on',
      'conf.d/02-memory.conf:1 work_mem=6MB',
      'conf.d/10-logging.conf:1 log_connections=on',
      'postgresql.conf:6 work_mem=8MB'
    ])
    expect(t.files).toEqual([
      'postgresql.conf',
      'extra.conf',
      'conf.d/02-memory.conf',
      'conf.d/10-logging.conf'
    ])
    expect(t.diagnostics).toEqual([
      {
        code: 'INCLUDE_SKIPPED',
        level: 'notice',
        message: 'skipping missing configuration file "missing.conf"',
        location: { file: 'postgresql.conf', line: 5, column: 1 }
      }
    ])
    expect(t.unresolved).toEqual([])
  })

  it('reads postgresql.auto.conf last', () => {
    const t = collectConfTree(open(path.join(fixtures, 'auto-conf')), 'postgresql.conf', {
      autoFile: 'postgresql.auto.conf'
    })
    expect(summary(t)).toEqual([
      'postgresql.conf:1 ssl=off',
      'postgresql.conf:2 listen_addresses=localhost',
      'postgresql.auto.conf:3 ssl=on'
    ])
  })

  it('reports a cycle at the directive that closes it, without hanging', () => {
    const t = collectConfTree(open(path.join(fixtures, 'include-cycle')), 'postgresql.conf')
    expect(summary(t)).toEqual(['postgresql.conf:1 port=5433'])
    expect(t.diagnostics.map((d) => [d.code, d.level, d.message, d.location?.file])).toEqual([
      [
        'INCLUDE_CYCLE',
        'error',
        'configuration file recursion: a.conf → b.conf → a.conf',
        'b.conf'
      ],
      [
        'INCLUDE_CYCLE',
        'error',
        'configuration file recursion in "postgresql.conf"',
        'postgresql.conf'
      ]
    ])
  })

  it('reads nothing outside the root and records what stays unknown', () => {
    const t = collectConfTree(open(path.join(fixtures, 'include-outside')), 'postgresql.conf')
    expect(summary(t)).toEqual(['postgresql.conf:1 ssl=on', 'conf.d/01-local.conf:1 work_mem=4MB'])
    expect(codes(t)).toEqual([
      'OUTSIDE_ROOT@postgresql.conf:2',
      'OUTSIDE_ROOT@postgresql.conf:3',
      'OUTSIDE_ROOT@postgresql.conf:4'
    ])
    expect(t.diagnostics.every((d) => d.level === 'warning')).toBe(true)
    expect(t.unresolved?.map((u) => [u.kind, u.path, u.location.line, u.position])).toEqual([
      ['include', '/etc/postgresql/15/main/conf.d/tuning.conf', 2, 1],
      ['include_if_exists', '../shared.conf', 3, 1],
      ['include_dir', 'conf.d', 4, 1]
    ])
  })

  it('fails a missing include and a missing include_dir like PostgreSQL', () => {
    const t = collectConfTree(
      tree({
        'postgresql.conf': "include 'nope.conf'\ninclude_dir 'nodir'\ninclude_dir 'f.conf'\n",
        'f.conf': ''
      }),
      'postgresql.conf'
    )
    expect(t.diagnostics.map((d) => [d.code, d.level, d.message])).toEqual([
      [
        'INCLUDE_NOT_FOUND',
        'error',
        'could not open configuration file "nope.conf": No such file or directory'
      ],
      [
        'INCLUDE_NOT_FOUND',
        'error',
        'could not open configuration directory "nodir": No such file or directory'
      ],
      [
        'INCLUDE_NOT_FOUND',
        'error',
        'could not open configuration directory "f.conf": Not a directory'
      ]
    ])
  })

  it('refuses empty include names', () => {
    const t = collectConfTree(
      tree({ 'postgresql.conf': "include ''\ninclude_dir ' '\n" }),
      'postgresql.conf'
    )
    expect(t.diagnostics.map((d) => d.message)).toEqual([
      'empty configuration file name: ""',
      'empty configuration directory name: " "'
    ])
  })

  it('stops at PostgreSQL nesting depth', () => {
    const files: Record<string, string> = { 'postgresql.conf': "include 'i1.conf'\n" }
    for (let i = 1; i <= CONF_FILE_MAX_DEPTH + 1; i++)
      files[`i${i}.conf`] = `d${i} = 1\ninclude 'i${i + 1}.conf'\n`
    const t = collectConfTree(tree(files), 'postgresql.conf')
    expect(t.assignments).toHaveLength(CONF_FILE_MAX_DEPTH)
    expect(codes(t)).toEqual([`INCLUDE_DEPTH@i${CONF_FILE_MAX_DEPTH}.conf:2`])
  })

  it('stops reading a folder after a file that fails, as ParseConfigDirectory does', () => {
    const t = collectConfTree(
      tree({
        'postgresql.conf': "include_dir 'conf.d'\nafter = 1\n",
        'conf.d/a.conf': 'a = 1\nbroken =\n',
        'conf.d/b.conf': 'b = 1\n'
      }),
      'postgresql.conf'
    )
    expect(t.assignments.map((a) => a.name)).toEqual(['a', 'after'])
    expect(codes(t)).toEqual(['CONF_SYNTAX@conf.d/a.conf:2'])
  })

  it('fails the whole folder when an entry cannot be examined (a dangling link)', () => {
    const fsRoot = tree({ 'postgresql.conf': "include_dir 'conf.d'\n", 'conf.d/a.conf': 'a = 1\n' })
    fs.symlinkSync('missing-target', path.join(fsRoot.root, 'conf.d/b.conf'))
    const t = collectConfTree(fsRoot, 'postgresql.conf')
    expect(t.assignments).toEqual([])
    expect(codes(t)).toEqual(['INCLUDE_NOT_FOUND@postgresql.conf:1'])
  })

  it('skips binary files with a warning', () => {
    const t = collectConfTree(
      tree({
        'postgresql.conf': "include 'blob.conf'\nssl = on\n",
        'blob.conf': new Uint8Array([0x61, 0, 0x62])
      }),
      'postgresql.conf'
    )
    expect(summary(t)).toEqual(['postgresql.conf:2 ssl=on'])
    expect(t.diagnostics.map((d) => [d.code, d.level])).toEqual([['BINARY_FILE', 'warning']])
    expect(t.files).toEqual(['postgresql.conf'])
  })

  it('reports an unreadable main file instead of throwing', () => {
    const t = collectConfTree(tree({}), 'postgresql.conf')
    expect(t.assignments).toEqual([])
    expect(codes(t)).toEqual(['FILE_UNREADABLE@postgresql.conf:1'])
  })
})
