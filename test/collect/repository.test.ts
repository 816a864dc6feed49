import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { collectRoot } from '../../src/collect/repository.js'
import type { Facts } from '../../src/facts/types.js'
import { initSqlParser } from '../../src/parse/sql.js'

beforeAll(async () => {
  await initSqlParser()
})

let tmp: string
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-repo-'))
})
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true })
  fs.writeFileSync(path.join(tmp, rel), text)
}

function collect(): Facts[] {
  return [...collectRoot(tmp, { errors: [], notices: [] })]
}

const compose = (command: string): string =>
  `services:\n  db:\n    image: postgres:16.4\n    command: ${command}\n    volumes:\n      - ./postgresql.conf:/etc/postgresql/postgresql.conf\n`

describe('collectRoot', () => {
  it('applies a container command line over postgresql.conf, at the compose line', () => {
    write('postgresql.conf', 'ssl = on\nport = 5433\n')
    write(
      'docker-compose.yml',
      compose('postgres -c ssl=off -c config_file=/etc/postgresql/postgresql.conf')
    )
    const [facts] = collect()
    const ssl = facts?.postgresql?.settings.ssl
    expect(ssl?.value).toBe(false)
    expect(ssl?.location).toEqual({
      file: 'docker-compose.yml',
      line: 4,
      column: expect.any(Number) as number
    })
    expect(ssl?.overridden).toEqual([{ file: 'postgresql.conf', line: 1, column: 1 }])
    expect(facts?.postgresql?.settings.port?.value).toBe(5433)
    expect(facts?.postgresql?.settings.config_file).toBeUndefined()
    expect(facts?.containers?.services.map((s) => s.name)).toEqual(['db'])
  })

  it('reports an invalid command-line value where it is written', () => {
    write('postgresql.conf', 'port = 5433\n')
    write('docker-compose.yml', compose('postgres -c max_connections=lots'))
    const [facts] = collect()
    expect(facts?.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'CONF_INVALID_VALUE',
        location: expect.objectContaining({ file: 'docker-compose.yml', line: 4 }) as unknown
      })
    )
  })

  it('attaches migrations, PgBouncer and Compose to the one deployment of a folder', () => {
    write('postgresql.conf', 'port = 5433\n')
    write('migrations/001.sql', 'SELECT 1;\n')
    write('pgbouncer/pgbouncer.ini', '[pgbouncer]\nauth_type = scram-sha-256\n')
    const targets = collect()
    expect(targets).toHaveLength(1)
    expect(targets[0]?.pgbouncer?.file).toBe('pgbouncer/pgbouncer.ini')
    expect(targets[0]?.sql?.files).toEqual(['migrations/001.sql'])
  })

  it('makes each companion a target of its own when a folder holds several deployments', () => {
    write('a/postgresql.conf', 'port = 5433\n')
    write('b/postgresql.conf', 'port = 5434\n')
    write('pgbouncer.ini', '[pgbouncer]\nauth_type = trust\n')
    const names = collect().map((f) => path.relative(tmp, f.target.name))
    expect(names).toEqual(expect.arrayContaining(['a', 'b']))
    expect(names.some((n) => n.endsWith('(pgbouncer)'))).toBe(true)
  })

  it('keeps pgpool files away from the postgresql.conf sniffer', () => {
    write('pgpool/pgpool.conf', "listen_addresses = '*'\nport = 9999\nenable_pool_hba = off\n")
    write('pgpool/pool_hba.conf', 'host all all 0.0.0.0/0 trust\n')
    const targets = collect()
    expect(targets.map((f) => Boolean(f.pgpool))).toEqual([true])
    expect(targets[0]?.postgresql).toBeUndefined()
  })
})
