// Regenerates data/parameters/<major>.json from a real server: starts a throw-away cluster with
// the PostgreSQL binaries found by test/support/pg-cluster.ts (PG_BIN picks another version),
// reads pg_settings, and asks `postgres -C` what each enum value is accepted as, so the
// catalogue says what that server says. Usage: npx node scripts/gen-parameters.mjs
import fs from 'node:fs'
import path from 'node:path'
import process from 'node:process'
import prettier from 'prettier'
import { fileURLToPath } from 'node:url'

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
// Node 24 strips the types of the test helper itself; bundling it would break pg's require()s.
const { startCluster, runPg } = await import('../test/support/pg-cluster.ts')

// Spellings PostgreSQL accepts for some enums without listing them in pg_settings.enumvals
// (hidden config_enum_entry rows). Each is kept only if the server accepts it.
const ENUM_CANDIDATES = ['on', 'off', 'true', 'false', 'yes', 'no', '1', '0', 'debug', 'info']
const ENUM_CANDIDATES_BY_NAME = { wal_level: ['archive', 'hot_standby'] }

// Parameters hidden from pg_settings (GUC_NO_SHOW_ALL) that a file may still set; kept only if
// current_setting() knows them. Their specs are guc.c's.
const HIDDEN = [
  { name: 'is_superuser', type: 'bool', boot_val: 'off', context: 'internal' },
  { name: 'role', type: 'string', boot_val: 'none', context: 'user' },
  { name: 'session_authorization', type: 'string', boot_val: '', context: 'user' },
  { name: 'seed', type: 'real', min: -1, max: 1, boot_val: '0', context: 'user' }
]

// Obsolete names map_old_guc_names still accepts; kept only if the server resolves them.
const ALIAS_CANDIDATES = {
  sort_mem: 'work_mem',
  vacuum_mem: 'maintenance_work_mem',
  ssl_ecdh_curve: 'ssl_groups'
}

const cluster = await startCluster()
try {
  const [version] = await cluster.query(
    "SELECT current_setting('server_version') AS v, current_setting('server_version_num')::int AS n"
  )
  const rows = await cluster.query(
    `SELECT name, vartype, unit, enumvals, min_val, max_val, boot_val, context
       FROM pg_settings WHERE name NOT LIKE '%.%' ORDER BY lower(name)`
  )
  const postgres = path.join(cluster.bin, 'postgres')
  const acceptedAs = (name, value) => {
    const r = runPg(postgres, ['-C', name, '-c', `${name}=${value}`, '-D', cluster.dataDir])
    return r.status === 0 ? r.stdout.replace(/\n$/, '') : undefined
  }

  const parameters = {}
  for (const row of rows) {
    const spec = { name: row.name, type: row.vartype }
    if (row.unit) spec.unit = row.unit
    if (row.vartype === 'integer' || row.vartype === 'real') {
      spec.min = bound(row.min_val)
      spec.max = bound(row.max_val)
    }
    if (row.vartype === 'enum') {
      spec.enumvals = row.enumvals
      const aliases = {}
      const candidates = [
        ...row.enumvals,
        ...ENUM_CANDIDATES,
        ...(ENUM_CANDIDATES_BY_NAME[row.name.toLowerCase()] ?? [])
      ]
      for (const candidate of new Set(candidates)) {
        const canonical = acceptedAs(row.name, candidate)
        if (canonical !== undefined && canonical !== candidate) aliases[candidate] = canonical
      }
      if (Object.keys(aliases).length > 0) spec.enum_aliases = aliases
    }
    spec.boot_val = row.boot_val ?? ''
    spec.context = row.context
    if (row.vartype === 'string' && (await isList(cluster, row.name))) spec.list = true
    parameters[row.name.toLowerCase()] = spec
  }

  for (const hidden of HIDDEN) {
    const [known] = await cluster.query('SELECT current_setting($1, true) AS v', [hidden.name])
    if (known?.v != null && !parameters[hidden.name])
      parameters[hidden.name] = { ...hidden, hidden: true }
  }

  const aliases = {}
  for (const [old, current] of Object.entries(ALIAS_CANDIDATES)) {
    if (parameters[old] || !parameters[current]) continue
    const [known] = await cluster.query('SELECT current_setting($1, true) AS v', [old])
    if (known?.v != null) aliases[old] = current
  }

  const major = Math.floor(version.n / 10000)
  const date = new Date().toISOString().slice(0, 10)
  const catalog = {
    major,
    produced_by: `scripts/gen-parameters.mjs from pg_settings and postgres -C of PostgreSQL ${version.v} on ${date}`,
    server_version: version.v,
    server_version_num: version.n,
    generated_at: date,
    aliases,
    parameters: Object.fromEntries(Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : 1)))
  }
  const out = path.join(repo, 'data', 'parameters', `${major}.json`)
  fs.mkdirSync(path.dirname(out), { recursive: true })
  const options = (await prettier.resolveConfig(out)) ?? {}
  fs.writeFileSync(
    out,
    await prettier.format(JSON.stringify(catalog), { ...options, parser: 'json' })
  )
  process.stdout.write(
    `wrote ${path.relative(repo, out)}: ${Object.keys(parameters).length} parameters\n`
  )
} finally {
  await cluster.stop()
}

// pg_settings prints real bounds with %g: DBL_MAX comes out as 1.79769e+308, which is smaller
// than DBL_MAX itself and would reject values PostgreSQL accepts.
function bound(text) {
  if (text === '1.79769e+308') return Number.MAX_VALUE
  if (text === '-1.79769e+308') return -Number.MAX_VALUE
  return Number(text)
}

// GUC_LIST_INPUT is not in pg_settings, but SET with two values tells: only list parameters
// accept more than one ("SET x takes only one argument"). ALTER SYSTEM checks this before the
// parameter's context, so it works for every string parameter; RESET undoes it.
async function isList(cluster, name) {
  const ident = `"${name.replace(/"/g, '""')}"`
  try {
    await cluster.query(`ALTER SYSTEM SET ${ident} TO 'a', 'b'`)
  } catch (error) {
    if (/takes only one argument/.test(String(error?.message))) return false
  }
  await cluster.query(`ALTER SYSTEM RESET ${ident}`).catch(() => undefined)
  return true
}
