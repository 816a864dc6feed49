import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sarifSchemaErrors } from '../report/sarif-schema.js'
import { FakeGitHub } from './fake-github.js'
import type { ActionRun } from './run-action.js'
import { SHA, annotationsOf, bundle, repo, runAction } from './run-action.js'

const prPayload: unknown = JSON.parse(
  fs.readFileSync(path.join(repo, 'test/fixtures/github/pull_request.json'), 'utf8')
)
const pullRequest = { name: 'pull_request', payload: prPayload }
const HEAD_SHA = '7d1f3c9e2b4a6d8f0e1c3b5a7d9f1e3c5b7a9d2e'

const temps: string[] = []
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})
const track = (run: ActionRun): ActionRun => {
  temps.push(run.temp)
  return run
}

/** A workspace of its own, with the given files. */
function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-ws-'))
  temps.push(dir)
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  return dir
}

/** A checkout of this repository's examples, as actions/checkout would leave it. */
function examples(): string {
  const dir = workspace({})
  fs.cpSync(path.join(repo, 'examples'), path.join(dir, 'examples'), { recursive: true })
  return dir
}

/** A pg_hba.conf with `n` trust lines from anywhere: n critical findings on n lines. */
function manyTrustLines(n: number): string {
  return Array.from({ length: n }, (_, i) => `host db${i} all 0.0.0.0/0 trust`).join('\n') + '\n'
}

const errors = (run: ActionRun) => run.commands.filter((c) => c.command === 'error')

describe('the action on the insecure example (fork pull request, read-only token)', () => {
  const github = new FakeGitHub({ token: 'ghs_readonly', checks: 'read' })
  let run: ActionRun
  let ws: string
  beforeAll(async () => {
    await github.start()
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-ws-'))
    fs.cpSync(path.join(repo, 'examples'), path.join(ws, 'examples'), { recursive: true })
    run = await runAction({
      workspace: ws,
      inputs: { path: 'examples/insecure' },
      event: pullRequest,
      apiUrl: github.url,
      token: 'ghs_readonly'
    })
  })
  afterAll(async () => {
    fs.rmSync(run.temp, { recursive: true, force: true })
    fs.rmSync(ws, { recursive: true, force: true })
    await github.stop()
  })

  it('tries the Checks API with the token, gets 403 and falls back without failing on it', () => {
    expect(github.received.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /repos/acme/db-config/check-runs 403'
    ])
    expect(github.received[0]?.authorization).toMatch(/^(token|bearer) ghs_readonly$/i)
    expect(github.violations).toEqual([])
    expect(run.stdout).toContain('The token cannot write checks')
    expect(run.stdout).not.toContain('internal error')
  })

  it('annotates the exact lines as workflow commands, errors first', () => {
    expect(annotationsOf(run)).toEqual([
      'error examples/insecure/docker-compose.yml:5',
      'error examples/insecure/docker-compose.yml:8',
      'error examples/insecure/migrations/001_roles.sql:3',
      'error examples/insecure/pg_hba.conf:7',
      'error examples/insecure/docker-compose.yml:7',
      'error examples/insecure/docker-compose.yml:17',
      'error examples/insecure/migrations/001_roles.sql:5',
      'error examples/insecure/migrations/001_roles.sql:6',
      'error examples/insecure/migrations/001_roles.sql:10',
      'warning examples/insecure/docker-compose.yml:10',
      'warning examples/insecure/migrations/001_roles.sql:8',
      'warning examples/insecure/pgbouncer.ini:12',
      'warning examples/insecure/postgresql.conf:1',
      'warning examples/insecure/postgresql.conf:15',
      'warning examples/insecure/postgresql.conf:19',
      'warning examples/insecure/postgresql.conf:21',
      'notice examples/insecure/postgresql.conf:6',
      'notice examples/insecure/postgresql.conf:10',
      'notice examples/insecure/postgresql.conf:16',
      'notice examples/insecure/postgresql.conf:22',
      'notice examples/insecure/postgresql.conf:23',
      'notice examples/insecure/postgresql.conf:26',
      'notice examples/insecure/pgbouncer.ini:13',
      'notice examples/insecure/postgresql.conf:5',
      'notice examples/insecure/postgresql.conf:25'
    ])
    const trust = run.commands.find(
      (c) =>
        c.properties.file === 'examples/insecure/docker-compose.yml' && c.properties.line === '8'
    )
    expect(trust).toMatchObject({
      command: 'error',
      properties: {
        title: 'PGH-110: The postgres image is not told to trust its clients',
        endLine: '8',
        col: '7'
      }
    })
    expect(trust?.data).toMatch(
      /^POSTGRES_HOST_AUTH_METHOD=trust of service 'db' .*\nFix: Remove POSTGRES_HOST_AUTH_METHOD/
    )
    expect(run.stdout).toContain(
      '::error title=PGH-110%3A The postgres image is not told to trust its clients,file=examples/insecure/docker-compose.yml,line=8,endLine=8,col=7::'
    )
  })

  it('fails the step with one message and exit status 1', () => {
    expect(run.code).toBe(1)
    expect(
      errors(run)
        .filter((c) => !c.properties.file)
        .map((c) => c.data)
    ).toEqual(['pg-hardening: 29 findings at high or above (see the job summary)'])
  })

  it('sets every output and writes the JSON report and a SARIF file that the schema accepts', () => {
    expect(run.outputs).toMatchObject({ findings: '51', failed: 'true' })
    const report = JSON.parse(fs.readFileSync(run.outputs['report-file'] ?? '', 'utf8')) as {
      findings: unknown[]
      summary: { failed: boolean }
    }
    expect(report.findings).toHaveLength(51)
    expect(report.summary.failed).toBe(true)
    expect(run.outputs['sarif-file']).toBe(path.join(ws, 'pg-hardening.sarif'))
    const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'pg-hardening.sarif'), 'utf8')) as {
      runs: {
        results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[]
      }[]
    }
    expect(sarifSchemaErrors(sarif)).toEqual([])
    expect(
      new Set(
        sarif.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)
      )
    ).toEqual(
      new Set([
        'examples/insecure/docker-compose.yml',
        'examples/insecure/migrations/001_roles.sql',
        'examples/insecure/pg_hba.conf',
        'examples/insecure/pgbouncer.ini',
        'examples/insecure/postgresql.conf',
        'examples/insecure/userlist.txt'
      ])
    )
  })

  it('writes the job summary with links to the lines at the pull request head', () => {
    expect(run.summary).toContain('❌ **Failed:** 29 findings at `high` or above.')
    expect(run.summary).toContain(
      `(https://github.com/acme/db-config/blob/${HEAD_SHA}/examples/insecure/pg_hba.conf#L7)`
    )
    expect(run.summary).not.toContain(SHA)
    expect(run.summary).toContain('25 annotations shown as workflow annotations; **12 not shown**')
    // PGH-046 three times, PGH-002 once, PGH-027 twice and PGH-110 (the Compose file) once: all
    // four implement technique 46.
    expect(run.summary).toContain('| 46 | Avoid trust authentication | ❌ fail | 7 |')
  })
})

describe('the action with a token that can write checks', () => {
  it('publishes every annotation in one check run, 50 per request', async () => {
    const github = await startGitHub({ token: 'ghs_write', checks: 'write' })
    const ws = workspace({ 'db/pg_hba.conf': manyTrustLines(120) })
    const run = track(
      await runAction({ workspace: ws, event: pullRequest, apiUrl: github.url, token: 'ghs_write' })
    )
    await github.stop()
    expect(github.violations).toEqual([])
    expect(github.received.map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 201',
      'PATCH 200',
      'PATCH 200'
    ])
    const [created] = [...github.checkRuns.values()]
    expect(created?.created).toMatchObject({
      name: 'pg-hardening',
      head_sha: HEAD_SHA,
      status: 'completed',
      conclusion: 'failure'
    })
    const sizes = [created?.created, ...(created?.updates ?? [])].map(
      (p) => p?.output?.annotations?.length
    )
    expect(sizes).toEqual([50, 50, 20])
    const lines = github.annotations().map((a) => a.start_line)
    expect(new Set(lines).size).toBe(120)
    expect(github.annotations()[0]).toMatchObject({
      path: 'db/pg_hba.conf',
      annotation_level: 'failure',
      title: expect.stringMatching(/^PGH-004: .* \(\+3 more: PGH-005, PGH-046, PGH-045\)$/)
    })
    expect(annotationsOf(run)).toEqual([])
    expect(run.summary).toContain('120 annotations shown in the check run')
    expect(run.code).toBe(1)
  })
})

describe('when the Checks API fails half way', () => {
  it('falls back to workflow commands and says why', async () => {
    const github = await startGitHub({ token: 'ghs_write', checks: 'write', failUpdates: true })
    const ws = workspace({ 'db/pg_hba.conf': manyTrustLines(60) })
    const run = track(
      await runAction({ workspace: ws, event: pullRequest, apiUrl: github.url, token: 'ghs_write' })
    )
    await github.stop()
    expect(github.received.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 201', 'PATCH 500'])
    expect(run.stdout).toMatch(
      /Could not publish a check run \(check run \d+ was created but adding its annotations failed: HTTP 500/
    )
    expect(annotationsOf(run)).toHaveLength(9)
    expect(run.code).toBe(1)
  })
})

describe('the annotation budget of workflow commands', () => {
  it('shows the 9 most severe errors plus the failure, and says how many it left out', async () => {
    const ws = workspace({ 'db/pg_hba.conf': manyTrustLines(40) })
    const run = track(await runAction({ workspace: ws, inputs: { 'github-token': '' } }))
    const shown = annotationsOf(run)
    expect(shown).toHaveLength(9)
    expect(shown.every((a) => a.startsWith('error db/pg_hba.conf:'))).toBe(true)
    expect(errors(run)).toHaveLength(10)
    expect(run.stdout).toMatch(/31 annotations \(\d+ findings\) not shown: GitHub shows at most 10/)
    expect(run.summary).toContain('9 annotations shown as workflow annotations; **31 not shown**')
    expect(run.outputs.findings).toBe(String(40 * 4))
  })
})

describe('the action on the hardened example', () => {
  it('annotates nothing, passes and says so', async () => {
    const run = track(
      await runAction({
        workspace: examples(),
        inputs: { path: 'examples/hardened', 'fail-on': 'info', 'github-token': '' }
      })
    )
    expect(run.code).toBe(0)
    expect(run.commands.filter((c) => ['error', 'warning', 'notice'].includes(c.command))).toEqual(
      []
    )
    expect(run.outputs).toMatchObject({ findings: '0', failed: 'false' })
    expect(run.summary).toContain('✅ **Passed:** nothing at `info` or above.')
    const sarif = JSON.parse(fs.readFileSync(run.outputs['sarif-file'] ?? '', 'utf8')) as unknown
    expect(sarifSchemaErrors(sarif)).toEqual([])
  })
})

describe('annotations and summary turned off', () => {
  it('prints no annotation and writes no summary, and still fails', async () => {
    const run = track(
      await runAction({
        workspace: examples(),
        inputs: {
          path: 'examples/insecure',
          annotations: 'false',
          summary: 'false',
          'github-token': ''
        }
      })
    )
    expect(annotationsOf(run)).toEqual([])
    expect(run.summary).toBe('')
    expect(errors(run).map((c) => c.data)).toEqual([
      'pg-hardening: 29 findings at high or above (see the log above)'
    ])
    expect(run.outputs.findings).toBe('51')
  })
})

describe('only-changed on a pull request', () => {
  it('lists the changed files page by page and keeps only their findings', async () => {
    const changed = [
      ...Array.from({ length: 230 }, (_, i) => `docs/page-${i}.md`),
      'examples/insecure/pg_hba.conf'
    ]
    const github = await startGitHub({ token: 'ghs_readonly', checks: 'read', pullFiles: changed })
    const ws = examples()
    const run = track(
      await runAction({
        workspace: ws,
        inputs: { path: 'examples/insecure', 'only-changed': 'true' },
        event: pullRequest,
        apiUrl: github.url,
        token: 'ghs_readonly'
      })
    )
    await github.stop()
    expect(github.violations).toEqual([])
    const pages = github.received
      .filter((r) => r.path === '/repos/acme/db-config/pulls/42/files')
      .map((r) => `${r.query.get('per_page')}:${r.query.get('page') ?? '1'}`)
    expect(pages).toEqual(['100:1', '100:2', '100:3'])
    expect(new Set(annotationsOf(run).map((a) => a.split(' ')[1]?.split(':')[0]))).toEqual(
      new Set(['examples/insecure/pg_hba.conf'])
    )
    expect(run.outputs.findings).toBe('13')
    expect(run.summary).toContain('38 findings in other files were left out')
    const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'pg-hardening.sarif'), 'utf8')) as {
      runs: { results: unknown[] }[]
    }
    expect(sarif.runs[0]?.results).toHaveLength(51)
  })
})

describe('a hostile configuration', () => {
  it('cannot inject workflow commands, properties or lines', async () => {
    const source = path.join(repo, 'test/fixtures/repos/hostile')
    const ws = workspace({})
    fs.cpSync(source, path.join(ws, 'hostile'), { recursive: true })
    // A file name is as hostile as a value: a line break, `::` and `,` in it.
    fs.writeFileSync(
      path.join(ws, 'hostile', 'pg_hba\n::error file=evil,line=1::x%0A,y.conf'),
      'host all all 0.0.0.0/0 trust\n'
    )
    const run = track(
      await runAction({ workspace: ws, inputs: { path: 'hostile', 'github-token': '' } })
    )
    const names = new Set(run.commands.map((c) => c.command))
    expect([...names].sort()).toEqual(['error', 'notice', 'stop-commands', 'warning'])
    for (const c of run.commands) {
      expect(
        Object.keys(c.properties).every((k) =>
          ['title', 'file', 'line', 'endLine', 'col'].includes(k)
        )
      ).toBe(true)
    }
    const files = new Set(
      run.commands.flatMap((c) => (c.properties.file ? [c.properties.file] : []))
    )
    expect(files).toEqual(
      new Set([
        'hostile/pg_hba.conf',
        'hostile/postgresql.conf',
        'hostile/pg_hba\n::error file=evil,line=1::x%0A,y.conf'
      ])
    )
    const prefix = run.commands.find(
      (c) => c.properties.file === 'hostile/postgresql.conf' && c.data.includes('log_line_prefix')
    )
    expect(prefix?.data).toContain(
      "'%m\n::error file=injected.conf,line=1::injected%0A\r::warning::x, title=y'"
    )
    expect(
      run.commands.some(
        (c) => c.properties.file === 'injected.conf' || c.properties.file === 'evil'
      )
    ).toBe(false)
    // Markdown: every `<` from the files is escaped, so no tag can open.
    expect(run.summary).toContain('\\<img src\\=x')
    expect(run.summary).not.toMatch(/(^|[^\\])<img/m)
    expect(run.code).toBe(1)
  })
})

describe('mistakes and failures', () => {
  it.each([
    [
      { 'fail-on': 'severe' },
      'fail-on must be one of critical, high, medium, low, info, not "severe"'
    ],
    [{ path: 'no/such/folder' }, 'path "no/such/folder" does not exist in the workspace'],
    [{ annotations: 'yes' }, 'annotations must be true or false, not "yes"'],
    [{ config: 'pg-hardening.yml' }, 'config "pg-hardening.yml" is not a file in the workspace']
  ])('%j ends with one clear error', async (inputs, message) => {
    const run = track(
      await runAction({ workspace: examples(), inputs: { ...inputs, 'github-token': '' } })
    )
    expect(run.code).toBe(1)
    expect(errors(run)).toHaveLength(1)
    expect(errors(run)[0]?.data).toContain(message)
    expect(errors(run)[0]?.data).not.toContain('internal error')
  })

  it('fails when a file cannot be read, and still sets the outputs', async () => {
    const ws = workspace({ 'good/pg_hba.conf': 'local all postgres peer\n' })
    fs.mkdirSync(path.join(ws, 'bad'))
    fs.symlinkSync('missing-target.conf', path.join(ws, 'bad/pg_hba.conf'))
    const run = track(await runAction({ workspace: ws, inputs: { 'github-token': '' } }))
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ failed: 'true', findings: '0' })
    expect(errors(run).at(-1)?.data).toContain('1 file could not be read')
  })

  it('says "internal error" when the compiled policies are missing or broken', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-dist-'))
    temps.push(dir)
    const copy = path.join(dir, 'a', 'b', 'index.js')
    fs.mkdirSync(path.dirname(copy), { recursive: true })
    fs.copyFileSync(bundle, copy)
    const ws = examples()
    const missing = track(
      await runAction({ workspace: ws, script: copy, inputs: { 'github-token': '' } })
    )
    expect(missing.code).toBe(1)
    expect(errors(missing).map((c) => c.data)).toEqual([
      expect.stringMatching(/^internal error: cannot find policy\.wasm/)
    ])
    expect(missing.outputs).toEqual({})

    fs.copyFileSync(path.join(repo, 'dist/catalog.json'), path.join(dir, 'a/b/catalog.json'))
    fs.writeFileSync(path.join(dir, 'a/b/policy.wasm'), 'not wasm')
    const broken = track(
      await runAction({ workspace: ws, script: copy, inputs: { 'github-token': '' } })
    )
    expect(broken.code).toBe(1)
    expect(errors(broken)[0]?.data).toMatch(/^internal error: cannot instantiate the policy module/)
  })
})

async function startGitHub(options: ConstructorParameters<typeof FakeGitHub>[0]) {
  const github = new FakeGitHub(options)
  await github.start()
  return github
}
