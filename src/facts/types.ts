import type { Diagnostic, Location } from './location.js'
import type {
  AppConnection,
  PgbouncerConfig,
  PgpoolConfig,
  PostgresContainer
} from './source-types.js'
import type { SqlStatement } from './sql-types.js'

export type { Diagnostic, Location } from './location.js'

/** Bumped only when a field changes meaning or disappears; new optional fields keep it. */
export const FACTS_SCHEMA_VERSION = 1

export const SOURCE_KINDS = ['repository', 'throwaway', 'live'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

export interface Target {
  /** Stable, human-readable name: the folder of the deployment, or the server. */
  name: string
  source: SourceKind
  /**
   * PostgreSQL major version the facts were judged against.
   * @asType integer
   * @minimum 8
   */
  major: number
  /** Where `major` came from: `assumed` when nothing in the files says. */
  major_source: 'assumed' | 'config' | 'image' | 'server'
}

export type SettingValue = boolean | number | string

export const SETTING_TYPES = ['bool', 'integer', 'real', 'enum', 'string'] as const
export type SettingType = (typeof SETTING_TYPES)[number]

/**
 * The effective value of one parameter after PostgreSQL's precedence (last assignment wins,
 * postgresql.auto.conf after postgresql.conf). Only parameters some source sets are listed;
 * the engine supplies PostgreSQL's defaults for the rest (`origin: "default"`).
 */
export interface Setting {
  /** Value in PostgreSQL's base unit for the parameter (`unit`), like `postgres -C` prints it. */
  value: SettingValue
  /** The value as written, after quote removal. */
  raw: string
  type: SettingType
  unit?: string
  /** Comma lists (shared_preload_libraries, listen_addresses, ...) split and trimmed. */
  items?: string[]
  origin: 'file' | 'server' | 'unknown'
  /** True when the value equals PostgreSQL's compiled-in default for `major`. */
  is_default: boolean
  location: Location
  /** Earlier assignments that the effective one overrides, oldest first. */
  overridden?: Location[]
}

export interface PostgresqlConfig {
  /** The main configuration file, where findings about a missing setting point. */
  config_file: string
  /** Every file read, in the order PostgreSQL reads them. */
  files: string[]
  settings: Record<string, Setting>
}

export const HBA_TYPES = [
  'local',
  'host',
  'hostssl',
  'hostnossl',
  'hostgssenc',
  'hostnogssenc'
] as const
export type HbaType = (typeof HBA_TYPES)[number]

/** One entry of the database or user column of a pg_hba.conf rule. */
export interface HbaName {
  /** The name without quotes, `+` or `@`; for a regex, the pattern without the leading `/`. */
  value: string
  /**
   * keyword: unquoted all, sameuser, samerole, samegroup, replication in the database column,
   * unquoted all in the user column (PostgreSQL knows no other user keyword);
   * group: `+role`; file: `@file` (already expanded into the entries that follow it);
   * regex: `/pattern` (PostgreSQL 16+); name: anything else, quoted keywords included.
   */
  kind: 'keyword' | 'name' | 'group' | 'file' | 'regex'
}

export const ADDRESS_SCOPES = [
  'loopback',
  'samehost',
  'samenet',
  'private',
  'public',
  'any',
  'hostname'
] as const
export type AddressScope = (typeof ADDRESS_SCOPES)[number]

export interface HbaAddress {
  /** The address column(s) as written (`10.0.0.0/8`, `10.0.0.0 255.0.0.0`, `.example.com`). */
  raw: string
  /** Network in CIDR form when the address is an IP range. */
  cidr?: string
  family?: 'ipv4' | 'ipv6'
  /**
   * @asType integer
   * @minimum 0
   * @maximum 128
   */
  prefix?: number
  /**
   * Who can match: loopback only, the server's own addresses, its subnets, private ranges
   * (RFC 1918, ULA, link-local), public addresses, everyone (`all`, prefix 0), or hostnames
   * that cannot be classified without DNS.
   */
  scope: AddressScope
  /** True unless the scope is loopback or samehost. */
  remote: boolean
}

export interface HbaRule {
  /**
   * Position in evaluation order (1-based, after includes): first match wins.
   * @asType integer
   * @minimum 1
   */
  order: number
  type: HbaType
  databases: HbaName[]
  users: HbaName[]
  /** Absent on local rules. */
  address?: HbaAddress
  method: string
  options: Record<string, string>
  location: Location
}

export interface HbaConfig {
  /** The pg_hba.conf the rules came from (the first file, before includes). */
  file: string
  files: string[]
  rules: HbaRule[]
}

/** What SQL migrations do, statement by statement, read with PostgreSQL's own parser. */
export interface SqlFacts {
  /** The SQL files read, in name order (the order migration tools apply them in). */
  files: string[]
  /** The statements that matter for hardening, in file order; see sql-types.ts. */
  statements: SqlStatement[]
}

/** A PgBouncer in front of the deployment, with the pg_hba-style file of `auth_type = hba`. */
export interface PgbouncerFacts extends PgbouncerConfig {
  auth_hba?: HbaConfig
}

/** Containers (Docker Compose services) that run the deployment's server, and who connects. */
export interface ContainerFacts {
  /** The Compose files read. */
  files: string[]
  services: PostgresContainer[]
  /** Application services whose connection settings name a database user. */
  connections: AppConnection[]
}

export interface Facts {
  schema_version: typeof FACTS_SCHEMA_VERSION
  target: Target
  postgresql?: PostgresqlConfig
  hba?: HbaConfig
  sql?: SqlFacts
  pgbouncer?: PgbouncerFacts
  pgpool?: PgpoolConfig
  containers?: ContainerFacts
  diagnostics: Diagnostic[]
}
