import fc from 'fast-check'
import ipaddr from 'ipaddr.js'
import { describe, expect, it } from 'vitest'
import { classifyAddress, parseCidrBits, parseNumericHost } from '../../src/facts/address.js'

const classify = (address: string, netmask?: string, quoted = false) => {
  const result = classifyAddress(address, netmask, { quoted })
  return result.ok ? result.address : result.message
}

const scope = (address: string, netmask?: string): string => {
  const result = classifyAddress(address, netmask)
  return result.ok ? result.address.scope : `error: ${result.message}`
}

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1/32', 'loopback'],
    ['127.0.0.0/8', 'loopback'],
    ['127.0.0.0/7', 'public'],
    ['::1/128', 'loopback'],
    ['::1/127', 'public'],
    ['::ffff:127.0.0.1/128', 'loopback'],
    ['10.0.0.0/8', 'private'],
    ['10.0.0.0/7', 'public'],
    ['172.16.0.0/12', 'private'],
    ['172.16.0.0/11', 'public'],
    ['192.168.1.0/24', 'private'],
    ['100.64.0.0/10', 'private'],
    ['169.254.0.0/16', 'private'],
    ['fd12:3456::/48', 'private'],
    ['fc00::/7', 'private'],
    ['fe80::/10', 'private'],
    ['fe80::1%lo/64', 'private'],
    ['::ffff:10.0.0.0/104', 'private'],
    ['8.8.8.8/32', 'public'],
    ['2001:db8::/32', 'public'],
    ['0.0.0.0/1', 'public'],
    ['0.0.0.0/0', 'any'],
    ['127.0.0.1/0', 'any'],
    ['::/0', 'any'],
    ['::0/0', 'any'],
    ['::ffff:0:0/96', 'any'],
    ['all', 'any'],
    ['samehost', 'samehost'],
    ['samenet', 'samenet'],
    ['db.example.com', 'hostname'],
    ['.example.com', 'hostname'],
    ['localhost', 'hostname'],
    ['300.1.1.1', 'hostname'],
    ['1.2.3.4.5', 'hostname']
  ])('%s is %s', (address, expected) => {
    expect(scope(address)).toBe(expected)
  })

  it.each([
    ['0.0.0.0', '0.0.0.0', 'any'],
    ['10.0.0.0', '255.0.0.0', 'private'],
    ['127.0.0.1', '255.255.255.255', 'loopback'],
    ['::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'loopback'],
    // Holes in the mask: judged on the leading ones, the smallest range that holds the set.
    ['10.0.0.0', '255.0.255.0', 'private'],
    ['10.0.0.0', '0.255.255.255', 'any']
  ])('%s %s is %s', (address, netmask, expected) => {
    expect(scope(address, netmask)).toBe(expected)
  })

  it('computes the network from the mask column and keeps the columns as written', () => {
    expect(classify('10.1.2.3', '255.255.0.0')).toEqual({
      raw: '10.1.2.3 255.255.0.0',
      cidr: '10.1.0.0/16',
      family: 'ipv4',
      prefix: 16,
      scope: 'private',
      remote: true
    })
  })

  it('masks host bits the way PostgreSQL matches them', () => {
    expect(classify('10.1.2.3/8')).toMatchObject({
      raw: '10.1.2.3/8',
      cidr: '10.0.0.0/8',
      prefix: 8
    })
    expect(classify('2001:db8::1/32')).toMatchObject({ cidr: '2001:db8::/32', family: 'ipv6' })
  })

  it('reads IPv4 the way inet_aton does', () => {
    expect(classify('10/8')).toMatchObject({ cidr: '0.0.0.0/8' })
    expect(classify('0x7f.1', '255.255.255.255')).toMatchObject({
      cidr: '127.0.0.1/32',
      scope: 'loopback'
    })
    expect(classify('010.0.0.0/8')).toMatchObject({ cidr: '8.0.0.0/8' })
    expect(classify('10.0.0.0/+8')).toMatchObject({ prefix: 8 })
    expect(classify('1.2.3.4/-0')).toMatchObject({ prefix: 0, scope: 'any' })
  })

  it('is remote unless only this host can match', () => {
    expect(classify('samehost')).toEqual({ raw: 'samehost', scope: 'samehost', remote: false })
    expect(classify('samenet')).toEqual({ raw: 'samenet', scope: 'samenet', remote: true })
    expect(classify('127.0.0.1/32')).toMatchObject({ remote: false })
    expect(classify('host.example.com')).toEqual({
      raw: 'host.example.com',
      scope: 'hostname',
      remote: true
    })
  })

  it('reads quoted keywords as host names', () => {
    expect(classify('all', undefined, true)).toEqual({
      raw: 'all',
      scope: 'hostname',
      remote: true
    })
    expect(classify('samehost', undefined, true)).toMatchObject({ scope: 'hostname' })
  })

  it.each([
    ['10.0.0.0/33', undefined, 'invalid CIDR mask in address "10.0.0.0/33"'],
    ['::/129', undefined, 'invalid CIDR mask in address "::/129"'],
    ['10.0.0.0/', undefined, 'invalid CIDR mask in address "10.0.0.0/"'],
    ['10.0.0.0/8/9', undefined, 'invalid CIDR mask in address "10.0.0.0/8/9"'],
    ['10.0.0.0/0x8', undefined, 'invalid CIDR mask in address "10.0.0.0/0x8"'],
    ['myhost/24', undefined, 'specifying both host name and CIDR mask is invalid: "myhost/24"'],
    ['10.0.0.0', undefined, 'end-of-line before netmask specification'],
    ['10.0.0.0', 'trust', 'invalid IP mask "trust": Name or service not known'],
    ['10.0.0.0', 'ffff::', 'IP address and mask do not match']
  ])('rejects %s %s with PostgreSQL words', (address, netmask, message) => {
    expect(classifyAddress(address, netmask)).toEqual({ ok: false, message })
  })
})

describe('parseNumericHost', () => {
  const bytes = (text: string) => parseNumericHost(text)?.bytes

  it.each([
    ['127.1', [127, 0, 0, 1]],
    ['1.2.65535', [1, 2, 255, 255]],
    ['1.16777215', [1, 255, 255, 255]],
    ['4294967295', [255, 255, 255, 255]],
    ['0X7F.0.0.1', [127, 0, 0, 1]],
    ['0', [0, 0, 0, 0]]
  ])('accepts %s as inet_aton does', (text, expected) => {
    expect(bytes(text)).toEqual(expected)
  })

  it.each([
    '08.0.0.0',
    '0x/8',
    '0x',
    '4294967296',
    '1.2.65536',
    '256.0.0.0',
    '1.2.3.4.',
    '1..2',
    '.1',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '',
    '00001::',
    '1::2::3',
    '1:2:3:4:5:6:7:8::',
    ':1::',
    '::ffff:01.2.3.4',
    '::1.2.3',
    'fe80::1%',
    '::1%eth0',
    'g::'
  ])('rejects %j as getaddrinfo(AI_NUMERICHOST) does', (text) => {
    expect(parseNumericHost(text)).toBeUndefined()
  })

  it('accepts IPv6 as inet_pton does, with an embedded IPv4 at the end', () => {
    expect(bytes('::1.2.3.4')).toEqual([...Array<number>(12).fill(0), 1, 2, 3, 4])
    expect(bytes('::')).toEqual(Array<number>(16).fill(0))
    expect(bytes('1:2:3:4:5:6:7::')).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0])
    expect(bytes('::1%5')).toEqual([...Array<number>(15).fill(0), 1])
    expect(parseNumericHost('fe80::1%eth0')?.family).toBe('ipv6')
  })

  it('reads every dotted quad and every IPv6 text form ipaddr.js writes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
        (octets) => {
          expect(bytes(octets.join('.'))).toEqual(octets)
        }
      )
    )
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }),
        (parts) => {
          const ip = new ipaddr.IPv6(parts)
          for (const text of [
            ip.toNormalizedString(),
            ip.toRFC5952String(),
            parts.map((p) => p.toString(16).padStart(4, '0')).join(':')
          ]) {
            expect(bytes(text)).toEqual(ip.toByteArray())
          }
        }
      )
    )
  })
})

describe('parseCidrBits', () => {
  it('reads the mask length like strtol and checks it against the family', () => {
    expect(parseCidrBits('24', 'ipv4')).toBe(24)
    expect(parseCidrBits(' +08', 'ipv4')).toBe(8)
    expect(parseCidrBits('-0', 'ipv6')).toBe(0)
    expect(parseCidrBits('128', 'ipv6')).toBe(128)
    expect(parseCidrBits('33', 'ipv4')).toBeUndefined()
    expect(parseCidrBits('8 ', 'ipv4')).toBeUndefined()
    expect(parseCidrBits('', 'ipv4')).toBeUndefined()
  })
})
