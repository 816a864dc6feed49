import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type CliIo, cli } from '../../src/cli/main.js'

interface Run {
  code: number
  stdout: string
  stderr: string
}

async function run(argv: string[], cwd?: string): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: false,
    env: {}
  }
  const previous = process.cwd()
  if (cwd) process.chdir(cwd)
  try {
    const code = await cli(argv, io)
    return { code, stdout, stderr }
  } finally {
    process.chdir(previous)
  }
}

const repo = path.resolve(import.meta.dirname, '../..')
const insecure = path.join(repo, 'examples/insecure')
const hardened = path.join(repo, 'examples/hardened')

interface JsonReport {
  findings: {
    rule: string
    severity: string
    file: string
    line: number
    column: number
    message: string
  }[]
  errors: { file: string; message: string }[]
  summary: { targets: number; failed: boolean }
}

let tmp: string
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-cli-'))
})
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true })
  fs.writeFileSync(path.join(tmp, rel), text)
}

describe('pg-harden check', () => {
  it('fails on the insecure example with findings on the exact lines', async () => {
    const { code, stdout } = await run(['check', insecure, '--format', 'json'])
    expect(code).toBe(1)
    const report = JSON.parse(stdout) as JsonReport
    const at = (rule: string, file: string, line: number) =>
      report.findings.filter((f) => f.rule === rule && f.file === file && f.line === line)
    expect(at('PGH-046', 'pg_hba.conf', 7)[0]?.severity).toBe('critical')
    expect(at('PGH-046', 'pg_hba.conf', 3)[0]?.severity).toBe('high')
    expect(at('PGH-004', 'postgresql.conf', 4)).toHaveLength(1)
    expect(at('PGH-002', 'postgresql.conf', 12)).toHaveLength(1)
    expect(at('PGH-017', 'postgresql.conf', 18)).toHaveLength(1)
    const migration = 'migrations/001_roles.sql'
    expect(at('PGH-034', migration, 3)[0]?.severity).toBe('critical')
    expect(at('PGH-032', migration, 3)[0]?.message).not.toContain('shop2024')
    expect(at('PGH-102', migration, 3)[0]?.severity).toBe('high')
    expect(at('PGH-007', migration, 5)[0]?.severity).toBe('high')
    expect(at('PGH-007', migration, 6)[0]?.severity).toBe('high')
    expect(at('PGH-026', migration, 8)[0]?.severity).toBe('medium')
    expect(at('PGH-101', migration, 10)[0]?.severity).toBe('high')
    const compose = 'docker-compose.yml'
    expect(at('PGH-001', compose, 5)[0]?.severity).toBe('critical')
    expect(at('PGH-111', compose, 7)[0]?.message).toContain('weak')
    expect(at('PGH-110', compose, 8)[0]?.severity).toBe('critical')
    expect(at('PGH-020', compose, 10)[0]?.severity).toBe('medium')
    expect(at('PGH-024', compose, 17)[0]?.severity).toBe('high')
    expect(at('PGH-111', compose, 17)[0]?.severity).toBe('high')
    expect(
      at('PGH-021', 'pgbouncer.ini', 4)
        .map((f) => f.severity)
        .sort()
    ).toEqual(['high', 'medium'])
    expect(at('PGH-021', 'pgbouncer.ini', 9)[0]?.severity).toBe('high')
    expect(at('PGH-021', 'pgbouncer.ini', 11)[0]?.severity).toBe('high')
    expect(at('PGH-021', 'pgbouncer.ini', 12)[0]?.severity).toBe('medium')
    expect(at('PGH-049', 'pgbouncer.ini', 13)[0]?.severity).toBe('info')
    expect(at('PGH-021', 'userlist.txt', 1)[0]?.severity).toBe('high')
    expect(stdout).not.toContain('app-secret-2024')
    expect(report.summary).toMatchObject({ targets: 1, failed: true })
  })

  it('passes the hardened example with nothing at or above low', async () => {
    const { code, stdout } = await run(['check', hardened, '--format', 'json', '--fail-on', 'low'])
    const report = JSON.parse(stdout) as JsonReport
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([])
    expect(code).toBe(0)
  })

  it('reports a default that weakens the server at the main config file', async () => {
    write('db/postgresql.conf', "listen_addresses = 'localhost'\n")
    const { stdout } = await run(['check', tmp, '--format', 'json', '--fail-on', 'info'])
    const report = JSON.parse(stdout) as JsonReport
    const ssl = report.findings.find((f) => f.rule === 'PGH-006')
    expect(ssl === undefined || ssl.file === 'db/postgresql.conf').toBe(true)
    expect(report.findings.every((f) => f.file.startsWith('db/'))).toBe(true)
  })

  it('treats a lone pg_hba.conf as a deployment of its own', async () => {
    write('hba/pg_hba.conf', 'host all all 0.0.0.0/0 trust\n')
    const { code, stdout } = await run(['check', tmp, '--format', 'json'])
    const report = JSON.parse(stdout) as JsonReport
    expect(code).toBe(1)
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        rule: 'PGH-046',
        file: 'hba/pg_hba.conf',
        line: 1,
        severity: 'critical'
      })
    )
  })

  it('reports what PostgreSQL would refuse at its line', async () => {
    write('postgresql.conf', 'ssl = on\nshared_buffers = 12 parsecs\nmax_connections = -5\n')
    const { stdout } = await run(['check', tmp, '--format', 'json'])
    const report = JSON.parse(stdout) as JsonReport
    const refused = report.findings.filter((f) => f.rule === 'PGH-000').map((f) => f.line)
    expect(refused).toEqual(expect.arrayContaining([2, 3]))
  })

  it('does not follow an include out of the scanned folder', async () => {
    fs.writeFileSync(path.join(tmp, 'outside.conf'), 'ssl = off\n')
    write('repo/postgresql.conf', "include '../outside.conf'\nssl = on\n")
    const { stdout } = await run([
      'check',
      path.join(tmp, 'repo'),
      '--format',
      'json',
      '--fail-on',
      'info'
    ])
    const report = JSON.parse(stdout) as JsonReport
    const outside = report.findings.find((f) => f.rule === 'PGH-000' && f.line === 1)
    expect(outside?.file).toBe('postgresql.conf')
    expect(stdout).not.toContain('outside.conf"')
  })

  it('walks a symbolic link loop once', async () => {
    write('a/pg_hba.conf', 'local all postgres peer\n')
    fs.symlinkSync('..', path.join(tmp, 'a/loop'))
    const { code, stdout } = await run(['check', tmp, '--format', 'json'])
    expect(code).toBe(0)
    expect((JSON.parse(stdout) as JsonReport).summary.targets).toBe(1)
  })

  it('keeps checking other deployments when a file is unreadable, and exits 2', async () => {
    write('good/pg_hba.conf', 'host all all 0.0.0.0/0 trust\n')
    fs.mkdirSync(path.join(tmp, 'bad'))
    fs.symlinkSync('missing-target.conf', path.join(tmp, 'bad/pg_hba.conf'))
    const { code, stdout, stderr } = await run(['check', tmp, '--format', 'json'])
    const report = JSON.parse(stdout) as JsonReport
    expect(code).toBe(2)
    expect(report.errors).toContainEqual(expect.objectContaining({ file: 'bad/pg_hba.conf' }))
    expect(report.findings.some((f) => f.file === 'good/pg_hba.conf')).toBe(true)
    expect(stderr).toContain('bad/pg_hba.conf')
  })

  it('says plainly when a folder holds no PostgreSQL configuration', async () => {
    write('nginx/site.conf', 'server {\n  listen 80;\n}\n')
    const { code, stdout } = await run(['check', tmp])
    expect(code).toBe(0)
    expect(stdout).toContain('No PostgreSQL configuration found')
  })

  it('writes the report to --output', async () => {
    const out = path.join(tmp, 'report.sarif')
    const { code, stdout } = await run(['check', insecure, '--format', 'sarif', '--output', out])
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect((JSON.parse(fs.readFileSync(out, 'utf8')) as { version: string }).version).toBe('2.1.0')
  })
})

describe('usage errors exit 2 with a clear message', () => {
  it.each([
    [['check', '/definitely/not/here'], 'cannot scan /definitely/not/here'],
    [['check', '.', '--format', 'xml'], '--format must be one of text, json, sarif'],
    [['check', '.', '--fail-on', 'severe'], '--fail-on must be one of'],
    [['check', '--bogus'], "Unknown option '--bogus'"],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['rules', '--kind', 'both'], '--kind must be automated or manual, not "both"']
  ])('%j', async (argv, message) => {
    const { code, stderr } = await run(argv)
    expect(code).toBe(2)
    expect(stderr).toContain(message)
  })
})

describe('pg-harden rules and facts', () => {
  it('lists every rule as JSON with id, techniques and severity', async () => {
    const { code, stdout } = await run(['rules', '--format', 'json'])
    expect(code).toBe(0)
    const rules = JSON.parse(stdout) as { id: string; techniques: number[]; severity: string }[]
    expect(rules.length).toBeGreaterThanOrEqual(20)
    expect(rules.find((r) => r.id === 'PGH-046')?.techniques).toContain(46)
  })

  it('lists only the manual checks with --kind manual, with kind, CIS sections and inputs', async () => {
    const { code, stdout } = await run(['rules', '--kind', 'manual', '--format', 'json'])
    expect(code).toBe(0)
    const rules = JSON.parse(stdout) as {
      id: string
      kind: string
      cis: string[]
      inputs: string[]
      remediation: string
    }[]
    expect(rules.length).toBeGreaterThanOrEqual(14)
    expect(rules.every((r) => r.kind === 'manual' && r.inputs.length === 0)).toBe(true)
    expect(rules.find((r) => r.id === 'PGH-015')?.cis).toEqual(['7.3', '8.2'])
    const automated = await run(['rules', '--kind', 'automated', '--format', 'json'])
    const auto = JSON.parse(automated.stdout) as { id: string; kind: string; inputs: string[] }[]
    expect(auto.find((r) => r.id === 'PGH-046')).toMatchObject({
      kind: 'automated',
      inputs: ['conf', 'hba']
    })
    expect(auto.some((r) => r.kind === 'manual')).toBe(false)
  })

  it('prints each manual check with what to do in text', async () => {
    const { code, stdout } = await run(['rules', '--kind', 'manual'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^PGH-047 {2}info {5}manual {4}Administrators are trained/m)
    expect(stdout).toMatch(/^ {9}Give everyone with superuser/m)
    expect(stdout).not.toContain('PGH-046')
  })

  it('prints the facts document of each deployment', async () => {
    const { code, stdout } = await run(['facts', insecure])
    expect(code).toBe(0)
    const [facts] = JSON.parse(stdout) as {
      postgresql: { settings: Record<string, { value: unknown; location: { line: number } }> }
    }[]
    expect(facts?.postgresql.settings.work_mem?.value).toBe(262144)
    expect(facts?.postgresql.settings.listen_addresses?.location.line).toBe(4)
  })
})
