import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Location } from '../../src/facts/location.js'
import { parseConf } from '../../src/parse/conf.js'
import { parseHba } from '../../src/parse/hba.js'
import {
  mapEmbeddedLocation,
  parseKubernetes,
  type EmbeddedConfig
} from '../../src/parse/kubernetes.js'
import { parsePgbouncer } from '../../src/parse/pgbouncer.js'

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/kubernetes')

function fixture(name: string): {
  text: string
  where: (line: number, needle: string) => Location
} {
  const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8')
  const lines = text.split('\n')
  return {
    text,
    where: (line, needle) => {
      const column = (lines[line - 1] ?? '').indexOf(needle) + 1
      if (column === 0) throw new Error(`${needle} is not on line ${line}`)
      return { file: name, line, column }
    }
  }
}

function config(configs: EmbeddedConfig[], source: string): EmbeddedConfig {
  const found = configs.find((c) => c.source === source)
  if (!found) throw new Error(`no ${source} in ${configs.map((c) => c.source).join(', ')}`)
  return found
}

describe('parseKubernetes: a CloudNativePG cluster and a ConfigMap', () => {
  const { text, where } = fixture('cnpg.yaml')
  const parsed = parseKubernetes(text, 'cnpg.yaml')
  const [cluster] = parsed.clusters

  it('reads the cluster: image, major version, superuser access', () => {
    expect(parsed.diagnostics).toEqual([])
    expect(parsed.clusters).toHaveLength(1)
    expect(cluster).toMatchObject({
      operator: 'cloudnative-pg',
      kind: 'Cluster',
      name: 'orders-db',
      namespace: 'orders',
      location: where(3, 'kind'),
      image: { repository: 'ghcr.io/cloudnative-pg/postgresql', major: 16, version: '16.4' },
      major: { value: 16, location: where(9, 'ghcr.io') },
      enable_superuser_access: { value: true, location: where(10, 'enableSuperuserAccess') }
    })
  })

  it('reads spec.postgresql.parameters as settings at their YAML lines', () => {
    expect(cluster?.parameters).toEqual([
      {
        name: 'max_connections',
        value: '300',
        option: 'parameters',
        location: where(13, 'max_connections')
      },
      { name: 'log_connections', value: 'on', option: 'parameters', location: where(14, 'log') },
      {
        name: 'ssl_min_protocol_version',
        value: 'TLSv1.2',
        option: 'parameters',
        location: where(15, 'ssl_min')
      },
      { name: 'shared_buffers', value: '2GB', option: 'parameters', location: where(16, 'shared') }
    ])
  })

  it('hands the pg_hba lines to the pg_hba.conf parser and maps its locations back', () => {
    expect(cluster?.pg_hba).toEqual([
      { value: 'hostssl orders app 10.0.0.0/8 scram-sha-256', location: where(18, 'hostssl') },
      { value: 'host all all 0.0.0.0/0 md5', location: where(19, 'host all') }
    ])
    const hba = config(parsed.configs, 'Cluster orders-db, pg_hba')
    expect(hba.kind).toBe('hba')
    const rules = parseHba(hba.text, 'cnpg.yaml', { major: 16 }).entries
    expect(rules.map((r) => mapEmbeddedLocation(hba, r.location))).toEqual([
      where(18, 'hostssl'),
      where(19, 'host all')
    ])
  })

  it('maps a postgresql.conf in a `|` block line by line, blank lines included', () => {
    const conf = config(parsed.configs, 'ConfigMap legacy-postgres-config, data "postgresql.conf"')
    expect(conf.kind).toBe('postgresql')
    expect(conf.location).toEqual(where(28, '|'))
    const entries = parseConf(conf.text, 'cnpg.yaml').entries
    expect(
      entries.map((e) => [
        e.kind === 'setting' ? e.name : '',
        mapEmbeddedLocation(conf, e.location)
      ])
    ).toEqual([
      ['listen_addresses', where(30, 'listen_addresses')],
      ['password_encryption', where(31, 'password_encryption')],
      ['log_statement', where(33, 'log_statement')]
    ])
  })

  it('maps a pg_hba.conf in a `|-` block, with extra indentation kept', () => {
    const hba = config(parsed.configs, 'ConfigMap legacy-postgres-config, data "pg_hba.conf"')
    expect(hba.text).toBe('local all postgres peer\n  host all all 0.0.0.0/0 trust')
    const rules = parseHba(hba.text, 'cnpg.yaml', { major: 16 }).entries
    expect(rules.map((r) => mapEmbeddedLocation(hba, r.location))).toEqual([
      where(35, 'local'),
      where(36, 'host')
    ])
    expect(hba.locate(2, 1)).toEqual({ ...where(36, 'host'), column: 5 })
  })

  it('maps the same lines in a CRLF copy', () => {
    const crlf = parseKubernetes(text.replaceAll('\n', '\r\n'), 'cnpg.yaml')
    const hba = config(crlf.configs, 'ConfigMap legacy-postgres-config, data "pg_hba.conf"')
    expect(hba.text).toBe('local all postgres peer\n  host all all 0.0.0.0/0 trust')
    const rules = parseHba(hba.text, 'cnpg.yaml', { major: 16 }).entries
    expect(rules.map((r) => mapEmbeddedLocation(hba, r.location))).toEqual([
      where(35, 'local'),
      where(36, 'host')
    ])
    expect(crlf.clusters).toEqual(parsed.clusters)
  })

  it('recognises other .conf keys by their content, and embedded pgbouncer.ini', () => {
    expect(parsed.configs.map((c) => [c.kind, c.source])).toEqual([
      ['hba', 'Cluster orders-db, pg_hba'],
      ['postgresql', 'ConfigMap legacy-postgres-config, data "postgresql.conf"'],
      ['hba', 'ConfigMap legacy-postgres-config, data "pg_hba.conf"'],
      ['postgresql', 'ConfigMap legacy-postgres-config, data "tuning.conf"'],
      ['pgbouncer', 'ConfigMap legacy-postgres-config, data "pgbouncer.ini"']
    ])
    const ini = config(parsed.configs, 'ConfigMap legacy-postgres-config, data "pgbouncer.ini"')
    const pgbouncer = parsePgbouncer(ini.text, 'cnpg.yaml')
    const authType = pgbouncer.settings.auth_type
    expect(authType && mapEmbeddedLocation(ini, authType.location)).toEqual(where(44, 'auth_type'))
  })
})

describe('parseKubernetes: Helm values', () => {
  const { text, where } = fixture('values.yaml')
  const parsed = parseKubernetes(text, 'values.yaml')

  it('reads the chart image, passwords and map-style configuration', () => {
    expect(parsed.clusters).toEqual([])
    expect(parsed.helm).toHaveLength(1)
    const [helm] = parsed.helm
    expect(helm?.prefix).toBe('')
    expect(helm?.image).toMatchObject({
      repository: 'bitnami/postgresql',
      major: 15,
      location: where(5, '15.6')
    })
    expect(helm?.passwords).toEqual([
      {
        key: 'auth.postgresPassword',
        secret: { kind: 'literal', weak: true, location: where(8, 'postgresPassword') }
      },
      { key: 'auth.password', secret: { kind: 'variable', location: where(9, 'password') } }
    ])
    expect(helm?.parameters.map((p) => [p.name, p.value, p.location.line])).toEqual([
      ['listen_addresses', "'*'", 22],
      ['max_connections', '200', 23]
    ])
    expect(JSON.stringify(parsed.helm)).not.toContain('short')
  })

  it('hands back embedded pg_hba.conf and postgresql.conf text with YAML locations', () => {
    const hba = config(parsed.configs, 'Helm values primary.pgHbaConfiguration')
    const rules = parseHba(hba.text, 'values.yaml', { major: 15 }).entries
    expect(rules.map((r) => mapEmbeddedLocation(hba, r.location))).toEqual([
      where(13, 'host'),
      where(14, 'local')
    ])
    const conf = config(parsed.configs, 'Helm values primary.extendedConfiguration')
    const entries = parseConf(conf.text, 'values.yaml').entries
    expect(entries.map((e) => mapEmbeddedLocation(conf, e.location).line)).toEqual([16, 17])
  })
})

describe('parseKubernetes: workloads', () => {
  const { text, where } = fixture('workloads.yaml')
  const parsed = parseKubernetes(text, 'workloads.yaml')

  it('reads a PostgreSQL container like a Compose service', () => {
    expect(parsed.containers).toHaveLength(1)
    const [db] = parsed.containers
    expect(db).toMatchObject({
      name: 'statefulset/db/postgres',
      detected_by: 'image',
      image: { major: 13 },
      host_auth_method: { value: 'trust', location: where(15, 'name') },
      password: { kind: 'secret', location: where(17, 'name') },
      host_network: { value: true, location: where(9, 'hostNetwork') }
    })
    expect(db?.settings).toEqual([
      { name: 'ssl', value: 'off', option: '-c', location: where(13, '"ssl=off"') },
      {
        name: 'log_min_duration_statement',
        value: '0',
        option: '-c',
        location: where(13, '"log_min')
      }
    ])
    expect(db?.ports).toEqual([
      {
        raw: '5432:5432',
        host_port: '5432',
        container_port: '5432',
        bind: 'all',
        postgres: true,
        location: where(23, 'containerPort')
      }
    ])
  })

  it('finds an application connecting as postgres', () => {
    expect(parsed.connections).toEqual([
      {
        service: 'deployment/api/api',
        variable: 'DATABASE_URL',
        user: 'postgres',
        superuser: true,
        target: 'statefulset/db/postgres',
        password: { kind: 'literal', weak: true, location: where(37, 'name') },
        location: where(37, 'name')
      }
    ])
    expect(JSON.stringify(parsed)).not.toContain('hunter2')
  })
})

describe('parseKubernetes never throws', () => {
  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseKubernetes(text, 'k.yaml')
        for (const d of parsed.diagnostics) expect(d.location?.line).toBeGreaterThanOrEqual(1)
      })
    )
  })

  it('on arbitrary manifests', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.constantFrom('postgresql.cnpg.io/v1', 'Cluster', 'ConfigMap', 'true')
    )
    const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom('spec', 'postgresql', 'parameters', 'pg_hba', 'data', 'imageName', 'x'),
          tie('node'),
          { maxKeys: 4 }
        )
      )
    })).node
    fc.assert(
      fc.property(
        fc.constantFrom('postgresql.cnpg.io/v1', 'v1'),
        fc.constantFrom('Cluster', 'ConfigMap'),
        tree,
        (apiVersion, kind, spec) => {
          const doc = JSON.stringify({ apiVersion, kind, spec, data: spec })
          const parsed = parseKubernetes(`${doc}\n---\n${doc}\n`, 'k.yaml')
          for (const c of parsed.configs) c.locate(1, 1)
        }
      )
    )
  })
})
