import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Location } from '../../src/facts/location.js'
import type { PostgresContainer } from '../../src/facts/source-types.js'
import { parseCompose } from '../../src/parse/compose.js'
import { interpolate, parseImageRef } from '../../src/parse/postgres-image.js'
import { corpusAvailable, corpusDir } from '../support/corpus.js'

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/compose')

function fixture(rel: string): { text: string; where: (line: number, needle: string) => Location } {
  const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8')
  const lines = text.split('\n')
  return {
    text,
    where: (line, needle) => {
      const column = (lines[line - 1] ?? '').indexOf(needle) + 1
      if (column === 0) throw new Error(`${needle} is not on line ${line}`)
      return { file: rel, line, column }
    }
  }
}

function service(services: PostgresContainer[], name: string): PostgresContainer {
  const found = services.find((s) => s.name === name)
  if (!found) throw new Error(`no service ${name}`)
  return found
}

describe('parseCompose: a database with an API and a worker', () => {
  const { text, where } = fixture('stack/docker-compose.yml')
  const { project, diagnostics } = parseCompose(text, 'stack/docker-compose.yml')
  const db = service(project.services, 'db')

  it('finds one PostgreSQL service and reads its image tag', () => {
    expect(diagnostics).toEqual([])
    expect(project.services.map((s) => s.name)).toEqual(['db'])
    expect(db.detected_by).toBe('image')
    expect(db.location).toEqual(where(3, 'db:'))
    expect(db.image).toEqual({
      raw: 'postgres:15.4-bookworm',
      repository: 'postgres',
      tag: '15.4-bookworm',
      version: '15.4',
      major: 15,
      floating: false,
      location: where(4, 'postgres:15.4')
    })
  })

  it('reads -c and --name=value settings off the command line, where they are written', () => {
    expect(db.settings).toEqual([
      { name: 'ssl', value: 'off', option: '-c', location: where(5, 'ssl=off') },
      {
        name: 'log_connections',
        value: 'on',
        option: '-c',
        location: where(5, "'log_connections=on'")
      },
      {
        name: 'max_connections',
        value: '500',
        option: '--',
        location: where(5, '--max-connections')
      },
      {
        name: 'config_file',
        value: '/etc/postgresql/postgresql.conf',
        option: '-c',
        location: where(5, 'config_file=')
      }
    ])
  })

  it('reads the official image environment without keeping the password', () => {
    expect(db.superuser).toEqual({ name: 'orders', location: where(7, 'POSTGRES_USER') })
    expect(db.password).toEqual({
      kind: 'literal',
      weak: true,
      location: where(8, 'POSTGRES_PASSWORD')
    })
    expect(db.host_auth_method).toEqual({
      value: 'trust',
      location: where(9, 'POSTGRES_HOST_AUTH_METHOD')
    })
    expect(db.initdb_auth).toEqual([
      { option: '--auth-host', method: 'md5', location: where(10, '--auth-host') },
      { option: '--auth-local', method: 'trust', location: where(10, '--auth-local') }
    ])
    expect(db.data_checksums).toEqual({ value: true, location: where(10, '-k') })
  })

  it('links mounted and named configuration files to repository files', () => {
    expect(db.config_files).toEqual([
      {
        role: 'postgresql.conf',
        container_path: '/etc/postgresql/postgresql.conf',
        source: './conf/postgresql.conf',
        file: 'stack/conf/postgresql.conf',
        via: 'volume',
        location: where(12, './conf/postgresql.conf')
      },
      {
        role: 'pg_hba.conf',
        container_path: '/etc/postgresql/pg_hba.conf',
        source: './conf/pg_hba.conf',
        file: 'stack/conf/pg_hba.conf',
        via: 'volume',
        location: where(13, './conf/pg_hba.conf')
      },
      {
        role: 'initdb',
        container_path: '/docker-entrypoint-initdb.d',
        source: './init',
        file: 'stack/init',
        via: 'volume',
        location: where(14, './init')
      },
      {
        role: 'postgresql.conf',
        container_path: '/etc/postgresql/postgresql.conf',
        source: './conf/postgresql.conf',
        file: 'stack/conf/postgresql.conf',
        via: 'flag',
        location: where(5, 'config_file=')
      }
    ])
  })

  it('tells ports published on every interface from loopback and one address', () => {
    expect(db.ports).toEqual([
      {
        raw: '5432:5432',
        host_port: '5432',
        container_port: '5432',
        bind: 'all',
        postgres: true,
        location: where(17, '"5432:5432"')
      },
      {
        raw: '127.0.0.1:15432:5432',
        host_ip: '127.0.0.1',
        host_port: '15432',
        container_port: '5432',
        bind: 'loopback',
        postgres: true,
        location: where(18, '"127.0.0.1')
      },
      {
        raw: '10.0.0.5:25432:5432',
        host_ip: '10.0.0.5',
        host_port: '25432',
        container_port: '5432',
        bind: 'address',
        postgres: true,
        location: where(19, 'target')
      }
    ])
  })

  it('finds applications connecting as the superuser, without their passwords', () => {
    expect(project.connections).toEqual([
      {
        service: 'api',
        variable: 'DATABASE_URL',
        user: 'orders',
        superuser: true,
        target: 'db',
        password: { kind: 'variable', location: where(26, 'DATABASE_URL') },
        location: where(26, 'DATABASE_URL')
      },
      {
        service: 'api',
        variable: 'READONLY_URL',
        user: 'reader',
        superuser: false,
        target: 'db',
        password: { kind: 'literal', weak: false, location: where(27, 'READONLY_URL') },
        location: where(27, 'READONLY_URL')
      },
      {
        service: 'worker',
        variable: 'PGUSER',
        user: 'postgres',
        superuser: true,
        password: { kind: 'literal', weak: true, location: where(36, 'PGPASSWORD') },
        location: where(35, 'PGUSER')
      }
    ])
    expect(JSON.stringify(project)).not.toMatch(/long-enough-reader-secret/)
  })

  it('reads a CRLF copy the same', () => {
    const crlf = parseCompose(text.replaceAll('\n', '\r\n'), 'stack/docker-compose.yml')
    expect(crlf).toEqual({ project, diagnostics })
  })

  it('reads a copy with a byte order mark the same', () => {
    const bom = parseCompose(Buffer.from(`\uFEFF${text}`), 'stack/docker-compose.yml')
    expect(bom).toEqual({ project, diagnostics })
  })
})

describe('parseCompose: variants', () => {
  const { text, where } = fixture('variants/compose.yaml')
  const { project, diagnostics } = parseCompose(text, 'variants/compose.yaml')

  it('finds every PostgreSQL server and nothing else, not a pg_dump run from the image', () => {
    expect(diagnostics).toEqual([])
    expect(project.services.map((s) => [s.name, s.image?.major, s.image?.floating])).toEqual([
      ['primary', 16, false],
      ['gis', 16, false],
      ['timescale', 16, false],
      ['legacy', 11, false],
      ['script', undefined, true]
    ])
  })

  it('follows merge keys and applies ${VAR:-default}', () => {
    const primary = service(project.services, 'primary')
    expect(primary.image).toMatchObject({
      raw: 'postgres:16',
      interpolated: true,
      location: where(2, 'postgres:')
    })
    expect(primary.host_auth_method).toEqual({
      value: 'scram-sha-256',
      interpolated: true,
      location: where(17, 'POSTGRES_HOST_AUTH_METHOD')
    })
    expect(primary.password).toEqual({
      kind: 'file',
      location: where(16, 'POSTGRES_PASSWORD_FILE')
    })
    expect(primary.superuser).toEqual({ name: 'postgres' })
  })

  it('reads list-form commands, attached option values and -p', () => {
    const primary = service(project.services, 'primary')
    expect(primary.settings).toEqual([
      {
        name: 'password_encryption',
        value: 'md5',
        option: '-c',
        location: where(11, '"password_encryption')
      },
      {
        name: 'shared_preload_libraries',
        value: 'pgaudit',
        option: '-c',
        location: where(12, '"-cshared')
      },
      { name: 'port', value: '5433', option: '-p', location: where(14, '"5433"') }
    ])
  })

  it('judges ports against the port the server listens on', () => {
    const primary = service(project.services, 'primary')
    expect(primary.ports.map((p) => [p.host_ip, p.bind, p.postgres])).toEqual([
      ['0.0.0.0', 'all', true],
      ['::1', 'loopback', true],
      ['${PUBLIC_IP}', 'unknown', true]
    ])
    expect(primary.config_files).toEqual([
      {
        role: 'pg_hba.conf',
        container_path: '/etc/postgresql/pg_hba.conf',
        source: './pg_hba.conf',
        file: 'variants/pg_hba.conf',
        via: 'config',
        location: where(22, 'source')
      }
    ])
  })

  it('points into folded block commands line by line', () => {
    const gis = service(project.services, 'gis')
    expect(gis.settings).toEqual([
      { name: 'ssl', value: 'on', option: '-c', location: where(33, 'ssl=on') },
      {
        name: 'log_statement',
        value: 'ddl',
        option: '-c',
        location: where(34, 'log_statement=ddl')
      }
    ])
    expect(gis.host_network).toEqual({ value: true, location: where(31, 'network_mode') })
    expect(gis.password).toEqual({
      kind: 'literal',
      weak: false,
      location: where(36, 'POSTGRES_PASSWORD')
    })
  })

  it('treats a variable passed through from the shell as a variable', () => {
    expect(service(project.services, 'timescale').password).toEqual({
      kind: 'variable',
      location: where(41, 'POSTGRES_PASSWORD')
    })
    expect(service(project.services, 'legacy').host_auth_method).toEqual({
      value: 'trust',
      location: where(46, 'ALLOW_EMPTY_PASSWORD')
    })
  })

  it('looks into sh -c scripts for the server command', () => {
    const script = service(project.services, 'script')
    expect(script.image).toMatchObject({
      repository: 'postgres',
      digest: 'sha256:0123456789abcdef'
    })
    expect(script.settings).toEqual([
      { name: 'fsync', value: 'off', option: '-c', location: where(51, 'fsync=off') }
    ])
  })

  it('sees a monitoring tool connecting as postgres', () => {
    expect(project.connections).toEqual([
      {
        service: 'tools',
        variable: 'DATA_SOURCE_USER',
        user: 'postgres',
        superuser: true,
        location: where(57, 'DATA_SOURCE_USER')
      }
    ])
  })
})

describe('container helpers', () => {
  it('interpolates like Compose', () => {
    expect(interpolate('a$$b')).toEqual({ text: 'a$b', interpolated: false, unresolved: false })
    expect(interpolate('${X:-${Y-7}}')).toEqual({
      text: '7',
      interpolated: true,
      unresolved: false
    })
    expect(interpolate('${X:?set X}')).toMatchObject({ unresolved: true })
    expect(interpolate('$HOME/x')).toEqual({
      text: '$HOME/x',
      interpolated: true,
      unresolved: true
    })
  })

  it.each([
    ['postgres', undefined, true],
    ['postgres:latest', undefined, true],
    ['postgres:alpine', undefined, true],
    ['postgres:9.6.24', 9, false],
    ['postgres:17rc1', 17, false],
    ['bitnami/postgresql:16.2.0-debian-12-r5', 16, false],
    ['timescale/timescaledb-ha:pg15.6-ts2.14.2', 15, false],
    ['pgvector/pgvector:pg17', 17, false],
    ['registry.example.com:5000/db/postgres:14', 14, false]
  ])('reads the major version of %s', (image, major, floating) => {
    const ref = parseImageRef(image, { file: 'f', line: 1, column: 1 })
    expect(ref.major).toBe(major)
    expect(ref.floating).toBe(floating)
  })

  it('reads a registry port as part of the repository, not a tag', () => {
    const ref = parseImageRef('registry.example.com:5000/db/postgres', {
      file: 'f',
      line: 1,
      column: 1
    })
    expect(ref).toMatchObject({
      repository: 'registry.example.com:5000/db/postgres',
      floating: true
    })
    expect(ref.tag).toBeUndefined()
  })
})

describe('parseCompose never throws', () => {
  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseCompose(text, 'compose.yml')
        expect(parsed.project.file).toBe('compose.yml')
      })
    )
  })

  it('on arbitrary YAML-shaped services', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'postgres:16',
        '5432:5432',
        '-c ssl=on',
        'postgres://postgres:x@db/a',
        '${X:-1}'
      )
    )
    const value = fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 4 }),
      fc.dictionary(fc.string(), scalar)
    )
    const serviceShape = fc.record(
      {
        image: scalar,
        command: value,
        entrypoint: value,
        environment: value,
        ports: value,
        volumes: value,
        configs: value
      },
      { requiredKeys: [] }
    )
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), serviceShape), (services) => {
        const parsed = parseCompose(JSON.stringify({ services }), 'compose.yml')
        for (const s of parsed.project.services) expect(s.location.line).toBe(1)
      })
    )
  })
})

describe.runIf(corpusAvailable())('real-world Compose files', () => {
  const dir = corpusDir('compose')
  const files = corpusAvailable()
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.yml'))
        .sort()
    : []

  it('has the 15 files', () => {
    expect(files).toHaveLength(15)
  })

  it.each(files)('%s: at least one PostgreSQL service, no YAML errors, no secret kept', (name) => {
    const text = fs.readFileSync(path.join(dir, name), 'utf8')
    const { project, diagnostics } = parseCompose(text, name)
    expect(diagnostics).toEqual([])
    expect(project.services.length).toBeGreaterThan(0)
    const lines = text.split('\n').length
    for (const s of project.services) {
      expect(s.location.line).toBeLessThanOrEqual(lines)
      if (s.password) expect(text.split('\n')[s.password.location.line - 1]).toMatch(/PASSWORD/)
    }
    // Passwords that are also user or image names (`postgres`, `root`) cannot be told apart.
    const literal = /POSTGRES_PASSWORD[=:]\s*"?([^"\s$]+)/.exec(text)?.[1]
    if (literal !== undefined && !['postgres', 'root'].includes(literal))
      expect(JSON.stringify(project)).not.toContain(literal)
  })

  it('reads what a reviewer reads in them', () => {
    const summary = files.map((name) => {
      const { project } = parseCompose(fs.readFileSync(path.join(dir, name)), name)
      const s = project.services[0]
      return [
        name,
        s?.image?.major ?? (s?.image?.floating ? 'floating' : 'no image'),
        s?.password?.kind,
        s?.ports.map((p) => p.bind).join(',') ?? '',
        project.connections.filter((c) => c.superuser).length
      ]
    })
    expect(summary).toEqual([
      ['001.yml', 16, 'literal', 'all', 1],
      ['002.yml', 'no image', 'literal', 'all', 0],
      ['003.yml', 16, 'literal', 'all', 0],
      ['004.yml', 'floating', 'literal', 'all', 0],
      ['005.yml', 10, 'variable', 'all', 0],
      ['006.yml', 17, 'file', 'all', 0],
      ['007.yml', 16, 'literal', 'all', 0],
      ['008.yml', 16, 'variable', '', 0],
      ['009.yml', 18, 'literal', 'all', 0],
      ['010.yml', 'no image', 'literal', '', 0],
      ['011.yml', 17, 'variable', 'all', 0],
      ['012.yml', 'floating', 'variable', 'all', 0],
      ['013.yml', 16, 'literal', 'loopback', 0],
      ['014.yml', 13, 'literal', 'all', 0],
      ['015.yml', 'floating', 'literal', 'all', 0]
    ])
  })
})
