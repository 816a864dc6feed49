/**
 * The committed bundle is what users run (package.json "bin" and the README quick start), so
 * these cases run dist/cli.js in a child process, as a user would, on the Node running vitest.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const repo = path.resolve(import.meta.dirname, '../..')
const cli = path.join(repo, 'dist/cli.js')

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repo, encoding: 'utf8' })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('dist/cli.js', () => {
  it('fails the insecure example with findings at the exact lines', () => {
    const { code, stdout } = run('check', 'examples/insecure', '--format', 'json')
    expect(code).toBe(1)
    const report = JSON.parse(stdout) as { findings: { rule: string; file: string; line: number; severity: string }[] }
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'PGH-046', file: 'pg_hba.conf', line: 7, severity: 'critical' })
    )
  })

  it('passes the hardened example', () => {
    const { code, stdout } = run('check', 'examples/hardened')
    expect(code).toBe(0)
    expect(stdout).toContain('no findings in 1 deployment')
  })

  it('prints readable text grouped by file without colour when piped', () => {
    const { stdout } = run('check', 'examples/insecure')
    expect(stdout).toMatch(/^pg_hba\.conf\n {2}3:1 +high +PGH-046 /m)
    expect(stdout).not.toContain('\u001b[')
  })

  it('lists the rules from the compiled catalogue', () => {
    const { code, stdout } = run('rules')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^PGH-046 {2}critical/m)
  })

  it('exits 2 with a message for a path that does not exist', () => {
    const { code, stderr } = run('check', 'no/such/folder')
    expect(code).toBe(2)
    expect(stderr).toContain('pg-harden: cannot scan no/such/folder')
  })

  it('prints its version and help', () => {
    expect(run('--version').stdout).toMatch(/^pg-harden \d+\.\d+\.\d+/)
    expect(run('--help').stdout).toContain('Usage: pg-harden <command>')
  })
})
