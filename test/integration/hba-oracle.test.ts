/**
 * Differential test: PostgreSQL's own pg_hba_file_rules view (it re-reads the file on every
 * query) against collectHba, line by line, over the real-world corpus and generated files.
 */
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import ipaddr from 'ipaddr.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { corpusDir } from '../support/corpus.js'
import { REDACTED, collectHba } from '../../src/collect/hba-tree.js'
import { RootFs } from '../../src/collect/root-fs.js'
import { parseNumericHost } from '../../src/facts/address.js'
import type { Diagnostic } from '../../src/facts/location.js'
import type { HbaName, HbaRule } from '../../src/facts/types.js'
import {
  type Cluster,
  pgTempDir,
  pgUnavailableReason,
  startCluster
} from '../support/pg-cluster.js'

const CORPUS = corpusDir('pg_hba.conf')
/** PGH_HBA_CASES and PGH_HBA_SEED widen the search when hunting a disagreement. */
const GENERATED = Number(process.env.PGH_HBA_CASES ?? 300)
const SEED = Number(process.env.PGH_HBA_SEED ?? 20261124)
const FUZZED = Number(process.env.PGH_HBA_SOUP ?? 200)

interface Row {
  line_number: number
  type: string | null
  database: string[] | null
  user_name: string[] | null
  address: string | null
  netmask: string | null
  auth_method: string | null
  options: string[] | null
  error: string | null
}

const HOSTSSL_OFF = 'hostssl record cannot match because SSL is disabled'

/** @files the generated lines name; they sit beside the pg_hba.conf. */
const SIDE_FILES: Record<string, string> = {
  dblist: 'db2, "all"\n# a comment\n+g "q r"\n',
  users: 'u2 "+admins"\r\n@more\n',
  more: 'u3\n',
  empty: '',
  meth: 'md5\n'
}

const unavailable = pgUnavailableReason()

const title = `pg_hba.conf against PostgreSQL${unavailable ? ` (skipped: ${unavailable})` : ''}`

describe.skipIf(unavailable !== undefined)(title, () => {
  let cluster: Cluster
  let dir: string
  let hbaPath: string

  beforeAll(async () => {
    dir = pgTempDir('pgh-hba-oracle-')
    hbaPath = path.join(dir, 'pg_hba.conf')
    fs.writeFileSync(hbaPath, 'local all all trust\n', { mode: 0o644 })
    for (const [name, text] of Object.entries(SIDE_FILES)) {
      fs.writeFileSync(path.join(dir, name), text, { mode: 0o644 })
    }
    cluster = await startCluster({ conf: `hba_file = '${hbaPath}'` })
  })

  afterAll(async () => {
    await cluster.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const tally = { rules: 0, rejected: 0 }

  async function disagreements(content: Uint8Array | string): Promise<string[]> {
    fs.writeFileSync(hbaPath, content)
    const rows = await cluster.query<Row>(
      'SELECT line_number, type, database, user_name, address, netmask, auth_method, options, error FROM pg_hba_file_rules'
    )
    const root = RootFs.open(dir)
    if (!root.ok) throw new Error(root.problem.message)
    const ours = collectHba(root.value, 'pg_hba.conf', { major: cluster.major, ssl: false })
    for (const row of rows) {
      if (row.type === null) tally.rejected++
      else tally.rules++
    }
    return compare(rows, ours.config.rules, ours.diagnostics, dir)
  }

  it('agrees on every real-world file', async () => {
    const files = fs.existsSync(CORPUS)
      ? fs.readdirSync(CORPUS).filter((f) => f.endsWith('.conf'))
      : []
    expect(files.length, `corpus not found at ${CORPUS}`).toBeGreaterThan(0)
    const failures: string[] = []
    tally.rules = tally.rejected = 0
    for (const file of files.sort()) {
      const problems = await disagreements(fs.readFileSync(path.join(CORPUS, file)))
      if (problems.length > 0) failures.push(`${file}: ${problems.slice(0, 5).join('; ')}`)
    }
    console.log(
      `hba oracle: corpus ${files.length - failures.length}/${files.length} files agree (${tally.rules} rules, ${tally.rejected} rejected lines)`
    )
    expect(failures).toEqual([])
  })

  it('agrees on generated files', async () => {
    const cases = fc.sample(hbaFile, { seed: SEED, numRuns: GENERATED })
    const failures: string[] = []
    tally.rules = tally.rejected = 0
    for (const content of cases) {
      const problems = await disagreements(content)
      if (problems.length > 0)
        failures.push(`${JSON.stringify(content)}\n  ${problems.join('\n  ')}`)
    }
    console.log(
      `hba oracle: generated ${cases.length - failures.length}/${cases.length} files agree (${tally.rules} rules, ${tally.rejected} rejected lines)`
    )
    expect(failures.slice(0, 10)).toEqual([])
  })

  it('agrees on token soup', async () => {
    const cases = fc.sample(tokenSoup, { seed: SEED, numRuns: FUZZED })
    const failures: string[] = []
    tally.rules = tally.rejected = 0
    for (const content of cases) {
      const problems = await disagreements(content)
      if (problems.length > 0)
        failures.push(`${JSON.stringify(content)}\n  ${problems.join('\n  ')}`)
    }
    console.log(
      `hba oracle: token soup ${cases.length - failures.length}/${cases.length} files agree (${tally.rules} rules, ${tally.rejected} rejected lines)`
    )
    expect(failures.slice(0, 10)).toEqual([])
  })

  it('agrees on hand-picked edge cases', async () => {
    const failures: string[] = []
    tally.rules = tally.rejected = 0
    for (const content of EDGE_CASES) {
      const problems = await disagreements(content)
      if (problems.length > 0)
        failures.push(`${JSON.stringify(content)}\n  ${problems.join('\n  ')}`)
    }
    console.log(
      `hba oracle: edge cases ${EDGE_CASES.length - failures.length}/${EDGE_CASES.length} files agree (${tally.rules} rules, ${tally.rejected} rejected lines)`
    )
    expect(failures).toEqual([])
  })
})

/** Everything that differs between PostgreSQL's rows and our rules and diagnostics. */
function compare(rows: Row[], rules: HbaRule[], diagnostics: Diagnostic[], dir: string): string[] {
  const problems: string[] = []
  const main = (file: string | undefined): boolean => file === 'pg_hba.conf'
  const rulesAt = new Map(
    rules.filter((r) => main(r.location.file)).map((r) => [r.location.line, r])
  )
  const errorsAt = new Map<number, Diagnostic[]>()
  for (const d of diagnostics) {
    if (d.level !== 'error' || !d.location || !main(d.location.file)) continue
    errorsAt.set(d.location.line, [...(errorsAt.get(d.location.line) ?? []), d])
  }
  const sslWarnings = new Set(
    diagnostics
      .filter((d) => d.code === 'HBA_HOSTSSL_WITHOUT_SSL' && main(d.location?.file))
      .map((d) => d.location?.line)
  )
  const seen = new Set<number>()
  for (const row of rows) {
    const line = row.line_number
    seen.add(line)
    const rule = rulesAt.get(line)
    const errors = errorsAt.get(line) ?? []
    const pgError = row.error?.split(`${dir}/`).join('') ?? null
    if (row.type === null) {
      // Rejected. PostgreSQL only shows the message when it stored one (some are only logged).
      if (rule)
        problems.push(
          `line ${line}: we kept a rule PostgreSQL rejects (${pgError ?? 'no message'})`
        )
      if (errors.length === 0)
        problems.push(`line ${line}: no error from us, PostgreSQL: ${pgError ?? 'rejected'}`)
      else if (
        pgError !== null &&
        pgError !== HOSTSSL_OFF &&
        !errors.some((e) => e.message === pgError)
      ) {
        problems.push(
          `line ${line}: message "${errors[0]?.message ?? ''}", PostgreSQL "${pgError}"`
        )
      }
      continue
    }
    if (!rule) {
      problems.push(
        `line ${line}: PostgreSQL has a ${row.type} rule, we have ${errors[0]?.message ?? 'nothing'}`
      )
      continue
    }
    if (errors.length > 0) problems.push(`line ${line}: we report "${errors[0]?.message ?? ''}"`)
    if ((pgError === HOSTSSL_OFF) !== sslWarnings.has(line)) {
      problems.push(`line ${line}: hostssl warning differs (PostgreSQL: ${pgError ?? 'none'})`)
    }
    problems.push(...compareRule(line, row, rule))
  }
  for (const line of new Set([...rulesAt.keys(), ...errorsAt.keys()])) {
    if (!seen.has(line))
      problems.push(`line ${line}: we have a rule or error, PostgreSQL has no row`)
  }
  return problems
}

function compareRule(line: number, row: Row, rule: HbaRule): string[] {
  const problems: string[] = []
  const differ = (what: string, pg: unknown, ours: unknown): void => {
    if (JSON.stringify(pg) !== JSON.stringify(ours)) {
      problems.push(
        `line ${line}: ${what} ${JSON.stringify(ours)}, PostgreSQL ${JSON.stringify(pg)}`
      )
    }
  }
  differ('type', row.type, rule.type)
  differ('database', row.database, displayNames(rule.databases))
  differ('user', row.user_name, displayNames(rule.users))
  differ('method', row.auth_method, rule.method)
  differ('options', [...(row.options ?? [])].map(redacted).sort(), displayOptions(rule))
  const address = rule.address
  if (!address) {
    differ('address', [row.address, row.netmask], [null, null])
  } else if (address.cidr === undefined) {
    differ('address', [row.address, row.netmask], [address.raw, null])
  } else {
    differ('network', pgNetwork(row.address, row.netmask), normalCidr(address.cidr))
  }
  return problems
}

/** How the view prints names: quotes gone, `+` and `/` kept, @file references expanded. */
function displayNames(names: HbaName[]): string[] {
  return names
    .filter((n) => n.kind !== 'file')
    .map((n) => (n.kind === 'group' ? `+${n.value}` : n.kind === 'regex' ? `/${n.value}` : n.value))
}

/** The facts keep only that a credential option is set, never its value. */
function redacted(option: string): string {
  const key = option.slice(0, option.indexOf('='))
  return key === 'ldapbindpasswd' || key === 'radiussecrets' ? `${key}=${REDACTED}` : option
}

/** The view leaves out options it parses but does not print, and false booleans. */
const NOT_PRINTED = new Set([
  'clientname',
  'pam_use_hostname',
  'compat_realm',
  'upn_username',
  'ldapurl'
])

function displayOptions(rule: HbaRule): string[] {
  return Object.entries(rule.options)
    .filter(([key, value]) => !NOT_PRINTED.has(key) && value !== 'false')
    .map(([key, value]) => `${key}=${value}`)
    .sort()
}

function pgNetwork(address: string | null, netmask: string | null): string {
  if (address === null || netmask === null) return `${String(address)} ${String(netmask)}`
  // Our own reading of the numbers: ipaddr.js turns ::a.b.c.d into ::ffff:a.b.c.d.
  const ip = parseNumericHost(address)?.bytes ?? []
  const mask = parseNumericHost(netmask)?.bytes ?? []
  let prefix = 0
  for (const byte of mask) {
    let b = byte
    while (b & 0x80) {
      prefix++
      b = (b << 1) & 0xff
    }
    if (byte !== 0xff) break
  }
  const network = ip.map((b, i) => b & maskByte(prefix, i))
  return `${ipaddr.fromByteArray(network).toNormalizedString()}/${prefix}`
}

function normalCidr(cidr: string): string {
  const [ip, prefix] = ipaddr.parseCIDR(cidr)
  return `${ip.toNormalizedString()}/${prefix}`
}

function maskByte(prefix: number, index: number): number {
  const bits = Math.min(8, Math.max(0, prefix - index * 8))
  return (0xff00 >> bits) & 0xff
}

const EDGE_CASES: (string | Uint8Array)[] = [
  'host al"l" "all",+x,"+y" 10.1.2.3/8 md5\n',
  'host all all 10.0.0.1 \\\n 255.0.0.0 trust\nlocal all all trust # x \\\nlocal all all md5\n',
  '\ufeffhost all all ::1/128 trust\nlocal all all trust\n',
  'host all all 10/8 trust\nhost all all 0x7f.1 255.255.255.255 trust\nhost all all 010.0.0.0/+8 trust\n',
  'host "x y","a""b","" all all trust\nhost "unterminated all all trust\n',
  'host @ all all trust\nhost @"nofile" all all trust\nhost "@nofile" all all trust\n',
  'host @dblist,q @users all trust\nhost @empty all all trust\nhost all all all @meth\n',
  'host ab#c all all trust\nhost "a#b" all all trust\nhost\ta\rall all trust\r\n',
  'host all all all trust \\\\\n\nhost all all all trust\\\n\\\n\n',
  Buffer.from('host a\0b all all trust\nhost\ta all all trust\nlocal all all trust\n'),
  Buffer.from('local all all trust\nhost \xff\xfe all all md5\n', 'latin1'),
  'include foo\nlocal /^x$ all trust\nlocal all all sspi\nlocal all all bsd\nlocal all all gss\n',
  'host all all all gss include_realm=1 krb_realm=X map=m\nhost all all all gss include_realm=true\n',
  'hostssl all all all cert clientcert=verify-ca\nhostssl all all all md5 clientcert=bogus\n',
  'host all all samehost md5 clientcert=verify-full\nhostssl all all all md5 clientname=CN clientcert=verify-ca\n',
  'host all all all ldap ldapserver=x ldapbasedn=dc=x ldaptls=1 ldapport=636\n',
  'host all all all ldap ldapurl=ldap://h/dc=x??sub?(uid=x)\nhost all all all ldap ldapurl=ldaps://h:1636/dc=x?uid?one\n',
  'host all all all ldap ldapurl=ldap://h\nhost all all all ldap ldapurl=ldap://h/dc=x??one ldapbinddn=q\n',
  'host all all all ldap "ldapurl=ldap://h:99/dc%3Dx??one"\nhost all all all ldap ldapurl=ldap:///dc=x?cn?one\n',
  'host all all all ldap ldapurl=http://h/dc=x\nhost all all all ldap ldapurl=ldapi://h/dc=x\n',
  'host all all all ldap ldapurl=ldap://h:abc/dc=x\nhost all all all ldap ldapurl=ldap://h/dc=x??bogus\n',
  'host all all all ldap ldapurl=ldap://h/dc=x?a?one?(f)?,\nhost all all all ldap ldapurl=ldap://[::1]:389/dc=x\n',
  'host all all all ldap ldapprefix=x ldapbasedn=y\nhost all all all ldap ldapsuffix=x\n',
  'host all all all ldap ldapbasedn=x ldapscheme=foo\nhost all all all ldap ldapbasedn=x ldapport=0x10\n',
  'host all all all ldap ldapbasedn=x ldapport=" 12"\n',
  'host all all all radius radiusservers=127.0.0.1 radiussecrets=a,b\n',
  'host all all all radius radiusservers="127.0.0.1,127.0.0.2" radiussecrets="a, b" radiusports=1812\n',
  'host all all all radius radiusservers=127.0.0.1 radiussecrets=x radiusports=0\n',
  'host all all all radius radiusservers=127.0.0.1 radiussecrets=\n',
  'host all all all radius radiusservers="127.0.0.1,,127.0.0.2" radiussecrets=x\n',
  'host all all all pam pamservice=x pam_use_hostname=1\nlocal all all ident map=x\nhost all all all peer\n',
  'local all all trust foo=bar\nlocal all all peer map=\nlocal all all peer =x\nlocal all all peer map=a=b\n',
  'host all all 10.0.0.0/33 trust\nhost all all 10.0.0.0 255.255.0.0.0 trust\nhost all all 10.0.0.0 ::ffff trust\n',
  'host all all 10.0.0.0 trust\nhost all all myhost/24 trust\nhost all all 10.0.0.0/ trust\nhost all all ::1 trust\n',
  'host all all 10.0.0.0\nhost all all\nlocal all\nlocal\n',
  'host all all fe80::1%lo/64 trust\nhost all all 10.0.0.0,10.1.0.0 trust\nhost all all 1.2.3.4/-0 trust\n',
  'host all all ::ffff:1.2.3.4/128 trust\nhost all all 0.0.0.0 0.255.0.255 trust\nhost all all "10.0.0.0/ 8" trust\n',
  'host all all "all" trust\nhost all all "samehost" trust\nhostgssenc all all all gss include_realm=0\n',
  'hostgssenc all all all gss\nhostnogssenc all all 192.168.0.0/16 scram-sha-256\nhostssl all all all md5\n',
  'host all all 1.2.3.4.5 trust\nhost all all 300.1.1.1 trust\nhost all all ::ffff:01.2.3.4/128 trust\n',
  'host all all 0:0:0:0:0:0:0:1/128 trust\nhost all all 00001::/16 trust\nhost all all 1::2::3/64 trust\n',
  'host all all ::1.2.3.4/128 trust\nhost all all 1:2:3:4:5:6:7:8::/128 trust\nhost all all ::/0 reject\n',
  'host all all 0.0.0.0/0 md5\nhost all all 0.0.0.0 0.0.0.0 md5\nhost all all 08.0.0.0/8 md5\n',
  'host all all 0x/8 md5\nhost all all 4294967295/32 md5\nhost all all 4294967296/32 md5\n',
  'host all all 1.16777215/32 md5\nhost all all 1.2.65535/32 md5\nhost all all 1.2.65536/32 md5\n',
  'HOST all all all md5\n"host" all all all md5\nhost all all all "md5"\nhost all all all MD5\n',
  'host all all all scram-sha-256 "map=a b"\nhost all all all md5 noequals\n',
  'host all all ::1%eth0/128 trust\nhost all all ::1%5/128 trust\nhost all all 1.2.3.4%1/32 trust\n',
  'host all all " 10.0.0.0/8" trust\nhost all all "10.0.0.0 " 255.0.0.0 trust\nhost all all 10.0.0.0 " 255.0.0.0" md5\n',
  'local "all",\t"db" "+g",+h,"u""v" trust\nlocal all, all trust\nlocal ,all ,all, trust\n'
]

const pick = <T>(...values: T[]): fc.Arbitrary<T> => fc.constantFrom(...values)

/** Mostly values PostgreSQL accepts, now and then one it rejects. */
const mostly = (good: string[], odd: string[]): fc.Arbitrary<string> =>
  odd.length === 0
    ? pick(...good)
    : fc.oneof({ weight: 8, arbitrary: pick(...good) }, { weight: 1, arbitrary: pick(...odd) })

const DATABASES = mostly(
  [
    'all',
    'sameuser',
    'samerole',
    'samegroup',
    'replication',
    '"all"',
    '"replication"',
    'db1',
    '"my db"',
    '"x""y"',
    '@dblist',
    '@"dblist"',
    '"@dblist"',
    '/^db\\d+$',
    '+notgroup',
    'DB_Upper',
    'ünï'
  ],
  ['""', '@empty', '@missing', '"a,b"', '@']
)
const USERS = mostly(
  ['all', '"all"', 'u1', '+grp', '"+grp"', 'sameuser', '@users', '"u#1"', 'postgres', '"sp ace"'],
  ['@missing', '""']
)
const ADDRESSES = mostly(
  [
    'all',
    '"all"',
    'samehost',
    'samenet',
    '"samenet"',
    '127.0.0.1/32',
    '127.0.0.0/8',
    '127.0.0.0/7',
    '10.0.0.0/8',
    '10.1.2.3/8',
    '192.168.0.0/16',
    '0.0.0.0/0',
    '::1/128',
    '::/0',
    'fe80::/10',
    'fc00::/7',
    '2001:db8::/32',
    '::ffff:10.0.0.0/104',
    '10.0.0.0 255.0.0.0',
    '10.0.0.0 255.255.0.0',
    '0.0.0.0 0.0.0.0',
    '10.0.0.1 255.0.255.0',
    '::1 ffff:ffff::',
    'localhost',
    '.example.com',
    'db.example.com',
    '10/8',
    '0x0a.1/16',
    '172.16.0.0/12',
    '100.64.0.0/10',
    '1.2.3.4.5'
  ],
  [
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/',
    'myhost/24',
    '10.0.0.0',
    '10.0.0.0 ffff::',
    '10.0.0.0/8,10.1.0.0/16',
    '300.1.1.1/8'
  ]
)
const ODD_METHODS = ['sspi', 'bsd', 'bogus', '"trust"', 'MD5', 'peer', 'cert', 'gss']
const METHODS: Record<string, string[]> = {
  local: [
    'trust',
    'md5',
    'scram-sha-256',
    'password',
    'peer',
    'ident',
    'reject',
    'pam',
    'ldap',
    'radius'
  ],
  host: [
    'trust',
    'md5',
    'scram-sha-256',
    'password',
    'ident',
    'reject',
    'gss',
    'pam',
    'ldap',
    'radius'
  ],
  hostssl: ['trust', 'md5', 'scram-sha-256', 'cert', 'gss', 'ldap', 'reject']
}
const OPTIONS: Record<string, string[]> = {
  gss: [
    'include_realm=0',
    'include_realm=1',
    'krb_realm=EXAMPLE.COM',
    'map=m1',
    'include_realm=true'
  ],
  ident: ['map=m1', 'map=""'],
  peer: ['map=m1'],
  cert: ['map=m1', 'clientname=DN', 'clientcert=verify-full'],
  pam: ['pamservice=postgresql', 'pam_use_hostname=1', 'pamservice=x pam_use_hostname=0'],
  ldap: [
    'ldapserver=ldap.example.com ldapbasedn="dc=example,dc=com"',
    'ldapserver=h ldapprefix="cn=" ldapsuffix=", dc=example"',
    'ldapurl="ldap://ldap.example.com/dc=example,dc=com?uid?sub"',
    'ldapurl=ldaps://h/dc=x',
    'ldapurl=ldap://h:3389/dc=x??one ldapbinddn=cn=x',
    'ldapbasedn=x ldapsearchattribute=uid',
    'ldapbasedn=x ldapsearchfilter=(uid=$username)',
    'ldapserver=h ldaptls=1 ldapport=389 ldapbasedn=o=x',
    'ldapscheme=ldaps ldapbasedn=x',
    'ldapbinddn=cn=admin ldapbindpasswd=secret ldapbasedn=x'
  ],
  radius: [
    'radiusservers=127.0.0.1 radiussecrets=s',
    'radiusservers="127.0.0.1,127.0.0.2" radiussecrets="a,b"',
    'radiusservers=127.0.0.1 radiussecrets=s radiusports=1812',
    'radiusservers=127.0.0.1 radiussecrets=s radiusidentifiers=i'
  ]
}
const ODD_OPTIONS = [
  'clientcert=verify-ca',
  'clientcert=1',
  'clientname=CN',
  'foo=bar',
  'noequals',
  '"map=a b"',
  'ldapport=abc ldapbasedn=x',
  'radiussecrets=s',
  'radiusservers=127.0.0.1 radiussecrets="a,b,c"',
  'radiusservers=127.0.0.1 radiussecrets=s radiusports=0',
  'ldapbasedn=x ldapsearchattribute=uid ldapsearchfilter=(uid=$username)',
  'ldapurl=ldap://h',
  'include_realm=1'
]

const listOf = (items: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(fc.array(items, { minLength: 1, maxLength: 3 }), pick(',', ', ', ',\t'))
    .map(([list, sep]) => list.join(sep))

const typeAndMethod: fc.Arbitrary<[string, string, string]> = fc
  .oneof(
    {
      weight: 20,
      arbitrary: pick('local', 'host', 'hostssl', 'hostnossl', 'hostgssenc', 'hostnogssenc')
    },
    { weight: 1, arbitrary: pick('HOST', 'hosts', '"host"', 'include') }
  )
  .chain((type) => {
    const methods = METHODS[type] ?? METHODS.host ?? []
    return fc.tuple(fc.constant(type), mostly(methods, ODD_METHODS))
  })
  .chain(([type, method]) => {
    const own = OPTIONS[method] ?? []
    const options =
      own.length > 0 && (method === 'ldap' || method === 'radius')
        ? mostly(own, ODD_OPTIONS)
        : fc.oneof(
            { weight: 6, arbitrary: fc.constant('') },
            {
              weight: own.length > 0 ? 3 : 0,
              arbitrary: own.length > 0 ? pick(...own) : fc.constant('')
            },
            { weight: 1, arbitrary: pick(...ODD_OPTIONS) }
          )
    return fc.tuple(fc.constant(type), fc.constant(method), options)
  })

const ruleLine: fc.Arbitrary<string> = fc
  .record({
    typeAndMethod,
    databases: listOf(DATABASES),
    users: listOf(USERS),
    address: ADDRESSES,
    seps: fc.array(pick(' ', '\t', '   ', ' \t '), { minLength: 6, maxLength: 6 }),
    trailing: pick('', '', ' # trailing', '#x', ' ', '\t# "quoted"'),
    continued: fc.nat({ max: 12 })
  })
  .map((r) => {
    const [type, method, options] = r.typeAndMethod
    const fields = [type, r.databases, r.users, ...(type === 'local' ? [] : [r.address]), method]
    if (options !== '') fields.push(options)
    let text = fields[0] ?? ''
    fields.slice(1).forEach((field, i) => {
      const sep = r.seps[i] ?? ' '
      text += (i === r.continued ? ' \\\n' : '') + sep + field
    })
    return text + r.trailing
  })

const hbaFile: fc.Arbitrary<string> = fc
  .record({
    lines: fc.array(
      fc.oneof(
        { weight: 8, arbitrary: ruleLine },
        { weight: 1, arbitrary: pick('', '# comment', '   # "quoted # not"', '\t') }
      ),
      { minLength: 1, maxLength: 12 }
    ),
    crlf: fc.boolean(),
    finalNewline: fc.boolean()
  })
  .map((f) => {
    const text = f.lines.join('\n') + (f.finalNewline ? '\n' : '')
    return f.crlf ? text.replace(/\n/g, '\r\n') : text
  })

/** Lines of loosely related pieces: quoting, commas, comments and continuations at random. */
const soupField = fc
  .array(
    fc.constantFrom(
      'all',
      '"all"',
      'db',
      '"d b"',
      '+g',
      '"+g"',
      '@dblist',
      '@users',
      '@"meth"',
      '10.0.0.0/8',
      '10.0.0.1',
      '255.0.0.0',
      '::1/128',
      'samehost',
      'md5',
      'trust',
      'peer',
      'map=x',
      'ldap',
      'ldapbasedn=x',
      '"',
      '""',
      'ü',
      '='
    ),
    { minLength: 1, maxLength: 2 }
  )
  .map((pieces) => pieces.join(''))
  .filter((field) => field.length > 0)

const tokenSoup: fc.Arbitrary<string> = fc
  .array(
    fc
      .tuple(
        fc.constantFrom('host', 'local', 'hostssl', 'hostnossl', '"local"', 'ho"st"'),
        fc.array(
          fc.tuple(
            fc.oneof(
              { weight: 8, arbitrary: fc.constant(' ') },
              {
                weight: 3,
                arbitrary: fc.constantFrom('\t', ',', ', ', ' ,', '  ', '\r', ' \\\n', ' #', '"')
              }
            ),
            soupField
          ),
          { minLength: 2, maxLength: 6 }
        )
      )
      .map(([type, rest]) => type + rest.map(([sep, field]) => sep + field).join('')),
    { minLength: 1, maxLength: 8 }
  )
  .map((lines) => lines.join('\n') + '\n')
