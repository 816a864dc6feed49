import type { HbaToken } from './hba.js'

/**
 * The `name=value` options of a pg_hba.conf rule, read the way PostgreSQL's parse_hba_auth_opt
 * reads each one and parse_hba_line then checks them per method. Apart from the tokenizer
 * because it follows other code than the line grammar: the per-method rules of hba.c and
 * OpenLDAP's URL parser.
 */

export type HbaOptionsResult =
  | { ok: true; options: Record<string, string>; warnings: HbaOptionWarning[] }
  | { ok: false; message: string; token?: HbaToken; warnings: HbaOptionWarning[] }

/** Something PostgreSQL only logs: the rule is kept. */
export interface HbaOptionWarning {
  message: string
  token: HbaToken
}

/** The rule's connection type and (already mapped) method, which decide what is allowed. */
export interface HbaOptionContext {
  type: string
  method: string
  major: number
}

const LDAP_STRINGS = new Set([
  'ldapserver',
  'ldapbinddn',
  'ldapbindpasswd',
  'ldapsearchattribute',
  'ldapsearchfilter',
  'ldapbasedn',
  'ldapprefix',
  'ldapsuffix'
])

const RADIUS_LISTS: Record<string, string> = {
  radiusservers: 'server',
  radiussecrets: 'secret',
  radiusidentifiers: 'identifiers'
}

/** LDAP_SCOPE_SUBTREE: what parse_hba_auth_opt sets before reading each option. */
const LDAP_SCOPE_SUBTREE = 2

/** parse_hba_auth_opt over every `name=value`, then the checks that follow it. */
export function parseHbaOptions(tokens: HbaToken[], ctx: HbaOptionContext): HbaOptionsResult {
  const { type, method, major } = ctx
  const options: Record<string, string> = {}
  const warnings: HbaOptionWarning[] = []
  const radius: Record<string, string[]> = {}
  let ldapScope = 0
  const fail = (message: string, token?: HbaToken): HbaOptionsResult => ({
    ok: false,
    message,
    ...(token ? { token } : {}),
    warnings
  })
  const onlyFor = (name: string, methods: string, token: HbaToken): HbaOptionsResult =>
    fail(
      `authentication option "${name}" is only valid for authentication methods ${methods}`,
      token
    )

  if (method === 'gss' || method === 'sspi') options.include_realm = 'true'

  for (const token of tokens) {
    const eq = token.text.indexOf('=')
    if (eq < 0) return fail(`authentication option not in name=value format: ${token.text}`, token)
    const name = token.text.slice(0, eq)
    const value = token.text.slice(eq + 1)
    ldapScope = LDAP_SCOPE_SUBTREE
    if (name === 'map') {
      const methods = ['ident', 'peer', 'gss', 'sspi', 'cert', ...(major >= 18 ? ['oauth'] : [])]
      if (!methods.includes(method)) {
        return onlyFor(
          'map',
          major >= 18
            ? 'ident, peer, gssapi, sspi, cert, and oauth'
            : 'ident, peer, gssapi, sspi, and cert',
          token
        )
      }
      options.map = value
    } else if (name === 'clientcert' || name === 'clientname') {
      if (type !== 'hostssl')
        return fail(`${name} can only be configured for "hostssl" rows`, token)
      const allowed = name === 'clientcert' ? ['verify-full', 'verify-ca'] : ['CN', 'DN']
      if (!allowed.includes(value)) return fail(`invalid value for ${name}: "${value}"`, token)
      if (value === 'verify-ca' && method === 'cert') {
        return fail(
          'clientcert can only be set to "verify-full" when using "cert" authentication',
          token
        )
      }
      options[name] = value
    } else if (name === 'pamservice' || name === 'pam_use_hostname') {
      if (method !== 'pam') return onlyFor(name, 'pam', token)
      options[name] = name === 'pamservice' ? value : flag(value)
    } else if (name === 'ldapurl') {
      if (method !== 'ldap') return onlyFor(name, 'ldap', token)
      const url = parseLdapUrl(value)
      if (!url.ok) return fail(url.message, token)
      options.ldapurl = value
      options.ldapscheme = url.scheme
      if (url.host !== undefined) options.ldapserver = url.host
      options.ldapport = String(url.port)
      if (url.dn !== undefined) options.ldapbasedn = url.dn
      if (url.attribute !== undefined) options.ldapsearchattribute = url.attribute
      if (url.filter !== undefined) options.ldapsearchfilter = url.filter
      ldapScope = url.scope
    } else if (name === 'ldaptls') {
      if (method !== 'ldap') return onlyFor(name, 'ldap', token)
      options.ldaptls = flag(value)
    } else if (name === 'ldapscheme') {
      if (method !== 'ldap') return onlyFor(name, 'ldap', token)
      // PostgreSQL logs this and carries on with the value.
      if (value !== 'ldap' && value !== 'ldaps') {
        warnings.push({ message: `invalid ldapscheme value: "${value}"`, token })
      }
      options.ldapscheme = value
    } else if (name === 'ldapport') {
      if (method !== 'ldap') return onlyFor(name, 'ldap', token)
      const port = atoi(value)
      if (port === 0) return fail(`invalid LDAP port number: "${value}"`, token)
      options.ldapport = String(port)
    } else if (LDAP_STRINGS.has(name)) {
      if (method !== 'ldap') return onlyFor(name, 'ldap', token)
      options[name] = value
    } else if (name === 'krb_realm' || name === 'include_realm') {
      if (method !== 'gss' && method !== 'sspi') return onlyFor(name, 'gssapi and sspi', token)
      options[name] = name === 'krb_realm' ? value : flag(value)
    } else if (name === 'compat_realm' || name === 'upn_username') {
      if (method !== 'sspi') return onlyFor(name, 'sspi', token)
      options[name] = flag(value)
    } else if (name in RADIUS_LISTS || name === 'radiusports') {
      if (method !== 'radius') return onlyFor(name, 'radius', token)
      const list = splitGucList(value)
      if (name === 'radiusports') {
        // PostgreSQL's own message for an unparsable port list names the number, not the list.
        if (!list || list.some((p) => atoi(p) === 0)) {
          return fail(`invalid RADIUS port number: "${value}"`, token)
        }
      } else if (!list) {
        return fail(`could not parse RADIUS ${RADIUS_LISTS[name] ?? ''} list "${value}"`, token)
      }
      radius[name] = list
      options[name] = value
    } else if (major >= 18 && ['issuer', 'scope', 'validator'].includes(name)) {
      if (method !== 'oauth') return onlyFor(name, 'oauth', token)
      options[name] = value
    } else if (major >= 18 && name === 'delegate_ident_mapping') {
      if (method !== 'oauth') return onlyFor(name, 'oauth', token)
      options[name] = flag(value)
    } else {
      return fail(`unrecognized authentication option name: "${name}"`, token)
    }
  }

  const missing = (argument: string): HbaOptionsResult =>
    fail(`authentication method "${method}" requires argument "${argument}" to be set`)
  if (method === 'ldap') {
    const has = (name: string): boolean => options[name] !== undefined
    if (has('ldapprefix') || has('ldapsuffix')) {
      const searchOptions = [
        'ldapbasedn',
        'ldapbinddn',
        'ldapbindpasswd',
        'ldapsearchattribute',
        'ldapsearchfilter'
      ]
      if (searchOptions.some(has)) {
        return fail(
          major >= 18
            ? 'cannot mix options for simple bind and search+bind modes'
            : 'cannot use ldapbasedn, ldapbinddn, ldapbindpasswd, ldapsearchattribute, ldapsearchfilter, or ldapurl together with ldapprefix'
        )
      }
    } else if (!has('ldapbasedn')) {
      return fail(
        'authentication method "ldap" requires argument "ldapbasedn", "ldapprefix", or "ldapsuffix" to be set'
      )
    }
    if (has('ldapsearchattribute') && has('ldapsearchfilter')) {
      return fail('cannot use ldapsearchattribute together with ldapsearchfilter')
    }
    if (ldapScope !== 0) options.ldapscope = String(ldapScope)
  }
  if (method === 'radius') {
    const servers = radius.radiusservers?.length ?? 0
    if (servers === 0) return missing('radiusservers')
    const secrets = radius.radiussecrets?.length ?? 0
    if (secrets === 0) return missing('radiussecrets')
    const counts: [string, number, number][] = [
      ['secrets', secrets, 1],
      ['ports', radius.radiusports?.length ?? 0, 0],
      ['identifiers', radius.radiusidentifiers?.length ?? 0, 0]
    ]
    for (const [what, count, least] of counts) {
      if (!(count === servers || (count >= least && count <= 1))) {
        return fail(
          `the number of RADIUS ${what} (${count}) must be 1 or the same as the number of RADIUS servers (${servers})`
        )
      }
    }
  }
  if (method === 'cert') options.clientcert = 'verify-full'
  if (method === 'oauth') {
    if (options.scope === undefined) return missing('scope')
    if (options.issuer === undefined) return missing('issuer')
    if (options.map !== undefined && options.delegate_ident_mapping === 'true') {
      return fail('map cannot be used in combination with delegate_ident_mapping')
    }
  }
  return { ok: true, options, warnings }
}

/** PostgreSQL's boolean options are true only when written `1`. */
function flag(value: string): string {
  return value === '1' ? 'true' : 'false'
}

/** C atoi: leading space, a sign, digits; the result wraps to a 32-bit int like strtol's cast. */
function atoi(text: string): number {
  const match = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(text)
  const digits = match?.[2] ?? ''
  if (digits === '') return 0
  const limit = 2n ** 63n - 1n
  let value = BigInt(digits)
  if (value > limit) value = match?.[1] === '-' ? limit + 1n : limit
  else if (match?.[1] === '-') value = -value
  return Number(BigInt.asIntN(32, value))
}

/** SplitGUCList with a comma: trimmed names, double quotes allowed, no empty names. */
function splitGucList(text: string): string[] | undefined {
  const names: string[] = []
  const space = (c: string | undefined): boolean =>
    c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f'
  let i = 0
  while (space(text[i])) i++
  if (i === text.length) return names
  for (;;) {
    let name: string
    if (text[i] === '"') {
      name = ''
      i++
      for (;;) {
        const end = text.indexOf('"', i)
        if (end < 0) return undefined
        name += text.slice(i, end)
        i = end + 1
        if (text[i] !== '"') break
        name += '"'
        i++
      }
    } else {
      const start = i
      while (i < text.length && text[i] !== ',' && !space(text[i])) i++
      if (i === start) return undefined
      name = text.slice(start, i)
    }
    while (space(text[i])) i++
    names.push(name)
    if (i === text.length) return names
    if (text[i] !== ',') return undefined
    i++
    while (space(text[i])) i++
  }
}

type LdapUrlResult =
  | {
      ok: true
      scheme: string
      host?: string
      port: number
      dn?: string
      attribute?: string
      scope: number
      filter?: string
    }
  | { ok: false; message: string }

/** OpenLDAP's error codes for URLs, as ldap_err2string words them (PostgreSQL prints that). */
const LDAP_URL_ERRORS: Record<string, string> = {
  badScheme: 'Time limit exceeded',
  badEnclosure: 'Size limit exceeded',
  badUrl: 'Compare False',
  badScope: 'Strong(er) authentication required',
  badFilter: 'Partial results and referral received',
  badExtensions: 'Referral'
}

const LDAP_SCOPES: Record<string, number> = {
  base: 0,
  one: 1,
  onelevel: 1,
  sub: 2,
  subtree: 2,
  subord: 3,
  subordinate: 3,
  children: 3
}

/** OpenLDAP's ldap_url_parse as PostgreSQL calls it: default ports, base scope, no empty host. */
function parseLdapUrl(url: string): LdapUrlResult {
  const error = (code: string): LdapUrlResult => ({
    ok: false,
    message: `could not parse LDAP URL "${url}": ${LDAP_URL_ERRORS[code] ?? code}`
  })
  let rest = url
  const enclosed = rest.startsWith('<')
  if (enclosed) rest = rest.slice(1)
  if (rest.slice(0, 4).toLowerCase() === 'url:') rest = rest.slice(4)
  const scheme = /^(ldaps?|ldapi):\/\//i.exec(rest)?.[1]?.toLowerCase()
  if (scheme === undefined) return error('badScheme')
  rest = rest.slice(scheme.length + 3)
  if (enclosed) {
    if (!rest.endsWith('>')) return error('badEnclosure')
    rest = rest.slice(0, -1)
  }
  if (scheme === 'ldapi') return { ok: false, message: 'unsupported LDAP URL scheme: ldapi' }

  let hostPort = rest
  let path: string | undefined
  let novell: string | undefined
  const slash = rest.indexOf('/')
  if (slash >= 0) {
    hostPort = rest.slice(0, slash)
    path = rest.slice(slash + 1)
  } else {
    const question = rest.indexOf('?')
    if (question >= 0) {
      hostPort = rest.slice(0, question)
      novell = rest.slice(question + 1)
    }
  }
  let host = hostPort
  let portText: string | undefined
  let v6 = false
  if (host.startsWith('[')) {
    const close = host.indexOf(']')
    if (close < 0) return error('badUrl')
    const after = host.slice(close + 1)
    const colon = after.indexOf(':')
    if (colon > 0) return error('badUrl')
    if (colon === 0) portText = after.slice(1)
    host = host.slice(1, close)
    v6 = true
  } else {
    const colon = host.indexOf(':')
    if (colon >= 0) {
      portText = host.slice(colon + 1)
      host = host.slice(0, colon)
    }
  }
  let port = 0
  if (portText !== undefined) {
    const text = hexUnescape(portText)
    if (!/^[ \t\n\v\f\r]*[+-]?\d+$/.test(text)) return error('badUrl')
    port = atoi(text)
  }
  if (port === 0) port = scheme === 'ldaps' ? 636 : 389
  host = v6 ? host : hexUnescape(host)
  const result: LdapUrlResult = { ok: true, scheme, port, scope: 0 }
  if (host !== '') result.host = host
  if (novell?.startsWith('?') && novell.length > 1) result.dn = hexUnescape(novell.slice(1))
  if (path === undefined) return result

  const parts = path.split('?')
  if (parts.length > 5) return error('badUrl')
  const [dn = '', attributes, scope, filter, extensions] = parts
  result.dn = hexUnescape(dn)
  if (attributes) {
    const first = hexUnescape(attributes)
      .split(',')
      .find((a) => a !== '')
    if (first !== undefined) result.attribute = first
  }
  if (scope) {
    const value = LDAP_SCOPES[hexUnescape(scope).toLowerCase()]
    if (value === undefined) return error('badScope')
    result.scope = value
  }
  if (filter) {
    const text = hexUnescape(filter)
    if (text === '') return error('badFilter')
    result.filter = text
  }
  if (extensions !== undefined && !extensions.split(',').some((e) => e !== '')) {
    return error('badExtensions')
  }
  return result
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true })

/** ldap_pvt_hex_unescape: %XX decoding; a bad escape empties the whole string. */
function hexUnescape(text: string): string {
  if (!text.includes('%')) return text
  const bytes: number[] = []
  const raw = new TextEncoder().encode(text)
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] ?? 0
    if (b !== 0x25) {
      bytes.push(b)
      continue
    }
    const high = hexValue(raw[i + 1])
    const low = hexValue(raw[i + 2])
    if (high < 0 || low < 0) return ''
    bytes.push(high * 16 + low)
    i += 2
  }
  return decoder.decode(Uint8Array.from(bytes))
}

function hexValue(code: number | undefined): number {
  if (code === undefined) return -1
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 102) return code - 87
  if (code >= 65 && code <= 70) return code - 55
  return -1
}
