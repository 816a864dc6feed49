import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type CliIo, cli } from '../../src/cli/main.js'

interface Report {
  findings: { rule: string; file: string; line: number; message: string }[]
  errors: { file: string; message: string }[]
}

let tmp: string
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-bad-'))
})
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

async function check(
  ...files: [string, string | Buffer][]
): Promise<{ code: number; report: Report }> {
  for (const [rel, content] of files) {
    fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true })
    fs.writeFileSync(path.join(tmp, rel), content)
  }
  let stdout = ''
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: () => undefined, isTTY: false, env: {} }
  const code = await cli(['check', tmp, '--format', 'json', '--fail-on', 'critical'], io)
  return { code, report: JSON.parse(stdout) as Report }
}

const lineOf = (report: Report, rule: string, file: string): number[] =>
  report.findings.filter((f) => f.rule === rule && f.file === file).map((f) => f.line)

describe('bad input gets an answer, never a crash', () => {
  it('reads CRLF line ends with the right line numbers', async () => {
    const { report } = await check(
      ['postgresql.conf', '# crlf\r\nport = 5433\r\npassword_encryption = md5\r\n'],
      ['pg_hba.conf', 'local all postgres peer\r\nhost all all 0.0.0.0/0 trust\r\n']
    )
    expect(lineOf(report, 'PGH-002', 'postgresql.conf')).toEqual([3])
    expect(lineOf(report, 'PGH-046', 'pg_hba.conf')).toEqual([2])
  })

  it('reports a byte-order mark the way PostgreSQL refuses it, and reads the rest', async () => {
    const { report } = await check([
      'postgresql.conf',
      '\ufeffport = 5433\npassword_encryption = md5\n'
    ])
    expect(lineOf(report, 'PGH-000', 'postgresql.conf')).toContain(1)
    expect(lineOf(report, 'PGH-002', 'postgresql.conf')).toEqual([2])
  })

  it('keeps going through bytes that are not UTF-8', async () => {
    const latin1 = Buffer.concat([
      Buffer.from("# r\xe9glage\ncluster_name = 'caf", 'latin1'),
      Buffer.from([0xe9, 0x27, 0x0a]),
      Buffer.from('password_encryption = md5\n')
    ])
    const { code, report } = await check(['postgresql.conf', latin1])
    expect(code).not.toBe(2)
    expect(lineOf(report, 'PGH-002', 'postgresql.conf')).toEqual([3])
  })

  it('handles a very long line and a multi-megabyte file', async () => {
    const longLine = `# ${'x'.repeat(2_000_000)}\n`
    const many = Array.from({ length: 100_000 }, (_, i) => `work_mem = ${(i % 64) + 1}MB`).join(
      '\n'
    )
    const { report } = await check([
      'postgresql.conf',
      `${longLine}${many}\npassword_encryption = md5\n`
    ])
    expect(lineOf(report, 'PGH-002', 'postgresql.conf')).toEqual([100_002])
  }, 60_000)

  it('skips a binary file with a notice instead of parsing it', async () => {
    const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x0a, 0x00])
    const { code, report } = await check(['postgresql.conf', binary])
    expect(code).not.toBe(2)
    const notes = report.findings.filter(
      (f) => f.rule === 'PGH-000' && f.file === 'postgresql.conf'
    )
    expect(notes.map((f) => f.message).join(' ')).toMatch(/binary/i)
  })

  it('reports an include cycle at the directive without hanging', async () => {
    const { report } = await check(
      ['postgresql.conf', "include 'a.conf'\n"],
      ['a.conf', "include 'b.conf'\n"],
      ['b.conf', "include 'a.conf'\n"]
    )
    expect(
      report.findings.some((f) => f.rule === 'PGH-000' && /depth|cycle/i.test(f.message))
    ).toBe(true)
  })
})
