/**
 * Facts read from the places besides postgresql.conf and pg_hba.conf where teams configure
 * PostgreSQL: PgBouncer, pgpool-II, Docker Compose and Kubernetes manifests. Every field that a
 * finding can point at carries its own location. Secrets never appear: only what kind of
 * secret is written where.
 *
 * These types are to be merged into `types.ts` (and mirrored in `schema.ts`); they are kept
 * JSON-shaped (no undefined values, no Maps) for that reason.
 */
import type { Location } from './location.js'

/** A value read from a file, with where it was written. */
export interface Located<T = string> {
  value: T
  location: Location
}

// ---------------------------------------------------------------------------------------------
// PgBouncer
// ---------------------------------------------------------------------------------------------

/**
 * How PgBouncer reads a `[pgbouncer]` parameter: `int` with C's strtol in base 0 (so `0777` is
 * octal 511 and `0x10` is 16), `seconds` as a non-negative decimal number of seconds, `enum`
 * compared case-insensitively, `list` a comma-separated list, `string` as written.
 */
export const PGBOUNCER_PARAMETER_TYPES = ['int', 'seconds', 'enum', 'list', 'string'] as const
export type PgbouncerParameterType = (typeof PGBOUNCER_PARAMETER_TYPES)[number]

export interface PgbouncerSetting {
  /**
   * The value as PgBouncer hands it to the parameter: from the first non-blank after `=` to the
   * end of the line, trailing whitespace removed. PgBouncer removes no quotes and no comments.
   */
  value: string
  /**
   * PgBouncer's reading of `value`: a number for `int` and `seconds` parameters, the lower-case
   * keyword for `enum` ones. Absent for strings and lists, for unknown parameters and when
   * PgBouncer would reject the value (a diagnostic says so).
   */
  parsed?: number | string
  /** `list` parameters (admin_users, stats_users, listen_addr, ...) split on commas and trimmed. */
  items?: string[]
  /** Of the parameter name. */
  location: Location
  /** Earlier assignments this one replaces, oldest first. */
  overridden?: Location[]
}

/** One `[databases]` entry: a database name and the connection string it routes to. */
export interface PgbouncerDatabase {
  /** `*` is the fallback for every database name without its own entry. */
  name: string
  /**
   * The connection-string fields (`host`, `port`, `dbname`, `user`, `auth_user`, `pool_size`,
   * ...) after PgBouncer's unquoting. `password` is never kept: see `has_password`.
   */
  params: Record<string, string>
  /** The connection string holds a `password=`: a plaintext secret in the configuration. */
  has_password: boolean
  location: Location
}

/** One `[users]` entry: per-user pool settings. */
export interface PgbouncerUser {
  name: string
  params: Record<string, string>
  location: Location
}

/** One `[peers]` entry (PgBouncer 1.19+): where to forward cancel requests. */
export interface PgbouncerPeer {
  id: string
  params: Record<string, string>
  location: Location
}

export interface PgbouncerInclude {
  /** As written after `%include`. */
  path: string
  /** The root-relative file that was read, when the include could be followed. */
  file?: string
  location: Location
}

/**
 * What a userlist (auth_file) line holds, without the secret: `md5` is `md5` and 32 lower-case
 * hex digits, `scram` a well-formed `SCRAM-SHA-256$<iterations>:<salt>$<stored>:<server>`
 * verifier, `empty` an empty string, `plaintext` anything else (PgBouncer's own rule).
 */
export const USERLIST_SECRETS = ['plaintext', 'md5', 'scram', 'empty'] as const
export type UserlistSecret = (typeof USERLIST_SECRETS)[number]

export interface PgbouncerUserlistEntry {
  user: string
  secret: UserlistSecret
  /** Of the opening quote of the user name. */
  location: Location
  /** PgBouncer stopped reading the file at a broken line before this one: it never loads it. */
  ignored?: true
}

export interface PgbouncerAuthFile {
  /** The auth_file setting as written. */
  path: string
  /** The root-relative file read for it, when one was found in the scanned folder. */
  file?: string
  entries: PgbouncerUserlistEntry[]
}

export interface PgbouncerConfig {
  /** The pgbouncer.ini the scan started from. */
  file: string
  /** Every file read, in PgBouncer's reading order (`%include`s where they stand). */
  files: string[]
  /**
   * `[pgbouncer]` parameters keyed by name exactly as written: PgBouncer compares parameter
   * names case-sensitively, so `Auth_Type` is not `auth_type` (and makes it refuse the file).
   * Only parameters the files set are listed; `PGBOUNCER_PARAMETERS` has the defaults.
   */
  settings: Record<string, PgbouncerSetting>
  databases: PgbouncerDatabase[]
  users: PgbouncerUser[]
  peers: PgbouncerPeer[]
  includes: PgbouncerInclude[]
  auth_file?: PgbouncerAuthFile
  /** auth_hba_file (pg_hba.conf syntax) as written, and the root-relative file found for it. */
  auth_hba_file?: { path: string; file?: string; location: Location }
}

// ---------------------------------------------------------------------------------------------
// pgpool-II
// ---------------------------------------------------------------------------------------------

export interface PgpoolSetting {
  /** After quote removal, as in postgresql.conf. */
  value: string
  location: Location
}

export interface PgpoolConfig {
  file: string
  /** Every assignment, keyed by lower-case name; the last one wins. */
  settings: Record<string, PgpoolSetting>
  /** pool_hba.conf is used only when this is on (pgpool's default is off). */
  enable_pool_hba?: Located<boolean>
  /** Split like PostgreSQL's: `*` all addresses, `''` no TCP (pgpool's default is `localhost`). */
  listen_addresses?: Located<string[]>
  /** Client-side TLS (default off). */
  ssl?: Located<boolean>
  /** The md5/AES/text password file; `''` disables it (default `pool_passwd`). */
  pool_passwd?: Located
  /** Where pgpool looks for pool_hba.conf: beside pgpool.conf. */
  hba_file: string
}

// ---------------------------------------------------------------------------------------------
// Containers: Docker Compose services and Kubernetes containers running PostgreSQL
// ---------------------------------------------------------------------------------------------

/** A container image reference, and the PostgreSQL major version its tag names. */
export interface ImageRef {
  /** As written (after `${VAR:-default}` interpolation when `interpolated`). */
  raw: string
  /** Registry and path without tag or digest (`docker.io/library/postgres` is `postgres`). */
  repository: string
  tag?: string
  digest?: string
  /**
   * The PostgreSQL major version: the leading number of the tag (`15.4` → 15, `16-alpine` → 16,
   * `9.6.24` → 9), or the number after `pg` (`latest-pg16`, `2.14.2-pg15`).
   */
  major?: number
  /** The version as written in the tag (`15.4`, `9.6`). */
  version?: string
  /** No tag, `latest`, or a tag without a version: the major version changes on the next pull. */
  floating: boolean
  /** The reference used a `${VAR}`: `raw` shows the defaults, or the variable when it had none. */
  interpolated?: true
  location: Location
}

/** A setting given on the server command line (`-c name=value`, `--name=value`, `-p 5433`). */
export interface CommandSetting {
  /** Lower-cased, `-` turned into `_`, as PostgreSQL's ParseLongOption does. */
  name: string
  value: string
  /**
   * The option as written: `-c`, `--`, or the short option (`-p`, `-N`, `-B`, `-i`, ...);
   * `parameters` for an operator manifest's parameter map.
   */
  option: string
  /** The value names a variable without a default: it is only known where the file is used. */
  unresolved?: true
  location: Location
}

/**
 * Where a secret comes from: a `literal` written in the file, a `variable` interpolated when
 * the file is used (`${VAR}`, or a variable passed through from the environment), a `file`
 * (`*_FILE`, Docker secrets), or a Kubernetes `secret` reference.
 */
export const SECRET_KINDS = ['literal', 'variable', 'file', 'secret'] as const
export type SecretKind = (typeof SECRET_KINDS)[number]

export interface SecretRef {
  kind: SecretKind
  /**
   * Literals only: shorter than 12 characters, equal to the user name, or a well-known default
   * (`postgres`, `password`, `changeme`, ...). The literal itself is never kept.
   */
  weak?: boolean
  location: Location
}

/** The authentication method the official image's initdb is given in POSTGRES_INITDB_ARGS. */
export interface InitdbAuth {
  option: '--auth' | '--auth-host' | '--auth-local'
  method: string
  location: Location
}

export interface PublishedPort {
  /** As written (short syntax) or rebuilt from the long syntax. */
  raw: string
  host_ip?: string
  host_port?: string
  container_port: string
  protocol?: string
  /**
   * Which host interfaces the port is published on: `all` (no host IP, `0.0.0.0` or `::`),
   * `loopback`, one other `address`, or `unknown` (a variable without a default).
   */
  bind: 'all' | 'loopback' | 'address' | 'unknown'
  /** The container port (range) includes the port PostgreSQL listens on. */
  postgres: boolean
  location: Location
}

/** A configuration file a container uses, linked to the repository file it comes from. */
export interface MountedFile {
  role: 'postgresql.conf' | 'pg_hba.conf' | 'pg_ident.conf' | 'initdb'
  container_path: string
  /** The host side as written. */
  source: string
  /** The root-relative repository path, when the source is a path inside the scanned folder. */
  file?: string
  /**
   * `volume` or `config`: mounted at a path PostgreSQL or the image reads; `flag`: named by a
   * `config_file=`/`hba_file=`/`ident_file=` command-line setting.
   */
  via: 'volume' | 'config' | 'flag'
  location: Location
}

export interface PostgresContainer {
  /** The Compose service, or the Kubernetes workload and container (`statefulset/db/postgres`). */
  name: string
  /** Why it is taken for a PostgreSQL server. */
  detected_by: 'image' | 'command' | 'environment'
  location: Location
  image?: ImageRef
  /** POSTGRES_USER, the superuser the official image creates (`postgres` when unset). */
  superuser: { name: string; location?: Location }
  /** POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE. */
  password?: SecretRef
  /** POSTGRES_HOST_AUTH_METHOD: the method of the image's `host all all all` line. */
  host_auth_method?: { value: string; interpolated?: true; location: Location }
  /** `--auth`, `--auth-host`, `--auth-local` (and `-A`) in POSTGRES_INITDB_ARGS. */
  initdb_auth: InitdbAuth[]
  /** `--data-checksums`/`-k` (or `--no-data-checksums`, PostgreSQL 18) in POSTGRES_INITDB_ARGS. */
  data_checksums?: Located<boolean>
  /** Server settings from the command line: they override postgresql.conf. */
  settings: CommandSetting[]
  config_files: MountedFile[]
  ports: PublishedPort[]
  /** `network_mode: host` (or `hostNetwork: true`): the server listens on the host's interfaces. */
  host_network?: Located<boolean>
}

/** An application's database connection found in its environment. */
export interface AppConnection {
  /** The Compose service (or Kubernetes container) the variable belongs to. */
  service: string
  variable: string
  /** The user it connects as, as written (a `${VAR}` stays a variable reference). */
  user: string
  /** The user is a superuser: `postgres`, or the POSTGRES_USER of a PostgreSQL service. */
  superuser: boolean
  /** The PostgreSQL service the URL's host names, when it names one. */
  target?: string
  /** The password the URL or a PGPASSWORD next to it carries. */
  password?: SecretRef
  location: Location
}

export interface ComposeProject {
  file: string
  services: PostgresContainer[]
  connections: AppConnection[]
}

// ---------------------------------------------------------------------------------------------
// Kubernetes
// ---------------------------------------------------------------------------------------------

export const OPERATORS = ['cloudnative-pg', 'zalando', 'crunchy'] as const
export type Operator = (typeof OPERATORS)[number]

/** A PostgreSQL cluster an operator manages (CloudNativePG `Cluster`, ...). */
export interface OperatorCluster {
  operator: Operator
  kind: string
  name?: string
  namespace?: string
  /** Of the document's `kind`. */
  location: Location
  image?: ImageRef
  /** The major version the manifest asks for (`postgresVersion`, `imageCatalogRef.major`). */
  major?: Located<number>
  /** `spec.postgresql.parameters` (or the operator's equivalent): settings for the server. */
  parameters: CommandSetting[]
  /** pg_hba lines in order: the operator puts its own rules around them. */
  pg_hba: Located[]
  /** CloudNativePG `spec.enableSuperuserAccess` (default false since 1.21). */
  enable_superuser_access?: Located<boolean>
}
