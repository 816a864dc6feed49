// Compiles policies/ to WebAssembly with the pinned OPA and derives the rule catalogue from the
// packages' METADATA. Outputs (committed, checked by check-dist): dist/policy.wasm,
// dist/catalog.json, and policies/schema/facts.json generated from the Facts type in
// src/facts/types.ts, the one place the facts document is written down.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createGenerator } from 'ts-json-schema-generator'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const opa = process.env.OPA ?? path.join(root, '.tools/bin/opa')
const policies = path.join(root, 'policies')
const dist = path.join(root, 'dist')
const TECHNIQUES_PACKAGE = 'pg_hardening.techniques.'

function run(args, options = {}) {
  return execFileSync(opa, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options
  })
}

function writeSchema() {
  const schema = createGenerator({
    path: path.join(root, 'src/facts/types.ts'),
    tsconfig: path.join(root, 'tsconfig.json'),
    type: 'Facts',
    topRef: false,
    skipTypeCheck: true,
    sortProps: true
  }).createSchema('Facts')
  const document = {
    $schema: schema.$schema,
    $id: 'https://github.com/pg-hardening/pg-hardening/facts.schema.json',
    title: 'pg-hardening facts document',
    description:
      'What pg-hardening knows about one PostgreSQL deployment, the only input of the policies.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema'))
  }
  fs.mkdirSync(path.join(policies, 'schema'), { recursive: true })
  fs.writeFileSync(
    path.join(policies, 'schema/facts.json'),
    `${JSON.stringify(document, null, 2)}\n`
  )
}

/**
 * The JS SDK's own capabilities (its builtins and ABI versions), plus the language features of
 * the pinned OPA, so that a builtin the JavaScript runtime lacks fails the build, not a run.
 */
function capabilities(tmp) {
  const sdk = JSON.parse(
    fs.readFileSync(
      path.join(root, 'node_modules/@open-policy-agent/opa-wasm/capabilities.json'),
      'utf8'
    )
  )
  const current = JSON.parse(run(['capabilities', '--current']))
  sdk.features = current.features.filter((feature) => feature !== 'template_strings')
  sdk.future_keywords = current.future_keywords
  const file = path.join(tmp, 'capabilities.json')
  fs.writeFileSync(file, JSON.stringify(sdk))
  return file
}

function compile(tmp) {
  const bundle = path.join(tmp, 'bundle.tar.gz')
  run([
    'build',
    '-t',
    'wasm',
    '--capabilities',
    capabilities(tmp),
    '--ignore',
    '*_test.rego',
    '--ignore',
    'schema',
    '-o',
    bundle,
    'policies'
  ])
  execFileSync('tar', ['-xzf', bundle, '-C', tmp, '/policy.wasm'], { stdio: 'ignore' })
  fs.copyFileSync(path.join(tmp, 'policy.wasm'), path.join(dist, 'policy.wasm'))
  fs.chmodSync(path.join(dist, 'policy.wasm'), 0o644)
  return bundle
}

function dotted(ref) {
  return ref.map((term, i) => (i === 0 ? term.value : String(term.value))).join('.')
}

function catalog(bundle) {
  // The bundle holds exactly the compiled sources (tests and schema left out).
  const inspected = JSON.parse(run(['inspect', '-a', '-f', 'json', bundle]))
  const rules = []
  for (const entry of inspected.annotations ?? []) {
    const annotation = entry.annotations
    if (annotation.scope !== 'package') continue
    const pkg = dotted(entry.path).replace(/^data\./, '')
    if (!pkg.startsWith(TECHNIQUES_PACKAGE)) continue
    const custom = annotation.custom ?? {}
    rules.push({
      id: custom.id,
      package: pkg.slice(TECHNIQUES_PACKAGE.length),
      title: annotation.title,
      description: annotation.description ?? '',
      severity: custom.severity,
      kind: custom.kind ?? 'automated',
      techniques: custom.techniques ?? [],
      inputs: custom.inputs ?? [],
      cis: (custom.cis ?? []).map(String),
      remediation: (custom.remediation ?? '').trim(),
      references: (annotation.related_resources ?? []).map((r) => ({
        url: r.ref,
        ...(r.description ? { description: r.description } : {})
      })),
      source: entry.location.file.replace(/^\/+/, ''),
      ...(custom.deprecated ? { deprecated: true } : {})
    })
  }
  rules.sort((a, b) => String(a.id).localeCompare(String(b.id)))
  const problems = []
  const seen = new Set()
  for (const rule of rules) {
    if (!/^PGH-\d{3}$/.test(rule.id ?? ''))
      problems.push(`${rule.source}: custom.id must look like PGH-000`)
    if (seen.has(rule.id)) problems.push(`${rule.source}: duplicate id ${rule.id}`)
    seen.add(rule.id)
    if (!['critical', 'high', 'medium', 'low', 'info'].includes(rule.severity)) {
      problems.push(`${rule.source}: custom.severity must be critical, high, medium, low or info`)
    }
    if (!rule.title) problems.push(`${rule.source}: title is missing`)
    if (!rule.remediation) problems.push(`${rule.source}: custom.remediation is missing`)
  }
  if (problems.length > 0) throw new Error(`policy METADATA problems:\n${problems.join('\n')}`)
  fs.writeFileSync(path.join(dist, 'catalog.json'), `${JSON.stringify({ rules }, null, 2)}\n`)
  return rules.length
}

fs.mkdirSync(dist, { recursive: true })
writeSchema()
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-policies-'))
try {
  const count = catalog(compile(tmp))
  const size = fs.statSync(path.join(dist, 'policy.wasm')).size
  console.error(`build-policies: ${count} rules, dist/policy.wasm ${(size / 1024).toFixed(0)} KiB`)
} finally {
  fs.rmSync(tmp, { recursive: true, force: true })
}
