/**
 * What a container running PostgreSQL says about the server, the same in a Compose service and
 * a Kubernetes pod: the image tag's major version, the official image's environment
 * (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_HOST_AUTH_METHOD, POSTGRES_INITDB_ARGS), the
 * server's command line, the configuration files mounted into it, and how applications beside
 * it connect.
 */
import path from 'node:path'
import type { Location } from '../facts/location.js'
import type {
  AppConnection,
  CommandSetting,
  ImageRef,
  InitdbAuth,
  Located,
  MountedFile,
  PostgresContainer,
  PublishedPort,
  SecretRef
} from '../facts/source-types.js'

// ---------------------------------------------------------------------------------------------
// ${VAR} interpolation (Compose): defaults are applied, other variables stay unresolved
// ---------------------------------------------------------------------------------------------

export interface Interpolated {
  /** With `${VAR:-default}` replaced by the default; unresolved references kept as written. */
  text: string
  /** The value referred to a variable. */
  interpolated: boolean
  /** Some variable had no default: the value is only known where the file is used. */
  unresolved: boolean
}

/** Compose's interpolation: `$$` is a dollar; `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`. */
export function interpolate(raw: string): Interpolated {
  if (!raw.includes('$')) return { text: raw, interpolated: false, unresolved: false }
  let text = ''
  let interpolated = false
  let unresolved = false
  let i = 0
  while (i < raw.length) {
    const c = raw.charAt(i)
    if (c !== '$') {
      text += c
      i++
      continue
    }
    const next = raw[i + 1]
    if (next === '$') {
      text += '$'
      i += 2
      continue
    }
    if (next === '{') {
      const close = closingBrace(raw, i + 2)
      if (close < 0) {
        text += raw.slice(i)
        unresolved = interpolated = true
        break
      }
      const body = raw.slice(i + 2, close)
      interpolated = true
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?([\s\S]*)$/.exec(body)
      const op = m?.[2]
      if (op === ':-' || op === '-') {
        const inner = interpolate(m?.[3] ?? '')
        text += inner.text
        unresolved ||= inner.unresolved
      } else {
        text += raw.slice(i, close + 1)
        unresolved = true
      }
      i = close + 1
      continue
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(raw.slice(i + 1))?.[0]
    if (name) {
      text += '$' + name
      interpolated = unresolved = true
      i += 1 + name.length
      continue
    }
    text += c
    i++
  }
  return { text, interpolated, unresolved }
}

function closingBrace(raw: string, from: number): number {
  let depth = 1
  for (let i = from; i < raw.length; i++) {
    if (raw[i] === '{') depth++
    else if (raw[i] === '}' && --depth === 0) return i
  }
  return -1
}

/** The value names a variable (Compose `${VAR}`/`$VAR`, Kubernetes `$(VAR)`). */
export function isVariable(raw: string): boolean {
  return interpolate(raw).unresolved || /\$\([A-Za-z_][A-Za-z0-9_]*\)/.test(raw)
}

// ---------------------------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------------------------

const POSTGRES_NAME = /postgres|postgis|timescale|pgvector|citus|paradedb|supabase-db|spilo/
const NOT_A_SERVER =
  /exporter|pgadmin|postgrest|bouncer|backup|pgpool|pgweb|pghero|operator|adminer|pgcat|odyssey|cli$|client|gui|dump|migrat|proxy/

/** The image runs a PostgreSQL server: postgres, bitnami/postgresql, postgis/postgis, ... */
export function isPostgresImage(image: ImageRef): boolean {
  const name = image.repository.slice(image.repository.lastIndexOf('/') + 1).toLowerCase()
  return POSTGRES_NAME.test(name) && !NOT_A_SERVER.test(name)
}

/** Parses `[registry/]path[:tag][@digest]` and reads the PostgreSQL major version off the tag. */
export function parseImageRef(written: string, location: Location): ImageRef {
  const resolved = interpolate(written.trim())
  const raw = resolved.text
  const at = raw.indexOf('@')
  const digest = at >= 0 ? raw.slice(at + 1) : undefined
  const name = at >= 0 ? raw.slice(0, at) : raw
  const slash = name.lastIndexOf('/')
  const colon = name.lastIndexOf(':')
  const tag = colon > slash ? name.slice(colon + 1) : undefined
  let repository = colon > slash ? name.slice(0, colon) : name
  repository = repository.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '')
  repository = repository.replace(/^library\//, '')
  const version = tag === undefined ? undefined : versionOfTag(tag)
  const major = version === undefined ? undefined : majorOf(version)
  const image: ImageRef = {
    raw,
    repository,
    floating: major === undefined,
    location
  }
  if (tag !== undefined) image.tag = tag
  if (digest !== undefined) image.digest = digest
  if (version !== undefined) image.version = version
  if (major !== undefined) image.major = major
  if (resolved.interpolated) image.interpolated = true
  return image
}

function versionOfTag(tag: string): string | undefined {
  const pg = /(?:^|[-_.])pg-?([0-9]+(?:\.[0-9]+)*)/.exec(tag)
  if (pg?.[1]) return pg[1]
  return /^v?([0-9]+(?:\.[0-9]+)*)/.exec(tag)?.[1]
}

function majorOf(version: string): number | undefined {
  const first = Number(version.split('.')[0])
  if (!Number.isInteger(first) || first < 7 || first > 99) return undefined
  return first
}

// ---------------------------------------------------------------------------------------------
// Command lines
// ---------------------------------------------------------------------------------------------

export interface Word {
  text: string
  location: Location
}

/**
 * Splits a command string into words the way a POSIX shell (and Compose's shellwords) does:
 * blanks separate, single quotes keep everything, double quotes keep all but `\"`, `\\`, `\$`
 * and `` \` ``, a backslash outside quotes escapes the next character.
 */
export function splitWords(text: string, locate: (offset: number) => Location): Word[] {
  const words: Word[] = []
  let i = 0
  const n = text.length
  while (i < n) {
    while (i < n && /\s/.test(text.charAt(i))) i++
    if (i >= n) break
    const start = i
    let word = ''
    while (i < n && !/\s/.test(text.charAt(i))) {
      const c = text.charAt(i)
      if (c === "'") {
        const close = text.indexOf("'", i + 1)
        const end = close < 0 ? n : close
        word += text.slice(i + 1, end)
        i = end + 1
      } else if (c === '"') {
        i++
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n && '"\\$`'.includes(text.charAt(i + 1))) i++
          word += text.charAt(i)
          i++
        }
        i++
      } else if (c === '\\' && i + 1 < n) {
        word += text.charAt(i + 1)
        i += 2
      } else {
        word += c
        i++
      }
    }
    words.push({ text: word, location: locate(start) })
  }
  return words
}

/** postgres's getopt options that take an argument ("B:bC:c:D:d:EeFf:h:ijk:lN:nOPp:r:S:sTt:v:W:-:"). */
const WITH_ARGUMENT = new Set('BCcDdfhkNprStvW')
/** Short options that set a parameter, and the parameter. */
const SHORT_SETTINGS: Readonly<Record<string, string>> = {
  B: 'shared_buffers',
  h: 'listen_addresses',
  k: 'unix_socket_directories',
  N: 'max_connections',
  p: 'port',
  S: 'work_mem'
}
const FLAG_SETTINGS: Readonly<Record<string, [string, string]>> = {
  F: ['fsync', 'off'],
  i: ['listen_addresses', '*'],
  l: ['ssl', 'on']
}
const SHELL_OPERATORS = new Set(['&&', '||', ';', '|', '&'])
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh'])
const WRAPPERS = new Set(['docker-entrypoint.sh', 'exec', 'gosu', 'su-exec', 'tini', 'dumb-init'])

/**
 * The server settings a container command gives PostgreSQL, or undefined when the command does
 * not start the server. The official image's entrypoint runs `postgres` with the arguments when
 * the first one is an option; `sh -c "... postgres -c ..."` is looked into.
 */
export function readServerCommand(
  words: Word[],
  splitScript?: (word: Word) => Word[]
): CommandSetting[] | undefined {
  let i = 0
  while (i < words.length && WRAPPERS.has(path.posix.basename(words[i]?.text ?? ''))) i++
  const first = words[i]
  // `docker-entrypoint.sh` alone starts the server without arguments.
  if (!first) return i > 0 ? [] : undefined
  const base = path.posix.basename(first.text)
  if (first.text.startsWith('-')) return readServerArgs(words.slice(i))
  if (base === 'postgres' || base === 'postmaster') return readServerArgs(words.slice(i + 1))
  if (SHELLS.has(base) && splitScript) {
    const dashC = words.findIndex((w, k) => k > i && w.text === '-c')
    const script = dashC >= 0 ? words[dashC + 1] : undefined
    if (!script) return undefined
    const inner = splitScript(script)
    // The server in command position: first, or after an operator or a wrapper (not `-U postgres`).
    const start = inner.findIndex((w, k) => {
      const b = path.posix.basename(w.text)
      const before = inner[k - 1]?.text
      const commandPosition =
        before === undefined ||
        SHELL_OPERATORS.has(before) ||
        WRAPPERS.has(path.posix.basename(before))
      return commandPosition && (b === 'postgres' || b === 'postmaster')
    })
    if (start < 0) return undefined
    const end = inner.findIndex((w, k) => k > start && SHELL_OPERATORS.has(w.text))
    return readServerArgs(inner.slice(start + 1, end < 0 ? undefined : end))
  }
  return undefined
}

function readServerArgs(args: Word[]): CommandSetting[] {
  const settings: CommandSetting[] = []
  for (let k = 0; k < args.length; k++) {
    const word = args[k]
    if (!word) continue
    const text = word.text
    if (text.startsWith('--')) {
      const assignment = splitAssignment(text.slice(2))
      if (assignment) settings.push(setting(assignment, '--', word.location))
      continue
    }
    if (!text.startsWith('-') || text.length < 2) continue
    for (let j = 1; j < text.length; j++) {
      const option = text.charAt(j)
      if (!WITH_ARGUMENT.has(option)) {
        const flag = FLAG_SETTINGS[option]
        if (flag)
          settings.push(setting({ name: flag[0], value: flag[1] }, `-${option}`, word.location))
        continue
      }
      let value = text.slice(j + 1)
      let at = word.location
      if (value === '') {
        const next = args[++k]
        if (!next) break
        value = next.text
        at = next.location
      }
      if (option === 'c') {
        const assignment = splitAssignment(value)
        if (assignment) settings.push(setting(assignment, '-c', at))
      } else {
        const name = SHORT_SETTINGS[option]
        if (name) settings.push(setting({ name, value }, `-${option}`, at))
      }
      break
    }
  }
  return settings
}

function setting(
  assignment: { name: string; value: string },
  option: string,
  location: Location
): CommandSetting {
  const found: CommandSetting = { ...assignment, option, location }
  if (isVariable(assignment.value)) found.unresolved = true
  return found
}

/** ParseLongOption: `name=value`, dashes in the name read as underscores. */
function splitAssignment(text: string): { name: string; value: string } | undefined {
  const eq = text.indexOf('=')
  if (eq <= 0) return undefined
  return { name: text.slice(0, eq).replaceAll('-', '_').toLowerCase(), value: text.slice(eq + 1) }
}

/** initdb's `-A`/`--auth`, `--auth-host`, `--auth-local` and data checksum options. */
export function readInitdbArgs(words: Word[]): {
  auth: InitdbAuth[]
  checksums?: Located<boolean>
} {
  const auth: InitdbAuth[] = []
  let checksums: Located<boolean> | undefined
  for (let k = 0; k < words.length; k++) {
    const word = words[k]
    if (!word) continue
    const text = word.text
    const long = /^--(auth|auth-host|auth-local)(?:=(.*))?$/.exec(text)
    if (long) {
      const option = `--${long[1] ?? 'auth'}` as InitdbAuth['option']
      const value = long[2] ?? words[++k]?.text
      if (value !== undefined) auth.push({ option, method: value, location: word.location })
      continue
    }
    if (text.startsWith('-A')) {
      const value = text.length > 2 ? text.slice(2) : words[++k]?.text
      if (value !== undefined)
        auth.push({ option: '--auth', method: value, location: word.location })
      continue
    }
    if (text === '-k' || text === '--data-checksums') {
      checksums = { value: true, location: word.location }
    } else if (text === '--no-data-checksums') {
      checksums = { value: false, location: word.location }
    }
  }
  return checksums ? { auth, checksums } : { auth }
}

// ---------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------

/** One environment variable of a container. */
export interface EnvVar {
  name: string
  /** The value as written; undefined when it is passed through from outside. */
  value?: string
  /** Where the value comes from when it is not written here. */
  from?: 'environment' | 'secret' | 'config'
  location: Location
  /** Words of the value with their locations (for POSTGRES_INITDB_ARGS). */
  words?: () => Word[]
}

const WEAK_PASSWORDS = new Set([
  'postgres',
  'postgresql',
  'password',
  'passw0rd',
  'changeme',
  'change-me',
  'secret',
  'admin',
  'root',
  'example',
  'mysecretpassword',
  'test',
  'pass',
  'default'
])

/** Where a secret comes from; literals are judged weak or not, then dropped. */
export function secretOf(env: EnvVar, user?: string): SecretRef {
  if (env.from === 'secret') return { kind: 'secret', location: env.location }
  if (env.value === undefined || isVariable(env.value)) {
    return { kind: 'variable', location: env.location }
  }
  return literalSecret(interpolate(env.value).text, env.location, user)
}

function literalSecret(value: string, location: Location, user?: string): SecretRef {
  const weak = value.length < 12 || value === user || WEAK_PASSWORDS.has(value.toLowerCase())
  return { kind: 'literal', weak, location }
}

// ---------------------------------------------------------------------------------------------
// A container, put together
// ---------------------------------------------------------------------------------------------

export interface ContainerInput {
  name: string
  location: Location
  image?: ImageRef
  env: EnvVar[]
  /** Entrypoint override and command, as words. */
  command: Word[]
  splitScript?: (word: Word) => Word[]
  mounts: Mount[]
  ports: PublishedPort[]
  hostNetwork?: Located<boolean>
}

/** A file or folder mounted into a container. */
export interface Mount {
  source: string
  target: string
  /** Root-relative path of the source, when it is a path inside the scanned folder. */
  file?: string
  via: 'volume' | 'config'
  location: Location
}

const SERVER_ENV = new Set([
  'POSTGRES_PASSWORD',
  'POSTGRES_PASSWORD_FILE',
  'POSTGRES_HOST_AUTH_METHOD',
  'POSTGRES_INITDB_ARGS',
  'POSTGRESQL_PASSWORD',
  'POSTGRESQL_POSTGRES_PASSWORD'
])
/** Variables only a client sets: their presence means the container connects to a server. */
const CLIENT_ENV = /(^|_)(HOST|URL|DSN|URI|SERVER)$|^PGHOST$|^DATABASE_URL$/

/** The PostgreSQL server a container runs, or undefined when it runs something else. */
export function readPostgresContainer(input: ContainerInput): PostgresContainer | undefined {
  const settings = readServerCommand(input.command, input.splitScript)
  const env = new Map(input.env.map((e) => [e.name, e]))
  let detectedBy: PostgresContainer['detected_by'] | undefined
  // A PostgreSQL image also runs one-off clients (`psql`, `pg_dump`): a command that does not
  // start the server makes the container a client.
  const runsSomethingElse = input.command.length > 0 && settings === undefined
  if (input.image && isPostgresImage(input.image)) {
    if (!runsSomethingElse) detectedBy = 'image'
  } else if (input.image === undefined && settings !== undefined) detectedBy = 'command'
  else if (
    input.image === undefined &&
    input.env.some((e) => SERVER_ENV.has(e.name)) &&
    !input.env.some((e) => CLIENT_ENV.test(e.name))
  ) {
    detectedBy = 'environment'
  }
  if (!detectedBy) return undefined

  const bitnami = input.image?.repository.includes('bitnami/') ?? false
  const userVar = bitnami ? undefined : env.get('POSTGRES_USER')
  const superuser: PostgresContainer['superuser'] = userVar?.value
    ? { name: interpolate(userVar.value).text, location: userVar.location }
    : { name: 'postgres' }
  const container: PostgresContainer = {
    name: input.name,
    detected_by: detectedBy,
    location: input.location,
    superuser,
    initdb_auth: [],
    settings: settings ?? [],
    config_files: [],
    ports: input.ports
  }
  if (input.image) container.image = input.image
  if (input.hostNetwork) container.host_network = input.hostNetwork

  const passwordFile = env.get('POSTGRES_PASSWORD_FILE')
  const password = bitnami
    ? (env.get('POSTGRESQL_POSTGRES_PASSWORD') ?? env.get('POSTGRESQL_PASSWORD'))
    : env.get('POSTGRES_PASSWORD')
  if (passwordFile) container.password = { kind: 'file', location: passwordFile.location }
  else if (password) container.password = secretOf(password, superuser.name)

  const method = env.get('POSTGRES_HOST_AUTH_METHOD')
  if (method?.value !== undefined) {
    const resolved = interpolate(method.value)
    container.host_auth_method = {
      value: resolved.text,
      ...(resolved.interpolated ? { interpolated: true as const } : {}),
      location: method.location
    }
  } else if (bitnami && /^(yes|true|1)$/i.test(env.get('ALLOW_EMPTY_PASSWORD')?.value ?? '')) {
    const allow = env.get('ALLOW_EMPTY_PASSWORD')
    if (allow) container.host_auth_method = { value: 'trust', location: allow.location }
  }
  const initdb = env.get('POSTGRES_INITDB_ARGS')
  if (initdb?.words) {
    const read = readInitdbArgs(initdb.words())
    container.initdb_auth = read.auth
    if (read.checksums) container.data_checksums = read.checksums
  }
  container.config_files = configFiles(input.mounts, container.settings)
  const port = [...container.settings].reverse().find((s) => s.name === 'port')?.value ?? '5432'
  for (const p of container.ports) p.postgres = portRangeIncludes(p.container_port, port)
  return container
}

const ROLE_BY_NAME: Readonly<Record<string, MountedFile['role']>> = {
  'postgresql.conf': 'postgresql.conf',
  'pg_hba.conf': 'pg_hba.conf',
  'pg_ident.conf': 'pg_ident.conf'
}
const INITDB_DIR = '/docker-entrypoint-initdb.d'
const FILE_SETTINGS: Readonly<Record<string, MountedFile['role']>> = {
  config_file: 'postgresql.conf',
  hba_file: 'pg_hba.conf',
  ident_file: 'pg_ident.conf'
}

function configFiles(mounts: Mount[], settings: CommandSetting[]): MountedFile[] {
  const files: MountedFile[] = []
  for (const mount of mounts) {
    const target = path.posix.normalize(mount.target)
    const role =
      target === INITDB_DIR || target.startsWith(`${INITDB_DIR}/`)
        ? 'initdb'
        : ROLE_BY_NAME[path.posix.basename(target)]
    if (!role) continue
    files.push({
      role,
      container_path: target,
      source: mount.source,
      ...(mount.file === undefined ? {} : { file: mount.file }),
      via: mount.via,
      location: mount.location
    })
  }
  for (const setting of settings) {
    const role = FILE_SETTINGS[setting.name]
    if (!role) continue
    const target = path.posix.normalize(setting.value)
    const mount = mountOf(mounts, target)
    files.push({
      role,
      container_path: target,
      source: mount?.source ?? '',
      ...(mount?.file === undefined ? {} : { file: mount.file }),
      via: 'flag',
      location: setting.location
    })
  }
  return files
}

/** The host path behind a container path: the mount with the longest matching target. */
function mountOf(mounts: Mount[], target: string): { source: string; file?: string } | undefined {
  let best: Mount | undefined
  for (const mount of mounts) {
    const t = path.posix.normalize(mount.target)
    if (target !== t && !target.startsWith(t.endsWith('/') ? t : `${t}/`)) continue
    if (!best || t.length > path.posix.normalize(best.target).length) best = mount
  }
  if (!best) return undefined
  const rest = target.slice(path.posix.normalize(best.target).length).replace(/^\//, '')
  const source = rest === '' ? best.source : path.posix.join(best.source, rest)
  const file =
    best.file === undefined ? undefined : rest === '' ? best.file : path.posix.join(best.file, rest)
  return file === undefined ? { source } : { source, file }
}

function portRangeIncludes(containerPort: string, port: string): boolean {
  const p = Number(port)
  const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(containerPort.replace(/\/\w+$/, ''))
  if (!m || !Number.isInteger(p)) return false
  const low = Number(m[1])
  const high = m[2] === undefined ? low : Number(m[2])
  return p >= low && p <= high
}

// ---------------------------------------------------------------------------------------------
// Applications connecting
// ---------------------------------------------------------------------------------------------

const USER_VARIABLE =
  /^(?:[A-Z0-9]+_)*(?:PG|POSTGRES|POSTGRESQL|DB|DATABASE|DATASOURCE|SOURCE)_?USER(?:NAME)?$/
const URL_SCHEME = /^(?:jdbc:)?postgres(?:ql)?(?:\+[A-Za-z0-9_]+)?:\/\//i

/**
 * Database connections in an application's environment: connection URLs
 * (`postgres://user:password@host/db`, `jdbc:postgresql://host/db?user=...`) and user
 * variables (PGUSER, DB_USER, SPRING_DATASOURCE_USERNAME, ...). A user is a superuser when it
 * is `postgres` or the superuser of one of the PostgreSQL services, or the same `${VAR}` that
 * names it. Passwords are classified and dropped.
 */
export function readConnections(
  service: string,
  env: EnvVar[],
  servers: PostgresContainer[]
): AppConnection[] {
  const connections: AppConnection[] = []
  const superusers = new Set(['postgres', ...servers.map((s) => s.superuser.name)])
  const byName = new Map(env.map((e) => [e.name, e]))
  for (const variable of env) {
    if (variable.value === undefined) continue
    const url = URL_SCHEME.test(variable.value) ? parseUrl(variable.value) : undefined
    if (url?.user !== undefined) {
      const connection: AppConnection = {
        service,
        variable: variable.name,
        user: url.user,
        superuser: superusers.has(interpolate(url.user).text),
        location: variable.location
      }
      const target = servers.find((s) => s.name.split('/').includes(url.host))
      if (target) connection.target = target.name
      if (url.password !== undefined) {
        connection.password = isVariable(url.password)
          ? { kind: 'variable', location: variable.location }
          : literalSecret(url.password, variable.location, url.user)
      }
      connections.push(connection)
      continue
    }
    if (!USER_VARIABLE.test(variable.name)) continue
    const user = variable.value
    const connection: AppConnection = {
      service,
      variable: variable.name,
      user,
      superuser: superusers.has(interpolate(user).text),
      location: variable.location
    }
    const sibling = byName.get(variable.name.replace(/USER(?:NAME)?$/, 'PASSWORD'))
    const password = sibling ?? byName.get('PGPASSWORD')
    if (password) connection.password = secretOf(password, user)
    connections.push(connection)
  }
  return connections
}

function parseUrl(raw: string): { user?: string; password?: string; host: string } | undefined {
  const rest = raw.replace(URL_SCHEME, '')
  const authorityEnd = findOutsideBraces(rest, (c) => c === '/' || c === '?' || c === '#')
  const authority = rest.slice(0, authorityEnd < 0 ? rest.length : authorityEnd)
  const atSign = lastOutsideBraces(authority, '@')
  const hostPart = atSign < 0 ? authority : authority.slice(atSign + 1)
  const host = hostPart.replace(/:[^:\]]*$/, '').replace(/^\[|\]$/g, '')
  if (atSign >= 0) {
    const userinfo = authority.slice(0, atSign)
    const colon = findOutsideBraces(userinfo, (c) => c === ':')
    const user = decode(colon < 0 ? userinfo : userinfo.slice(0, colon))
    return colon < 0 ? { user, host } : { user, password: userinfo.slice(colon + 1), host }
  }
  // jdbc:postgresql://host/db?user=...&password=...
  const query = new URLSearchParams(rest.slice(rest.indexOf('?') + 1 || rest.length))
  const user = query.get('user') ?? undefined
  const password = query.get('password') ?? undefined
  return {
    host,
    ...(user === undefined ? {} : { user }),
    ...(password === undefined ? {} : { password })
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function findOutsideBraces(text: string, match: (c: string) => boolean): number {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i)
    if (c === '{') depth++
    else if (c === '}') depth = Math.max(0, depth - 1)
    else if (depth === 0 && match(c)) return i
  }
  return -1
}

function lastOutsideBraces(text: string, char: string): number {
  let depth = 0
  let found = -1
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i)
    if (c === '{') depth++
    else if (c === '}') depth = Math.max(0, depth - 1)
    else if (depth === 0 && c === char) found = i
  }
  return found
}
