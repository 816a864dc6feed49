import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { INPUT_DEFAULTS } from '../../src/action/inputs.js'
import { repo } from './run-action.js'

interface ActionYml {
  name: string
  description: string
  branding: { icon: string; color: string }
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

const action = parse(fs.readFileSync(path.join(repo, 'action.yml'), 'utf8')) as ActionYml

describe('action.yml', () => {
  it('runs the committed bundle on Node 24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(fs.existsSync(path.join(repo, action.runs.main))).toBe(true)
    expect(action.name).toBe('pg-hardening')
    expect(action.branding.icon).not.toBe('')
  })

  it('declares the inputs the action reads, with the defaults it falls back to', () => {
    const declared = Object.fromEntries(
      Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? ''])
    )
    expect(declared).toEqual({ ...INPUT_DEFAULTS, 'github-token': '${{ github.token }}' })
    for (const input of Object.values(action.inputs))
      expect(input.description.length).toBeGreaterThan(20)
  })

  it('declares the outputs the action sets', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(
      ['failed', 'findings', 'report-file', 'sarif-file'].sort()
    )
    const main = fs.readFileSync(path.join(repo, 'src/action/main.ts'), 'utf8')
    const set = [...main.matchAll(/core\.setOutput\('([^']+)'/g)].map((m) => m[1])
    expect(new Set(set)).toEqual(new Set(Object.keys(action.outputs)))
  })

  it('matches the inputs and outputs tables of the README', () => {
    const check = spawnSync(
      process.execPath,
      [path.join(repo, 'scripts/build-action-docs.mjs'), '--check'],
      { encoding: 'utf8' }
    )
    expect(check.stderr).toBe('')
    expect(check.status).toBe(0)
    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8')
    for (const name of Object.keys(action.inputs)) expect(readme).toContain(`| \`${name}\` |`)
  })
})
