/**
 * Statement facts read from SQL migrations (src/parse/sql.ts). One fact per statement that
 * matters for hardening, in file order; every other statement is left out. Names are as
 * PostgreSQL stores them: unquoted identifiers folded to lower case, quoted ones as written,
 * qualified names joined with `.`. Role specifications are role names, or one of `public`,
 * `current_user`, `current_role`, `session_user` for the keywords. No fact carries a password,
 * a key or a shell command: only what kind of secret was written.
 */
import type { Location } from './location.js'

export const SQL_STATEMENT_KINDS = [
  'create_role',
  'alter_role',
  'drop_role',
  'grant',
  'revoke',
  'grant_role',
  'revoke_role',
  'alter_default_privileges',
  'create_extension',
  'create_language',
  'create_function',
  'alter_function',
  'do_block',
  'alter_system',
  'alter_role_set',
  'alter_database_set',
  'set',
  'copy_program',
  'copy_file',
  'create_user_mapping',
  'alter_user_mapping',
  'create_server',
  'alter_server',
  'create_policy',
  'alter_table_rls'
] as const
export type SqlStatementKind = (typeof SQL_STATEMENT_KINDS)[number]

/**
 * Where a statement runs: absent for a statement of the file itself; `do_block` or
 * `function_body` for a statement written inside a PL/pgSQL body (it runs when the block or
 * the function does).
 */
export type SqlContext = 'do_block' | 'function_body'

interface SqlFact {
  /** The statement's first token (for a statement in a body, its line in the file). */
  location: Location
  context?: SqlContext
}

/**
 * What was written after PASSWORD, never the text: `md5` is `md5` and 32 lower-case hex
 * digits, `scram` a well-formed `SCRAM-SHA-256$iterations:salt$storedkey:serverkey`
 * verifier; PostgreSQL hashes anything else (`plaintext`). `null` is PASSWORD NULL or ''
 * (PostgreSQL clears the password for both).
 */
export interface SqlPassword {
  kind: 'plaintext' | 'md5' | 'scram' | 'null'
  /** Plaintext only: its length in characters, for weak-password rules. */
  length?: number
  /** Plaintext only: whether it equals the role name. */
  same_as_role?: boolean
}

/**
 * Role attributes written in the statement; an attribute not written is absent. CREATE USER
 * implies LOGIN, so `login` is true for it unless NOLOGIN is written.
 */
export interface SqlRoleAttributes {
  superuser?: boolean
  createrole?: boolean
  createdb?: boolean
  replication?: boolean
  bypassrls?: boolean
  login?: boolean
  inherit?: boolean
  /** -1 is no limit. */
  connection_limit?: number
  /** As written: a timestamp or `infinity`. */
  valid_until?: string
}

/** CREATE ROLE / USER / GROUP. */
export interface SqlCreateRole extends SqlFact {
  kind: 'create_role'
  role: string
  role_type: 'role' | 'user' | 'group'
  attributes: SqlRoleAttributes
  password?: SqlPassword
  /** IN ROLE / IN GROUP: roles the new role becomes a member of (like GRANT r TO new). */
  in_roles?: string[]
  /** ROLE / USER: roles that become members of the new role. */
  members?: string[]
  /** ADMIN: roles that become members with ADMIN OPTION. */
  admin_members?: string[]
}

/** ALTER ROLE / USER with attributes (ALTER GROUP ... ADD/DROP USER is grant_role/revoke_role). */
export interface SqlAlterRole extends SqlFact {
  kind: 'alter_role'
  role: string
  attributes: SqlRoleAttributes
  password?: SqlPassword
}

export interface SqlDropRole extends SqlFact {
  kind: 'drop_role'
  roles: string[]
}

export const SQL_OBJECT_TYPES = [
  'table',
  'sequence',
  'function',
  'procedure',
  'routine',
  'schema',
  'database',
  'language',
  'large_object',
  'foreign_data_wrapper',
  'foreign_server',
  'domain',
  'type',
  'tablespace',
  'parameter',
  'other'
] as const
/** `table` also covers views and foreign tables; `parameter` is GRANT SET ON PARAMETER. */
export type SqlObjectType = (typeof SQL_OBJECT_TYPES)[number]

/** The privilege part shared by GRANT, REVOKE and ALTER DEFAULT PRIVILEGES. */
export interface SqlPrivileges {
  /** Upper case (`SELECT`, `CREATE`, ...); `['ALL']` for ALL [PRIVILEGES]. */
  privileges: string[]
  /** Column names when the privileges are column privileges (`SELECT (a, b)`). */
  columns?: string[]
  object_type: SqlObjectType
  grantees: string[]
}

export interface SqlGrantAction extends SqlPrivileges {
  kind: 'grant'
  with_grant_option: boolean
}

export interface SqlRevokeAction extends SqlPrivileges {
  kind: 'revoke'
  /** REVOKE GRANT OPTION FOR: only the right to grant is taken away. */
  grant_option_for: boolean
  cascade: boolean
}

interface SqlObjects {
  /** Object names; the schema names when `all_in_schema` (ON ALL TABLES IN SCHEMA s). */
  objects: string[]
  all_in_schema: boolean
  granted_by?: string
}

export interface SqlGrant extends SqlFact, SqlGrantAction, SqlObjects {}
export interface SqlRevoke extends SqlFact, SqlRevokeAction, SqlObjects {}

/** GRANT role TO role (also ALTER GROUP g ADD USER u, as GRANT g TO u). */
export interface SqlGrantRole extends SqlFact {
  kind: 'grant_role'
  /** The granted roles, e.g. pg_read_server_files. */
  roles: string[]
  grantees: string[]
  admin_option: boolean
  /** WITH INHERIT TRUE/FALSE (PostgreSQL 16+), when written. */
  inherit?: boolean
  /** WITH SET TRUE/FALSE (PostgreSQL 16+), when written. */
  set?: boolean
  granted_by?: string
}

/** REVOKE role FROM role (also ALTER GROUP g DROP USER u). */
export interface SqlRevokeRole extends SqlFact {
  kind: 'revoke_role'
  roles: string[]
  grantees: string[]
  /** REVOKE ADMIN/INHERIT/SET OPTION FOR: only that option goes; absent: the membership. */
  option_for?: 'admin' | 'inherit' | 'set'
  cascade: boolean
  granted_by?: string
}

export interface SqlAlterDefaultPrivileges extends SqlFact {
  kind: 'alter_default_privileges'
  /** IN SCHEMA; empty: objects created in any schema. */
  schemas: string[]
  /** FOR ROLE; empty: objects created by the role running the migration. */
  for_roles: string[]
  action: SqlGrantAction | SqlRevokeAction
}

export interface SqlCreateExtension extends SqlFact {
  kind: 'create_extension'
  name: string
  schema?: string
  version?: string
  cascade: boolean
}

/**
 * CREATE [TRUSTED] [PROCEDURAL] LANGUAGE. Without HANDLER, PostgreSQL runs it as CREATE
 * EXTENSION of that name; the fact keeps the statement as written.
 */
export interface SqlCreateLanguage extends SqlFact {
  kind: 'create_language'
  name: string
  /** TRUSTED was written. */
  trusted: boolean
  handler?: string
}

export interface SqlCreateFunction extends SqlFact {
  kind: 'create_function'
  name: string
  routine: 'function' | 'procedure'
  /** Lower case; absent when not written. */
  language?: string
  security_definer: boolean
  /** SET search_path (a value or FROM CURRENT) among the function's SET clauses. */
  sets_search_path: boolean
  /** The value of SET search_path = ..., items joined with `, `. */
  search_path?: string
  /**
   * PL/pgSQL only: EXECUTE (also FOR ... IN EXECUTE, RETURN QUERY EXECUTE, OPEN ... FOR
   * EXECUTE) of an expression that concatenates strings with `||` or uses format() with `%s`.
   */
  dynamic_sql_concat?: boolean
}

export interface SqlAlterFunction extends SqlFact {
  kind: 'alter_function'
  name: string
  routine: 'function' | 'procedure' | 'routine'
  /** SECURITY DEFINER (true) or INVOKER (false), when written. */
  security_definer?: boolean
  /** True when SET search_path is written. */
  sets_search_path?: boolean
  search_path?: string
  /** True for RESET search_path or RESET ALL. */
  resets_search_path?: boolean
}

/** DO block: its nested statements follow it with `context: 'do_block'`. */
export interface SqlDoBlock extends SqlFact {
  kind: 'do_block'
  /** Lower case; plpgsql when not written. */
  language: string
  /** As for create_function. */
  dynamic_sql_concat?: boolean
}

/**
 * A SET, RESET or SET ... TO DEFAULT (`reset`), RESET ALL (`reset_all`, no name), or SET ...
 * FROM CURRENT (`set_from_current`, no value). `value` is the text PostgreSQL would store,
 * list items joined with `, ` (`'a', 'b'` and `a, b` both give `a, b`).
 */
export interface SqlSettingChange {
  action: 'set' | 'reset' | 'reset_all' | 'set_from_current'
  /** Lower case as PostgreSQL folds it. */
  name?: string
  value?: string
}

export interface SqlAlterSystem extends SqlFact, SqlSettingChange {
  kind: 'alter_system'
}

/** ALTER ROLE r [IN DATABASE d] SET ...; `role` is absent for ALTER ROLE ALL. */
export interface SqlAlterRoleSet extends SqlFact, SqlSettingChange {
  kind: 'alter_role_set'
  role?: string
  database?: string
}

export interface SqlAlterDatabaseSet extends SqlFact, SqlSettingChange {
  kind: 'alter_database_set'
  database: string
}

/** A session SET / RESET (not SET TRANSACTION). */
export interface SqlSet extends SqlFact, SqlSettingChange {
  kind: 'set'
  /** SET LOCAL. */
  local: boolean
}

/** COPY ... FROM/TO PROGRAM: runs a shell command as the server's OS user. */
export interface SqlCopyProgram extends SqlFact {
  kind: 'copy_program'
  /** `from`: the program's output is read into a table. */
  direction: 'from' | 'to'
  /** Absent for COPY (query) TO. */
  table?: string
  /** The command's first word after any VAR=value assignments, at most 64 characters. */
  program: string
}

/** COPY ... FROM/TO 'server file' (not STDIN/STDOUT): reads or writes server files. */
export interface SqlCopyFile extends SqlFact {
  kind: 'copy_file'
  direction: 'from' | 'to'
  table?: string
  path: string
}

/** CREATE / ALTER USER MAPPING: which option keys are set, never their values. */
export interface SqlUserMapping extends SqlFact {
  kind: 'create_user_mapping' | 'alter_user_mapping'
  user: string
  server: string
  /** Keys written (ALTER: the ones SET or ADDed), lower case. */
  option_keys: string[]
  has_password: boolean
}

export interface SqlServer extends SqlFact {
  kind: 'create_server' | 'alter_server'
  server: string
  /** CREATE only. */
  fdw?: string
  option_keys: string[]
  has_password: boolean
}

export interface SqlCreatePolicy extends SqlFact {
  kind: 'create_policy'
  name: string
  table: string
  command: 'all' | 'select' | 'insert' | 'update' | 'delete'
  permissive: boolean
  roles: string[]
  /** USING (true) or an equivalent constant. */
  using_always_true: boolean
  /** WITH CHECK (true) or an equivalent constant. */
  check_always_true: boolean
}

/** One fact per ENABLE / DISABLE / FORCE / NO FORCE ROW LEVEL SECURITY clause. */
export interface SqlAlterTableRls extends SqlFact {
  kind: 'alter_table_rls'
  table: string
  action: 'enable' | 'disable' | 'force' | 'no_force'
}

export type SqlStatement =
  | SqlCreateRole
  | SqlAlterRole
  | SqlDropRole
  | SqlGrant
  | SqlRevoke
  | SqlGrantRole
  | SqlRevokeRole
  | SqlAlterDefaultPrivileges
  | SqlCreateExtension
  | SqlCreateLanguage
  | SqlCreateFunction
  | SqlAlterFunction
  | SqlDoBlock
  | SqlAlterSystem
  | SqlAlterRoleSet
  | SqlAlterDatabaseSet
  | SqlSet
  | SqlCopyProgram
  | SqlCopyFile
  | SqlUserMapping
  | SqlServer
  | SqlCreatePolicy
  | SqlAlterTableRls
