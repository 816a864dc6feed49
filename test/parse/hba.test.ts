import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  parseHba,
  type HbaIncludeLine,
  type HbaLine,
  type HbaParseOptions,
  type HbaReadResult
} from '../../src/parse/hba.js'

const parse = (text: string | Uint8Array, options: Partial<HbaParseOptions> = {}) =>
  parseHba(text, 'pg_hba.conf', { major: 16, ...options })

const rules = (text: string | Uint8Array, options: Partial<HbaParseOptions> = {}): HbaLine[] =>
  parse(text, options).entries.filter((e): e is HbaLine => e.kind === 'rule')

const texts = (line: HbaLine | undefined, column: 'databases' | 'users') =>
  line?.[column].map((t) => (t.quoted ? `"${t.text}"` : t.text))

/** "line: message" for every diagnostic. */
const messages = (text: string | Uint8Array, options: Partial<HbaParseOptions> = {}) =>
  parse(text, options).diagnostics.map((d) => `${String(d.location?.line)}: ${d.message}`)

describe('parseHba tokens', () => {
  it('splits fields on blanks and lists on commas, with or without a blank after the comma', () => {
    const [rule] = rules('host\tdb1,db2, db3 ,x  10.0.0.0/8 md5\n')
    // "db3 ,x": the blank ends the field, so ",x" starts the next one (users).
    expect(texts(rule, 'databases')).toEqual(['db1', 'db2', 'db3'])
    expect(texts(rule, 'users')).toEqual(['x'])
    expect(rule?.address).toBe('10.0.0.0/8')
  })

  it('keeps blanks, commas and # inside double quotes and reads "" as a quote', () => {
    const [rule] = rules('local "my db","a,b","x""y","#1","" all trust # comment\n')
    expect(texts(rule, 'databases')).toEqual(['"my db"', '"a,b"', '"x"y"', '"#1"', '""'])
  })

  it('calls a token quoted only when the quote comes first, as PostgreSQL does', () => {
    const [rule] = rules('local al"l","all" all trust\n')
    expect(rule?.databases.map((t) => [t.text, t.quoted])).toEqual([
      ['all', false],
      ['all', true]
    ])
  })

  it('ends a line at an unquoted #', () => {
    expect(messages('host ab#c all all trust\n')).toEqual([
      '1: end-of-line before role specification'
    ])
  })

  it('reads CRLF files and a CR between tokens as a blank', () => {
    const found = rules('local all all trust\r\nhost\ra\rall all trust\r\n')
    expect(found.map((r) => r.location.line)).toEqual([1, 2])
    expect(texts(found[1], 'databases')).toEqual(['a'])
  })

  it('joins a line ending in a backslash with the next, and counts both lines', () => {
    const found = rules('host all all 10.0.0.1 \\\n    255.0.0.0 trust\nlocal all all md5\n')
    expect(found.map((r) => [r.location.line, r.netmask])).toEqual([
      [1, '255.0.0.0'],
      [3, undefined]
    ])
  })

  it('continues a comment too, which swallows the next line', () => {
    expect(
      rules('local all all trust # note \\\nlocal all all md5\n').map((r) => r.method)
    ).toEqual(['trust'])
  })

  it('strips only one backslash of two and keeps the other in the line', () => {
    expect(messages('host all all all trust \\\\\n\n')).toEqual([
      '1: authentication option not in name=value format: \\'
    ])
  })

  it('has no continuation before PostgreSQL 14', () => {
    expect(messages('local all all \\\ntrust\n', { major: 13 })).toEqual([
      '1: invalid authentication method "\\"',
      '2: invalid connection type "trust"'
    ])
  })

  it('keeps a UTF-8 byte order mark as part of the first word, as PostgreSQL does', () => {
    expect(messages('\ufeffhost all all ::1/128 trust\n')).toEqual([
      '1: invalid connection type "\ufeffhost"'
    ])
  })

  it('reads bytes that are not UTF-8 without failing', () => {
    const bytes = Buffer.from('local \xff\xfe all md5\n', 'latin1')
    expect(texts(rules(bytes)[0], 'databases')).toEqual(['\ufffd\ufffd'])
  })

  it('ends a line at a NUL byte and, like fgets, appends the next line to it', () => {
    // PostgreSQL numbers the merged pair as one line, so later lines are off by one.
    const found = rules(Buffer.from('local a\0junk\n all trust\nlocal all all md5\n'))
    expect(found.map((r) => [r.location.line, texts(r, 'databases'), r.method])).toEqual([
      [1, ['a'], 'trust'],
      [2, ['all'], 'md5']
    ])
  })

  it('gives each rule the column of its first word and each token its position', () => {
    const [rule] = rules('\n   local  all  bob  trust\n')
    expect(rule?.location).toEqual({ file: 'pg_hba.conf', line: 2, column: 4 })
    expect(rule?.users[0]).toMatchObject({ line: 2, column: 16 })
  })

  it('counts columns in characters', () => {
    const [rule] = rules('local "ünï" bob trust\n')
    expect(rule?.users[0]?.column).toBe(13)
  })
})

describe('parseHba records', () => {
  it.each([
    ['local all all trust', ''],
    ['hosts all all all trust', 'invalid connection type "hosts"'],
    ['host,local all all all trust', 'multiple values specified for connection type'],
    ['local', 'end-of-line before database specification'],
    ['local all', 'end-of-line before role specification'],
    ['host all all', 'end-of-line before IP address specification'],
    ['host all all 10.0.0.0,10.1.0.0 trust', 'multiple values specified for host address'],
    ['host all all 10.0.0.0/33 trust', 'invalid CIDR mask in address "10.0.0.0/33"'],
    ['host all all 10.0.0.0/ trust', 'invalid CIDR mask in address "10.0.0.0/"'],
    [
      'host all all myhost/24 trust',
      'specifying both host name and CIDR mask is invalid: "myhost/24"'
    ],
    ['host all all 10.0.0.0', 'end-of-line before netmask specification'],
    ['host all all 10.0.0.0 trust', 'invalid IP mask "trust": Name or service not known'],
    ['host all all 10.0.0.0 255.0.0.0,255.255.0.0 trust', 'multiple values specified for netmask'],
    ['host all all 10.0.0.0 ffff:: trust', 'IP address and mask do not match'],
    ['host all all all', 'end-of-line before authentication method'],
    ['host all all all md5,trust', 'multiple values specified for authentication type'],
    ['host all all all MD5', 'invalid authentication method "MD5"'],
    ['host all all all sspi', 'invalid authentication method "sspi": not supported by this build'],
    ['host all all all oauth', 'invalid authentication method "oauth"'],
    ['local all all gss', 'gssapi authentication is not supported on local sockets'],
    ['host all all all peer', 'peer authentication is only supported on local sockets'],
    ['host all all all cert', 'cert authentication is only supported on hostssl connections'],
    ['host all all all md5 noequals', 'authentication option not in name=value format: noequals'],
    ['host all all all md5 foo=bar', 'unrecognized authentication option name: "foo"'],
    [
      'host all all all md5 map=x',
      'authentication option "map" is only valid for authentication methods ident, peer, gssapi, sspi, and cert'
    ],
    [
      'host all all all md5 clientcert=verify-full',
      'clientcert can only be configured for "hostssl" rows'
    ],
    ['hostssl all all all md5 clientcert=1', 'invalid value for clientcert: "1"'],
    [
      'hostssl all all all cert clientcert=verify-ca',
      'clientcert can only be set to "verify-full" when using "cert" authentication'
    ],
    ['hostssl all all all md5 clientname=cn', 'invalid value for clientname: "cn"'],
    [
      'host all all all md5 pamservice=x',
      'authentication option "pamservice" is only valid for authentication methods pam'
    ],
    [
      'host all all all md5 include_realm=0',
      'authentication option "include_realm" is only valid for authentication methods gssapi and sspi'
    ],
    [
      'host all all all gss compat_realm=0',
      'authentication option "compat_realm" is only valid for authentication methods sspi'
    ],
    [
      'host all all all ldap',
      'authentication method "ldap" requires argument "ldapbasedn", "ldapprefix", or "ldapsuffix" to be set'
    ],
    ['host all all all ldap ldapbasedn=x ldapport=0x10', 'invalid LDAP port number: "0x10"'],
    [
      'host all all all ldap ldapprefix=x ldapbasedn=y',
      'cannot use ldapbasedn, ldapbinddn, ldapbindpasswd, ldapsearchattribute, ldapsearchfilter, or ldapurl together with ldapprefix'
    ],
    [
      'host all all all ldap ldapbasedn=x ldapsearchattribute=a ldapsearchfilter=b',
      'cannot use ldapsearchattribute together with ldapsearchfilter'
    ],
    [
      'host all all all ldap ldapurl=http://h/dc=x',
      'could not parse LDAP URL "http://h/dc=x": Time limit exceeded'
    ],
    ['host all all all ldap ldapurl=ldapi://h/dc=x', 'unsupported LDAP URL scheme: ldapi'],
    [
      'host all all all ldap ldapurl=ldap://h:x/dc=x',
      'could not parse LDAP URL "ldap://h:x/dc=x": Compare False'
    ],
    [
      'host all all all ldap ldapurl=ldap://h/dc=x??deep',
      'could not parse LDAP URL "ldap://h/dc=x??deep": Strong(er) authentication required'
    ],
    [
      'host all all all radius radiussecrets=s',
      'authentication method "radius" requires argument "radiusservers" to be set'
    ],
    [
      'host all all all radius radiusservers=h',
      'authentication method "radius" requires argument "radiussecrets" to be set'
    ],
    [
      'host all all all radius radiusservers=h radiussecrets="a,b,c"',
      'the number of RADIUS secrets (3) must be 1 or the same as the number of RADIUS servers (1)'
    ],
    [
      'host all all all radius radiusservers=h radiussecrets=s radiusports=0',
      'invalid RADIUS port number: "0"'
    ],
    [
      'host all all all radius radiusservers="a,,b" radiussecrets=s',
      'could not parse RADIUS server list "a,,b"'
    ]
  ])('%s', (line, message) => {
    expect(messages(`${line}\n`)).toEqual(message === '' ? [] : [`1: ${message}`])
  })

  it('words messages like the major it is told', () => {
    expect(messages('host all all all ldap ldapprefix=x ldapbasedn=y\n', { major: 18 })).toEqual([
      '1: cannot mix options for simple bind and search+bind modes'
    ])
    expect(messages('host all all all md5 map=x\n', { major: 18 })).toEqual([
      '1: authentication option "map" is only valid for authentication methods ident, peer, gssapi, sspi, cert, and oauth'
    ])
    expect(
      messages('host all all all oauth issuer=https://x scope=openid\n', { major: 18 })
    ).toEqual([])
    expect(messages('host all all all oauth issuer=https://x\n', { major: 18 })).toEqual([
      '1: authentication method "oauth" requires argument "scope" to be set'
    ])
    expect(messages('hostgssenc all all all md5\n', { major: 11 })).toEqual([
      '1: invalid connection type "hostgssenc"'
    ])
  })

  it('points the error at the token that caused it', () => {
    const [diagnostic] = parse('host   all all 10.0.0.0/33   md5\n').diagnostics
    expect(diagnostic).toEqual({
      code: 'HBA_INVALID',
      level: 'error',
      message: 'invalid CIDR mask in address "10.0.0.0/33"',
      location: { file: 'pg_hba.conf', line: 1, column: 16 }
    })
  })

  it('keeps going after a bad line', () => {
    const result = parse('host all all all bogus\nlocal all all peer\n')
    expect(result.entries).toHaveLength(1)
    expect(result.diagnostics).toHaveLength(1)
  })

  it('turns ident on a local line into peer, as the server does', () => {
    expect(rules('local all all ident map=m\n')[0]).toMatchObject({
      method: 'peer',
      options: { map: 'm' }
    })
  })

  it('warns about hostssl lines only when ssl is known to be off, and keeps them', () => {
    const text = 'hostssl all all all scram-sha-256\n'
    expect(parse(text, { ssl: false })).toMatchObject({
      entries: [{ type: 'hostssl' }],
      diagnostics: [
        {
          code: 'HBA_HOSTSSL_WITHOUT_SSL',
          level: 'warning',
          message: 'hostssl record cannot match because SSL is disabled'
        }
      ]
    })
    expect(parse(text, { ssl: true }).diagnostics).toEqual([])
    expect(parse(text).diagnostics).toEqual([])
  })

  it('reads a bare address as a host name unless it is an unquoted keyword', () => {
    const found = rules('host all all all md5\nhost all all "all" md5\nhost all all samenet md5\n')
    expect(found.map((r) => r.addressInfo?.scope)).toEqual(['any', 'hostname', 'samenet'])
  })

  it('keeps a line whose options PostgreSQL only logs about, with a warning', () => {
    const result = parse('host all all all ldap ldapbasedn=x ldapscheme=foo\n')
    expect(result.entries).toHaveLength(1)
    expect(result.diagnostics).toMatchObject([
      { level: 'warning', message: 'invalid ldapscheme value: "foo"' }
    ])
  })

  it('reads a mask column only after a bare IP address', () => {
    const [rule] = rules('host all all 10.1.2.3 255.255.0.0 md5\n')
    expect(rule).toMatchObject({
      address: '10.1.2.3',
      netmask: '255.255.0.0',
      addressInfo: { raw: '10.1.2.3 255.255.0.0', cidr: '10.1.0.0/16', prefix: 16 }
    })
  })
})

describe('parseHba @file and include', () => {
  const files: Record<string, string> = {
    'admins.txt': 'alice, "+not_a_group"\n# comment\n@nested.txt\n',
    'nested.txt': 'bob\n',
    'empty.txt': '',
    'self.txt': '@self.txt\n',
    'method.txt': 'md5\n'
  }
  const readFile = (ref: string): HbaReadResult => {
    if (ref.startsWith('../'))
      return { ok: false, reason: 'outside', file: ref, message: 'outside' }
    const text = files[ref]
    return text === undefined
      ? { ok: false, reason: 'missing', file: ref, message: 'no such file' }
      : { ok: true, file: ref, source: Buffer.from(text) }
  }

  it('expands @file in place, keeping the reference first', () => {
    const result = parse('host all x,@admins.txt,y 10.0.0.0/8 md5\n', { readFile })
    const [rule] = result.entries as HbaLine[]
    expect(rule?.users.map((t) => [t.text, t.ref ?? t.from ?? ''])).toEqual([
      ['x', ''],
      ['admins.txt', 'file'],
      ['alice', 'admins.txt'],
      ['+not_a_group', 'admins.txt'],
      ['nested.txt', 'file'],
      ['bob', 'nested.txt'],
      ['y', '']
    ])
    expect(rule?.users[3]?.quoted).toBe(true)
    expect(result.files).toEqual(['admins.txt', 'nested.txt'])
  })

  it('expands @file in any field, as PostgreSQL does', () => {
    expect(rules('host all all all @method.txt\n', { readFile })[0]?.method).toBe('md5')
  })

  it('drops a field that an empty @file leaves empty', () => {
    // The users become "10.0.0.0/8", the address "md5" (a host name), and the method is gone.
    expect(messages('host @empty.txt all 10.0.0.0/8 md5\n', { readFile })).toEqual([
      '1: end-of-line before authentication method'
    ])
  })

  it('reads "@x" and a lone @ as names', () => {
    const [rule] = rules('local "@admins.txt",@ all trust\n', { readFile })
    expect(texts(rule, 'databases')).toEqual(['"@admins.txt"', '@'])
  })

  it('words a missing @file like the major it is told', () => {
    expect(messages('local @nope.txt all trust\n', { readFile })).toEqual([
      '1: could not open file "nope.txt": No such file or directory'
    ])
    expect(messages('local @nope.txt all trust\n', { readFile, major: 15 })).toEqual([
      '1: could not open secondary authentication file "@nope.txt" as "nope.txt": No such file or directory'
    ])
  })

  it('stops a file that names itself', () => {
    expect(messages('local @self.txt all trust\n', { readFile })).toEqual([
      '1: could not open file "self.txt": maximum nesting depth exceeded'
    ])
  })

  it('keeps an unread @file in the user column and gives up on it elsewhere', () => {
    const result = parse('local all @../x.txt trust\nlocal all all @../m.txt\n', { readFile })
    expect(result.entries).toHaveLength(1)
    expect((result.entries[0] as HbaLine).users).toMatchObject([
      { text: '../x.txt', ref: 'unresolved' }
    ])
    expect(result.diagnostics.map((d) => `${d.code} ${String(d.location?.line)}`)).toEqual([
      'OUTSIDE_ROOT 1',
      'OUTSIDE_ROOT 2',
      'HBA_NOT_CHECKED 2'
    ])
  })

  it('leaves @file unexpanded without a reader', () => {
    const [rule] = rules('local all @admins.txt trust\n')
    expect(rule?.users).toMatchObject([{ text: 'admins.txt', ref: 'unresolved' }])
  })

  it('hands include lines back from PostgreSQL 16 on', () => {
    const text =
      'include a.conf\ninclude_if_exists "with space.conf"\ninclude_dir conf.d\ninclude a b\n'
    const result = parse(text)
    const includes = result.entries.filter((e): e is HbaIncludeLine => e.kind !== 'rule')
    expect(includes.map((e) => [e.kind, e.path, e.location.line])).toEqual([
      ['include', 'a.conf', 1],
      ['include_if_exists', 'with space.conf', 2],
      ['include_dir', 'conf.d', 3]
    ])
    expect(result.diagnostics.map((d) => d.message)).toEqual(['invalid connection type "include"'])
    expect(parse('include a.conf\n', { major: 15 }).diagnostics.map((d) => d.message)).toEqual([
      'invalid connection type "include"'
    ])
  })
})

describe('parseHba on arbitrary input', () => {
  const alphabet = fc.constantFrom(
    ...'host local all "#,\\@+/ \t\r\n0123456789.:abcdef=ldap gss md5 trust'.split(''),
    'ü',
    '\0'
  )
  const hbaLike = fc.array(alphabet, { maxLength: 300 }).map((chars) => chars.join(''))

  /** Every location is on a line of the input and within it. */
  const locationsInside = (input: Uint8Array, result: ReturnType<typeof parse>): boolean => {
    const lines = Buffer.from(input).toString('utf8').split('\n')
    const inside = (line: number, column: number): boolean =>
      line >= 1 &&
      line <= lines.length &&
      column >= 1 &&
      column <= [...(lines[line - 1] ?? '')].length + 1
    return (
      result.entries.every((e) => inside(e.location.line, e.location.column)) &&
      result.diagnostics.every(
        (d) => d.location === undefined || inside(d.location.line, d.location.column)
      )
    )
  }

  it('never throws on text shaped like pg_hba.conf, and stays inside it', () => {
    fc.assert(
      fc.property(
        hbaLike,
        fc.constantFrom(13, 15, 16, 18),
        fc.option(fc.boolean()),
        (text, major, ssl) => {
          const input = Buffer.from(text)
          const result = parse(input, { major, ...(ssl === null ? {} : { ssl }) })
          expect(locationsInside(input, result)).toBe(true)
        }
      ),
      { numRuns: 2000 }
    )
  })

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
        const result = parse(bytes)
        expect(locationsInside(bytes, result)).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(() => parse(text)).not.toThrow()
      }),
      { numRuns: 2000 }
    )
  })
})
