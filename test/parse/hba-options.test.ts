import { describe, expect, it } from 'vitest'
import { parseHbaOptions } from '../../src/parse/hba-options.js'
import type { HbaToken } from '../../src/parse/hba.js'

/** Options as the tokenizer hands them over: quotes already gone, one token per option. */
const tokens = (texts: string[]): HbaToken[] =>
  texts.map((text, i) => ({ text, quoted: false, line: 1, column: 30 + i * 10 }))

const parse = (method: string, texts: string[] = [], type = 'host', major = 16) =>
  parseHbaOptions(tokens(texts), { type, method, major })

const options = (method: string, texts: string[] = [], type = 'host') => {
  const result = parse(method, texts, type)
  return result.ok ? result.options : result.message
}

describe('parseHbaOptions', () => {
  it('adds the defaults PostgreSQL adds', () => {
    expect(options('gss')).toEqual({ include_realm: 'true' })
    expect(options('cert', [], 'hostssl')).toEqual({ clientcert: 'verify-full' })
    expect(options('ldap', ['ldapbasedn=dc=x'])).toEqual({ ldapbasedn: 'dc=x', ldapscope: '2' })
  })

  it('reads booleans as PostgreSQL does: only 1 is true', () => {
    expect(options('gss', ['include_realm=0', 'krb_realm=R'])).toEqual({
      include_realm: 'false',
      krb_realm: 'R'
    })
    expect(options('gss', ['include_realm=true'])).toEqual({ include_realm: 'false' })
    expect(options('pam', ['pam_use_hostname=1'])).toEqual({ pam_use_hostname: 'true' })
  })

  it('keeps the last of a repeated option and reads ldapport as a number', () => {
    expect(options('peer', ['map=a', 'map=b'], 'local')).toEqual({ map: 'b' })
    expect(options('ldap', ['ldapbasedn=x', 'ldapport= 0636'])).toMatchObject({ ldapport: '636' })
  })

  it('splits an ldapurl into the options it stands for', () => {
    expect(options('ldap', ['ldapurl=ldaps://h:1636/dc%3Dx?uid?one'])).toEqual({
      ldapurl: 'ldaps://h:1636/dc%3Dx?uid?one',
      ldapscheme: 'ldaps',
      ldapserver: 'h',
      ldapport: '1636',
      ldapbasedn: 'dc=x',
      ldapsearchattribute: 'uid',
      ldapscope: '1'
    })
    expect(options('ldap', ['ldapurl=ldap:///dc=x'])).toEqual({
      ldapurl: 'ldap:///dc=x',
      ldapscheme: 'ldap',
      ldapport: '389',
      ldapbasedn: 'dc=x'
    })
    // Every option after the URL resets the scope to subtree, as parse_hba_auth_opt does.
    expect(options('ldap', ['ldapurl=ldap://h/dc=x??one', 'ldapbinddn=q'])).toMatchObject({
      ldapscope: '2'
    })
  })

  it('keeps radius lists as written', () => {
    expect(
      options('radius', ['radiusservers=a, b', 'radiussecrets=s', 'radiusports=1812'])
    ).toEqual({ radiusservers: 'a, b', radiussecrets: 's', radiusports: '1812' })
  })

  it('warns about an ldapscheme PostgreSQL only logs, and keeps the rule', () => {
    const result = parse('ldap', ['ldapbasedn=x', 'ldapscheme=foo'])
    expect(result).toMatchObject({
      ok: true,
      warnings: [{ message: 'invalid ldapscheme value: "foo"', token: { text: 'ldapscheme=foo' } }]
    })
  })

  it('names the token at fault, and none when a required option is missing', () => {
    expect(parse('md5', ['foo=bar'])).toMatchObject({
      ok: false,
      message: 'unrecognized authentication option name: "foo"',
      token: { text: 'foo=bar' }
    })
    const missing = parse('radius', ['radiussecrets=s'])
    expect(missing).toMatchObject({
      ok: false,
      message: 'authentication method "radius" requires argument "radiusservers" to be set'
    })
    expect(missing).not.toHaveProperty('token')
  })
})
