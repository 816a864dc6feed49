import { describe, expect, it } from 'vitest'
import { sniffConfigKind } from '../../src/parse/sniff.js'

const known = (name: string): boolean =>
  ['ssl', 'port', 'max_connections', 'listen_addresses'].includes(name)

describe('sniffConfigKind', () => {
  it('recognises pg_hba.conf records', () => {
    expect(
      sniffConfigKind(
        '# comment\nlocal all all peer\nhost all all 10.0.0.0/8 scram-sha-256\n',
        known
      )
    ).toBe('hba')
  })

  it('recognises postgresql.conf assignments with or without equals signs', () => {
    expect(sniffConfigKind("listen_addresses = '*'\nport 5432\nmax_connections=100\n", known)).toBe(
      'postgresql'
    )
  })

  it('ignores other .conf files such as nginx or supervisord configs', () => {
    expect(sniffConfigKind('server {\n  listen 80;\n}\n', known)).toBeUndefined()
    expect(sniffConfigKind('[program:x]\ncommand=/bin/true\n', known)).toBeUndefined()
  })

  it('says nothing about a file with only comments', () => {
    expect(sniffConfigKind('# ssl = on\n\n', known)).toBeUndefined()
  })
})
