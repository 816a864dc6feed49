import ipaddr from 'ipaddr.js'
import type { AddressScope, HbaAddress } from './types.js'

/**
 * The address column of a pg_hba.conf line, read the way PostgreSQL reads it: glibc's
 * `getaddrinfo(AI_NUMERICHOST)` decides whether the text is an IP address (so `10/8`, `0x7f.1`
 * and `010.0.0.0` are addresses, as `inet_aton` reads them), anything else is a host name,
 * and the mask is `strtol` of the text after the first `/` or a second, separate column.
 */

export type IpFamily = 'ipv4' | 'ipv6'

export interface NumericHost {
  family: IpFamily
  /** 4 or 16 bytes, network order. */
  bytes: number[]
}

export type ClassifyResult = { ok: true; address: HbaAddress } | { ok: false; message: string }

/** What glibc's gai_strerror says when AI_NUMERICHOST meets something that is not a number. */
const NOT_NUMERIC = 'Name or service not known'

const ADDRESS_KEYWORDS: Record<string, AddressScope | undefined> = {
  all: 'any',
  samehost: 'samehost',
  samenet: 'samenet'
}

/**
 * Private space: RFC 1918, the RFC 6598 shared (carrier-grade NAT) range and link-local for
 * IPv4; unique-local and link-local for IPv6. None of them is routed on the public Internet,
 * so a rule limited to them only admits clients from inside some organisation's network.
 */
const PRIVATE_V4 = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16'
]
const PRIVATE_V6 = ['fc00::/7', 'fe80::/10']
const LOOPBACK_V4 = ipaddr.IPv4.parseCIDR('127.0.0.0/8')
const LOOPBACK_V6 = ipaddr.IPv6.parse('::1')
const MAPPED_V4 = ipaddr.IPv6.parseCIDR('::ffff:0:0/96')
const privateV4 = PRIVATE_V4.map((c) => ipaddr.IPv4.parseCIDR(c))
const privateV6 = PRIVATE_V6.map((c) => ipaddr.IPv6.parseCIDR(c))

/**
 * Classifies an address column (and the separate mask column when there is one). `quoted`
 * says whether the column was written in double quotes: PostgreSQL then reads `"all"`,
 * `"samehost"` and `"samenet"` as host names. Errors carry PostgreSQL's own wording.
 */
export function classifyAddress(
  address: string,
  netmask?: string,
  options: { quoted?: boolean } = {}
): ClassifyResult {
  const raw = netmask === undefined ? address : `${address} ${netmask}`
  const keyword = options.quoted ? undefined : ADDRESS_KEYWORDS[address]
  if (keyword) return { ok: true, address: { raw, scope: keyword, remote: keyword !== 'samehost' } }

  const slash = address.indexOf('/')
  const hostText = slash < 0 ? address : address.slice(0, slash)
  const host = parseNumericHost(hostText)
  if (!host) {
    if (slash >= 0) {
      return {
        ok: false,
        message: `specifying both host name and CIDR mask is invalid: "${address}"`
      }
    }
    return { ok: true, address: { raw, scope: 'hostname', remote: true } }
  }

  let prefix: number
  if (slash >= 0) {
    const bits = parseCidrBits(address.slice(slash + 1), host.family)
    if (bits === undefined) {
      return { ok: false, message: `invalid CIDR mask in address "${address}"` }
    }
    prefix = bits
  } else {
    if (netmask === undefined)
      return { ok: false, message: 'end-of-line before netmask specification' }
    const mask = parseNumericHost(netmask)
    if (!mask) return { ok: false, message: `invalid IP mask "${netmask}": ${NOT_NUMERIC}` }
    if (mask.family !== host.family)
      return { ok: false, message: 'IP address and mask do not match' }
    // A mask with holes (255.0.255.0) matches a scattered set; the leading ones give the
    // smallest CIDR range that holds it, which is what the scope must be judged on.
    prefix = leadingOnes(mask.bytes)
  }
  return { ok: true, address: describeRange(raw, host, prefix) }
}

/** True when `text` is what getaddrinfo(AI_NUMERICHOST) accepts as an IP address. */
export function isNumericHost(text: string): boolean {
  return parseNumericHost(text) !== undefined
}

/** glibc's getaddrinfo with AI_NUMERICHOST and AF_UNSPEC: inet_aton first, then inet_pton6. */
export function parseNumericHost(text: string): NumericHost | undefined {
  const v4 = inetAton(text)
  if (v4) return { family: 'ipv4', bytes: v4 }
  const percent = text.indexOf('%')
  const v6 = inetPton6(percent < 0 ? text : text.slice(0, percent))
  if (!v6) return undefined
  if (percent >= 0 && !validScope(v6, text.slice(percent + 1))) return undefined
  return { family: 'ipv6', bytes: v6 }
}

/** pg_sockaddr_cidr_mask: `strtol(text, 10)` that must use the whole text, within the family. */
export function parseCidrBits(text: string, family: IpFamily): number | undefined {
  const match = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(text)
  if (!match?.[2]) return undefined
  // `+ 0` turns strtol's "-0" into a plain 0.
  const value = Number(match[2]) * (match[1] === '-' ? -1 : 1) + 0
  const max = family === 'ipv4' ? 32 : 128
  return value >= 0 && value <= max ? value : undefined
}

function describeRange(raw: string, host: NumericHost, prefix: number): HbaAddress {
  const network = host.bytes.map((byte, i) => byte & maskByte(prefix, i))
  const ip = ipaddr.fromByteArray(network)
  const cidr = `${ip.kind() === 'ipv6' ? (ip as ipaddr.IPv6).toRFC5952String() : ip.toString()}/${prefix}`
  const scope = rangeScope(ip, prefix)
  return {
    raw,
    cidr,
    family: host.family,
    prefix,
    scope,
    remote: scope !== 'loopback'
  }
}

function rangeScope(ip: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): AddressScope {
  if (prefix === 0) return 'any'
  if (ip.kind() === 'ipv4') return v4Scope(ip as ipaddr.IPv4, prefix)
  const v6 = ip as ipaddr.IPv6
  // An IPv4 client reaching an IPv6 socket shows up as ::ffff:a.b.c.d.
  if (prefix >= 96 && v6.match(MAPPED_V4)) return v4Scope(v6.toIPv4Address(), prefix - 96)
  if (prefix === 128 && v6.match(LOOPBACK_V6, 128)) return 'loopback'
  return privateV6.some((block) => within(v6, prefix, block)) ? 'private' : 'public'
}

function v4Scope(ip: ipaddr.IPv4, prefix: number): AddressScope {
  if (prefix === 0) return 'any'
  if (within(ip, prefix, LOOPBACK_V4)) return 'loopback'
  return privateV4.some((block) => within(ip, prefix, block)) ? 'private' : 'public'
}

function within<T extends ipaddr.IPv4 | ipaddr.IPv6>(
  ip: T,
  prefix: number,
  block: [T, number]
): boolean {
  return prefix >= block[1] && ip.match(block)
}

function maskByte(prefix: number, index: number): number {
  const bits = Math.min(8, Math.max(0, prefix - index * 8))
  return (0xff00 >> bits) & 0xff
}

function leadingOnes(bytes: number[]): number {
  let count = 0
  for (const byte of bytes) {
    if (byte === 0xff) {
      count += 8
      continue
    }
    let b = byte
    while (b & 0x80) {
      count++
      b = (b << 1) & 0xff
    }
    break
  }
  return count
}

const LIMITS = [0xffffffff, 0xffffff, 0xffff, 0xff]

/** glibc inet_aton, in its "exact" form: 1 to 4 parts, each decimal, 0-octal or 0x-hex. */
function inetAton(text: string): number[] | undefined {
  const parts: number[] = []
  let i = 0
  let value = 0
  for (;;) {
    if (!isDigit(text.charCodeAt(i))) return undefined
    let base = 10
    let digits = false
    value = 0
    if (text[i] === '0') {
      i++
      if (text[i] === 'x' || text[i] === 'X') {
        base = 16
        i++
      } else {
        base = 8
        digits = true
      }
    }
    for (;;) {
      const code = text.charCodeAt(i)
      const digit = isDigit(code) ? code - 48 : base === 16 ? hexValue(code) : -1
      if (digit < 0 || digit >= base) {
        if (base === 8 && isDigit(code)) return undefined
        break
      }
      value = value * base + digit
      if (value > 0xffffffff) return undefined
      digits = true
      i++
    }
    if (!digits) return undefined
    if (text[i] !== '.') break
    if (parts.length > 2 || value > 0xff) return undefined
    parts.push(value)
    i++
  }
  if (i !== text.length) return undefined
  const limit = LIMITS[parts.length]
  if (limit === undefined || value > limit) return undefined
  const bytes = [...parts]
  for (let shift = (3 - parts.length) * 8; shift >= 0; shift -= 8) {
    bytes.push(Math.floor(value / 2 ** shift) & 0xff)
  }
  return bytes
}

/** glibc inet_pton(AF_INET6): at most 4 hex digits a group, one `::`, a dotted quad at the end. */
function inetPton6(text: string): number[] | undefined {
  const out: number[] = []
  let i = 0
  const end = text.length
  if (end === 0) return undefined
  if (text.startsWith(':')) {
    if (!text.startsWith('::')) return undefined
    i++
  }
  let gap = -1
  let groupStart = i
  let seen = 0
  let value = 0
  while (i < end) {
    const ch = text[i++]
    const digit = hexValue(text.charCodeAt(i - 1))
    if (digit >= 0) {
      if (seen === 4) return undefined
      value = (value << 4) | digit
      seen++
      continue
    }
    if (ch === ':') {
      groupStart = i
      if (seen === 0) {
        if (gap >= 0) return undefined
        gap = out.length
        continue
      }
      if (i === end || out.length + 2 > 16) return undefined
      out.push(value >> 8, value & 0xff)
      seen = 0
      value = 0
      continue
    }
    if (ch === '.' && out.length + 4 <= 16) {
      const quad = inetPton4(text.slice(groupStart))
      if (!quad) return undefined
      out.push(...quad)
      seen = 0
      break
    }
    return undefined
  }
  if (seen > 0) {
    if (out.length + 2 > 16) return undefined
    out.push(value >> 8, value & 0xff)
  }
  if (gap >= 0) {
    if (out.length === 16) return undefined
    out.splice(gap, 0, ...new Array<number>(16 - out.length).fill(0))
  }
  return out.length === 16 ? out : undefined
}

/** glibc inet_pton4: exactly four decimal parts, no leading zeros. */
function inetPton4(text: string): number[] | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const bytes: number[] = []
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined
    const value = Number(part)
    if (value > 255) return undefined
    bytes.push(value)
  }
  return bytes
}

/**
 * glibc __inet6_scopeid_pton: a decimal index, or an interface name on link-local addresses.
 * Whether the interface exists depends on the server; it is assumed to.
 */
function validScope(bytes: number[], scope: string): boolean {
  if (/^\d+$/.test(scope)) return Number(scope) <= 0xffffffff
  const linkLocal = bytes[0] === 0xfe && ((bytes[1] ?? 0) & 0xc0) === 0x80
  const multicastLocal = bytes[0] === 0xff && [1, 2].includes((bytes[1] ?? 0) & 0x0f)
  return (linkLocal || multicastLocal) && scope.length > 0
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 102) return code - 87
  if (code >= 65 && code <= 70) return code - 55
  return -1
}
