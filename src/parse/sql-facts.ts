/**
 * Turns one statement of libpg_query's parse tree (PostgreSQL's own node names, protobuf JSON:
 * false, 0 and empty lists are left out) into statement facts. Pure: what the tree does not
 * say (the words as written, PL/pgSQL bodies) is asked of the `StatementSite`.
 */
import type {
  AccessPriv,
  A_Const,
  DefElem,
  GrantStmt,
  Node,
  ObjectType,
  ObjectWithArgs,
  RangeVar,
  RoleSpec,
  VariableSetStmt
} from 'libpg-query'
import type { Location } from '../facts/location.js'
import type {
  SqlContext,
  SqlGrantAction,
  SqlObjectType,
  SqlPassword,
  SqlRevokeAction,
  SqlRoleAttributes,
  SqlSettingChange,
  SqlStatement
} from '../facts/sql-types.js'

/** What a PL/pgSQL body holds: dynamic SQL, and the facts of the statements written in it. */
export interface PlpgsqlBody {
  dynamic_sql_concat: boolean
  statements: SqlStatement[]
}

export interface StatementSite {
  location: Location
  context?: SqlContext
  /** The statement's first `count` words, lower-cased (keywords the tree does not keep). */
  leadingWords(count: number): string[]
  /**
   * Reads the PL/pgSQL body of this DO or CREATE FUNCTION statement; `bodyLocation` is the
   * byte offset the tree gives for its AS clause, relative to the statement's text.
   */
  plpgsql(bodyLocation: number | undefined, context: SqlContext): PlpgsqlBody
}

function text(node: Node | undefined): string | undefined {
  return node !== undefined && 'String' in node ? node.String.sval : undefined
}

function items(node: Node | undefined): Node[] {
  return node !== undefined && 'List' in node ? (node.List.items ?? []) : []
}

function defElems(nodes: Node[] | undefined): DefElem[] {
  const out: DefElem[] = []
  for (const node of nodes ?? []) if ('DefElem' in node) out.push(node.DefElem)
  return out
}

function flag(node: Node | undefined): boolean {
  return node !== undefined && 'Boolean' in node && node.Boolean.boolval === true
}

function integer(node: Node | undefined): number | undefined {
  return node !== undefined && 'Integer' in node ? (node.Integer.ival ?? 0) : undefined
}

const ROLE_KEYWORDS: Record<string, string> = {
  ROLESPEC_PUBLIC: 'public',
  ROLESPEC_CURRENT_USER: 'current_user',
  ROLESPEC_CURRENT_ROLE: 'current_role',
  ROLESPEC_SESSION_USER: 'session_user'
}

function role(spec: RoleSpec | undefined): string {
  if (spec?.roletype === undefined || spec.roletype === 'ROLESPEC_CSTRING') {
    return spec?.rolename ?? ''
  }
  return ROLE_KEYWORDS[spec.roletype] ?? ''
}

function roles(nodes: Node[] | undefined): string[] {
  const out: string[] = []
  for (const node of nodes ?? []) if ('RoleSpec' in node) out.push(role(node.RoleSpec))
  return out
}

function strings(nodes: Node[] | undefined): string[] {
  const out: string[] = []
  for (const node of nodes ?? []) {
    const value = text(node)
    if (value !== undefined) out.push(value)
  }
  return out
}

function qualified(nodes: Node[] | undefined): string {
  return strings(nodes).join('.')
}

function relation(rv: RangeVar | undefined): string {
  if (rv === undefined) return ''
  const parts = [rv.catalogname, rv.schemaname, rv.relname].filter((p) => p !== undefined)
  return parts.join('.')
}

function routineName(func: ObjectWithArgs | undefined): string {
  return qualified(func?.objname)
}

function objectName(node: Node): string | undefined {
  if ('RangeVar' in node) return relation(node.RangeVar)
  if ('String' in node) return node.String.sval
  if ('ObjectWithArgs' in node) return routineName(node.ObjectWithArgs)
  if ('List' in node) return qualified(node.List.items)
  if ('Integer' in node) return String(node.Integer.ival ?? 0)
  if ('Float' in node) return node.Float.fval
  return undefined
}

const OBJECT_TYPES: Partial<Record<ObjectType, SqlObjectType>> = {
  OBJECT_TABLE: 'table',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_FUNCTION: 'function',
  OBJECT_PROCEDURE: 'procedure',
  OBJECT_ROUTINE: 'routine',
  OBJECT_SCHEMA: 'schema',
  OBJECT_DATABASE: 'database',
  OBJECT_LANGUAGE: 'language',
  OBJECT_LARGEOBJECT: 'large_object',
  OBJECT_FDW: 'foreign_data_wrapper',
  OBJECT_FOREIGN_SERVER: 'foreign_server',
  OBJECT_DOMAIN: 'domain',
  OBJECT_TYPE: 'type',
  OBJECT_TABLESPACE: 'tablespace',
  OBJECT_PARAMETER_ACL: 'parameter'
}

function constText(value: A_Const): string | undefined {
  if (value.isnull === true) return 'NULL'
  if (value.sval !== undefined) return value.sval.sval ?? ''
  if (value.ival !== undefined) return String(value.ival.ival ?? 0)
  if (value.fval !== undefined) return value.fval.fval
  if (value.boolval !== undefined) return value.boolval.boolval === true ? 'on' : 'off'
  return value.bsval?.bsval
}

function argText(node: Node): string | undefined {
  if ('A_Const' in node) return constText(node.A_Const)
  if ('TypeCast' in node && node.TypeCast.arg !== undefined) return argText(node.TypeCast.arg)
  return undefined
}

/** The change a SET/RESET clause makes; undefined for SET TRANSACTION and the like. */
function settingChange(set: VariableSetStmt | undefined): SqlSettingChange | undefined {
  if (set === undefined) return undefined
  const name = set.name !== undefined ? { name: set.name } : {}
  switch (set.kind) {
    case 'VAR_SET_VALUE': {
      const values: string[] = []
      for (const arg of set.args ?? []) {
        const value = argText(arg)
        if (value !== undefined) values.push(value)
      }
      return { action: 'set', ...name, value: values.join(', ') }
    }
    case 'VAR_SET_DEFAULT':
    case 'VAR_RESET':
      return { action: 'reset', ...name }
    case 'VAR_SET_CURRENT':
      return { action: 'set_from_current', ...name }
    case 'VAR_RESET_ALL':
      return { action: 'reset_all' }
    case 'VAR_SET_MULTI':
    case undefined:
      break
  }
  return undefined
}

const MD5_SECRET = /^md5[0-9a-f]{32}$/
const SCRAM_SECRET =
  /^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/

/** Classifies a PASSWORD argument the way PostgreSQL's get_password_type does. */
function password(arg: Node | undefined, roleName: string): SqlPassword {
  const value = text(arg)
  if (value === undefined || value === '') return { kind: 'null' }
  if (MD5_SECRET.test(value)) return { kind: 'md5' }
  if (SCRAM_SECRET.test(value)) return { kind: 'scram' }
  return {
    kind: 'plaintext',
    length: Array.from(value).length,
    same_as_role: value.toLowerCase() === roleName.toLowerCase()
  }
}

interface RoleOptions {
  attributes: SqlRoleAttributes
  password?: SqlPassword
  in_roles?: string[]
  members?: string[]
  admin_members?: string[]
}

const BOOLEAN_ATTRIBUTES: Record<string, keyof SqlRoleAttributes> = {
  superuser: 'superuser',
  createrole: 'createrole',
  createdb: 'createdb',
  isreplication: 'replication',
  bypassrls: 'bypassrls',
  canlogin: 'login',
  inherit: 'inherit'
}

function roleOptions(options: Node[] | undefined, roleName: string): RoleOptions {
  const attributes: Record<string, boolean | number | string> = {}
  const out: RoleOptions = { attributes }
  for (const option of defElems(options)) {
    const name = option.defname ?? ''
    const attribute = BOOLEAN_ATTRIBUTES[name]
    if (attribute !== undefined) {
      attributes[attribute] = flag(option.arg)
      continue
    }
    switch (name) {
      case 'connectionlimit': {
        const limit = integer(option.arg)
        if (limit !== undefined) attributes.connection_limit = limit
        break
      }
      case 'validUntil': {
        const until = text(option.arg)
        if (until !== undefined) attributes.valid_until = until
        break
      }
      case 'password':
        out.password = password(option.arg, roleName)
        break
      case 'addroleto':
        out.in_roles = roles(items(option.arg))
        break
      case 'rolemembers':
        out.members = roles(items(option.arg))
        break
      case 'adminmembers':
        out.admin_members = roles(items(option.arg))
        break
    }
  }
  return out
}

function privilegeParts(grant: GrantStmt): {
  privileges: string[]
  columns?: string[]
  object_type: SqlObjectType
  grantees: string[]
} {
  const privileges: string[] = []
  const columns: string[] = []
  for (const node of grant.privileges ?? []) {
    if (!('AccessPriv' in node)) continue
    const priv: AccessPriv = node.AccessPriv
    privileges.push((priv.priv_name ?? 'all').toUpperCase())
    columns.push(...strings(priv.cols))
  }
  return {
    privileges: privileges.length > 0 ? privileges : ['ALL'],
    ...(columns.length > 0 ? { columns } : {}),
    object_type: (grant.objtype && OBJECT_TYPES[grant.objtype]) ?? 'other',
    grantees: roles(grant.grantees)
  }
}

function grantAction(grant: GrantStmt): SqlGrantAction | SqlRevokeAction {
  if (grant.is_grant === true) {
    return {
      kind: 'grant',
      ...privilegeParts(grant),
      with_grant_option: grant.grant_option === true
    }
  }
  return {
    kind: 'revoke',
    ...privilegeParts(grant),
    grant_option_for: grant.grant_option === true,
    cascade: grant.behavior === 'DROP_CASCADE'
  }
}

function grantFact(grant: GrantStmt, base: FactBase): SqlStatement {
  const objects: string[] = []
  for (const node of grant.objects ?? []) {
    const name = objectName(node)
    if (name !== undefined) objects.push(name)
  }
  const grantor = grant.grantor !== undefined ? { granted_by: role(grant.grantor) } : {}
  return {
    ...base,
    ...grantAction(grant),
    objects,
    all_in_schema: grant.targtype === 'ACL_TARGET_ALL_IN_SCHEMA',
    ...grantor
  }
}

/** Constant true, as in USING (true) or USING ('t'::boolean). */
function alwaysTrue(node: Node | undefined): boolean {
  if (node === undefined) return false
  if ('A_Const' in node) {
    const value = node.A_Const
    if (value.boolval !== undefined) return value.boolval.boolval === true
    return ['t', 'true', 'on', 'yes', 'y', '1'].includes((value.sval?.sval ?? '').toLowerCase())
  }
  if ('TypeCast' in node) {
    const type = node.TypeCast.typeName?.names
    return qualified(type).endsWith('bool') && alwaysTrue(node.TypeCast.arg)
  }
  return false
}

const POLICY_COMMANDS = ['all', 'select', 'insert', 'update', 'delete'] as const

const RLS_ACTIONS = {
  AT_EnableRowSecurity: 'enable',
  AT_DisableRowSecurity: 'disable',
  AT_ForceRowSecurity: 'force',
  AT_NoForceRowSecurity: 'no_force'
} as const

/** First word of a shell command after VAR=value assignments: never its arguments. */
function programWord(command: string): string {
  for (const word of command.trim().split(/\s+/)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) return word.slice(0, 64)
  }
  return ''
}

function optionKeys(options: Node[] | undefined): { option_keys: string[]; has_password: boolean } {
  const keys: string[] = []
  for (const option of defElems(options)) {
    if (option.defaction !== 'DEFELEM_DROP' && option.defname !== undefined) {
      keys.push(option.defname.toLowerCase())
    }
  }
  return { option_keys: keys, has_password: keys.includes('password') }
}

interface FactBase {
  location: Location
  context?: SqlContext
}

/** The facts one statement gives: none, one, or (DO, CREATE FUNCTION, schemas) several. */
export function statementFacts(node: Node, site: StatementSite): SqlStatement[] {
  const base: FactBase =
    site.context !== undefined
      ? { location: site.location, context: site.context }
      : { location: site.location }

  if ('CreateRoleStmt' in node) {
    const stmt = node.CreateRoleStmt
    const name = stmt.role ?? ''
    const options = roleOptions(stmt.options, name)
    const roleType =
      stmt.stmt_type === 'ROLESTMT_USER'
        ? 'user'
        : stmt.stmt_type === 'ROLESTMT_GROUP'
          ? 'group'
          : 'role'
    if (roleType === 'user') options.attributes.login ??= true
    return [{ ...base, kind: 'create_role', role: name, role_type: roleType, ...options }]
  }
  if ('AlterRoleStmt' in node) {
    const stmt = node.AlterRoleStmt
    const name = role(stmt.role)
    const options = roleOptions(stmt.options, name)
    if (options.members !== undefined) {
      // ALTER GROUP g ADD|DROP USER u: the only form that lists members.
      return stmt.action === -1
        ? [
            {
              ...base,
              kind: 'revoke_role',
              roles: [name],
              grantees: options.members,
              cascade: false
            }
          ]
        : [
            {
              ...base,
              kind: 'grant_role',
              roles: [name],
              grantees: options.members,
              admin_option: false
            }
          ]
    }
    const pw = options.password !== undefined ? { password: options.password } : {}
    return [{ ...base, kind: 'alter_role', role: name, attributes: options.attributes, ...pw }]
  }
  if ('DropRoleStmt' in node) {
    return [{ ...base, kind: 'drop_role', roles: roles(node.DropRoleStmt.roles) }]
  }
  if ('GrantStmt' in node) return [grantFact(node.GrantStmt, base)]
  if ('GrantRoleStmt' in node) {
    const stmt = node.GrantRoleStmt
    const granted: string[] = []
    for (const item of stmt.granted_roles ?? []) {
      if ('AccessPriv' in item) granted.push(item.AccessPriv.priv_name ?? '')
    }
    const grantees = roles(stmt.grantee_roles)
    const grantor = stmt.grantor !== undefined ? { granted_by: role(stmt.grantor) } : {}
    const options = defElems(stmt.opt)
    if (stmt.is_grant === true) {
      const written: { inherit?: boolean; set?: boolean } = {}
      let admin = false
      for (const option of options) {
        if (option.defname === 'admin') admin = flag(option.arg)
        if (option.defname === 'inherit') written.inherit = flag(option.arg)
        if (option.defname === 'set') written.set = flag(option.arg)
      }
      return [
        {
          ...base,
          kind: 'grant_role',
          roles: granted,
          grantees,
          admin_option: admin,
          ...written,
          ...grantor
        }
      ]
    }
    const optionFor = options.find((o) => ['admin', 'inherit', 'set'].includes(o.defname ?? ''))
    return [
      {
        ...base,
        kind: 'revoke_role',
        roles: granted,
        grantees,
        ...(optionFor !== undefined
          ? { option_for: optionFor.defname as 'admin' | 'inherit' | 'set' }
          : {}),
        cascade: stmt.behavior === 'DROP_CASCADE',
        ...grantor
      }
    ]
  }
  if ('AlterDefaultPrivilegesStmt' in node) {
    const stmt = node.AlterDefaultPrivilegesStmt
    let schemas: string[] = []
    let forRoles: string[] = []
    for (const option of defElems(stmt.options)) {
      if (option.defname === 'schemas') schemas = strings(items(option.arg))
      if (option.defname === 'roles') forRoles = roles(items(option.arg))
    }
    if (stmt.action === undefined) return []
    return [
      {
        ...base,
        kind: 'alter_default_privileges',
        schemas,
        for_roles: forRoles,
        action: grantAction(stmt.action)
      }
    ]
  }
  if ('CreateExtensionStmt' in node) {
    const stmt = node.CreateExtensionStmt
    const name = stmt.extname ?? ''
    const words = site.leadingWords(6)
    if (words.includes('language')) {
      // CREATE LANGUAGE without HANDLER reaches the tree as CREATE EXTENSION.
      return [{ ...base, kind: 'create_language', name, trusted: words.includes('trusted') }]
    }
    const fact: SqlStatement = { ...base, kind: 'create_extension', name, cascade: false }
    for (const option of defElems(stmt.options)) {
      const value = text(option.arg)
      if (option.defname === 'schema' && value !== undefined) fact.schema = value
      if (option.defname === 'new_version' && value !== undefined) fact.version = value
      if (option.defname === 'cascade') fact.cascade = flag(option.arg)
    }
    return [fact]
  }
  if ('CreatePLangStmt' in node) {
    const stmt = node.CreatePLangStmt
    const handler = stmt.plhandler !== undefined ? { handler: qualified(stmt.plhandler) } : {}
    return [
      {
        ...base,
        kind: 'create_language',
        name: stmt.plname ?? '',
        trusted: stmt.pltrusted === true,
        ...handler
      }
    ]
  }
  if ('CreateFunctionStmt' in node) {
    const stmt = node.CreateFunctionStmt
    const fact: SqlStatement = {
      ...base,
      kind: 'create_function',
      name: qualified(stmt.funcname),
      routine: stmt.is_procedure === true ? 'procedure' : 'function',
      security_definer: false,
      sets_search_path: false
    }
    let bodyLocation: number | undefined
    for (const option of defElems(stmt.options)) {
      if (option.defname === 'language') {
        const language = text(option.arg)
        if (language !== undefined) fact.language = language.toLowerCase()
      } else if (option.defname === 'security') {
        fact.security_definer = flag(option.arg)
      } else if (option.defname === 'as') {
        bodyLocation = option.location
      } else if (
        option.defname === 'set' &&
        option.arg !== undefined &&
        'VariableSetStmt' in option.arg
      ) {
        const change = settingChange(option.arg.VariableSetStmt)
        if (change?.name === 'search_path') {
          fact.sets_search_path = true
          if (change.value !== undefined) fact.search_path = change.value
        }
      }
    }
    if (fact.language !== 'plpgsql' || bodyLocation === undefined) return [fact]
    const body = site.plpgsql(bodyLocation, 'function_body')
    fact.dynamic_sql_concat = body.dynamic_sql_concat
    return [fact, ...body.statements]
  }
  if ('AlterFunctionStmt' in node) {
    const stmt = node.AlterFunctionStmt
    const routine =
      stmt.objtype === 'OBJECT_PROCEDURE'
        ? 'procedure'
        : stmt.objtype === 'OBJECT_ROUTINE'
          ? 'routine'
          : 'function'
    const fact: SqlStatement = {
      ...base,
      kind: 'alter_function',
      name: routineName(stmt.func),
      routine
    }
    let relevant = false
    for (const action of defElems(stmt.actions)) {
      if (action.defname === 'security') {
        fact.security_definer = flag(action.arg)
        relevant = true
      } else if (
        action.defname === 'set' &&
        action.arg !== undefined &&
        'VariableSetStmt' in action.arg
      ) {
        const change = settingChange(action.arg.VariableSetStmt)
        if (
          change?.action === 'reset_all' ||
          (change?.action === 'reset' && change.name === 'search_path')
        ) {
          fact.resets_search_path = true
          relevant = true
        } else if (change?.name === 'search_path') {
          fact.sets_search_path = true
          if (change.value !== undefined) fact.search_path = change.value
          relevant = true
        }
      }
    }
    return relevant ? [fact] : []
  }
  if ('DoStmt' in node) {
    let language = 'plpgsql'
    let bodyLocation: number | undefined
    for (const arg of defElems(node.DoStmt.args)) {
      if (arg.defname === 'language') language = (text(arg.arg) ?? language).toLowerCase()
      if (arg.defname === 'as') bodyLocation = arg.location
    }
    if (language !== 'plpgsql') return [{ ...base, kind: 'do_block', language }]
    const body = site.plpgsql(bodyLocation, 'do_block')
    return [
      { ...base, kind: 'do_block', language, dynamic_sql_concat: body.dynamic_sql_concat },
      ...body.statements
    ]
  }
  if ('AlterSystemStmt' in node) {
    const change = settingChange(node.AlterSystemStmt.setstmt)
    return change !== undefined ? [{ ...base, kind: 'alter_system', ...change }] : []
  }
  if ('AlterRoleSetStmt' in node) {
    const stmt = node.AlterRoleSetStmt
    const change = settingChange(stmt.setstmt)
    if (change === undefined) return []
    return [
      {
        ...base,
        kind: 'alter_role_set',
        ...(stmt.role !== undefined ? { role: role(stmt.role) } : {}),
        ...(stmt.database !== undefined ? { database: stmt.database } : {}),
        ...change
      }
    ]
  }
  if ('AlterDatabaseSetStmt' in node) {
    const stmt = node.AlterDatabaseSetStmt
    const change = settingChange(stmt.setstmt)
    if (change === undefined) return []
    return [{ ...base, kind: 'alter_database_set', database: stmt.dbname ?? '', ...change }]
  }
  if ('VariableSetStmt' in node) {
    const change = settingChange(node.VariableSetStmt)
    if (change === undefined) return []
    return [{ ...base, kind: 'set', local: node.VariableSetStmt.is_local === true, ...change }]
  }
  if ('CopyStmt' in node) {
    const stmt = node.CopyStmt
    if (stmt.filename === undefined) return []
    const direction = stmt.is_from === true ? 'from' : 'to'
    const table = stmt.relation !== undefined ? { table: relation(stmt.relation) } : {}
    if (stmt.is_program === true) {
      return [
        { ...base, kind: 'copy_program', direction, ...table, program: programWord(stmt.filename) }
      ]
    }
    return [{ ...base, kind: 'copy_file', direction, ...table, path: stmt.filename }]
  }
  if ('CreateUserMappingStmt' in node || 'AlterUserMappingStmt' in node) {
    const [kind, stmt] =
      'CreateUserMappingStmt' in node
        ? (['create_user_mapping', node.CreateUserMappingStmt] as const)
        : (['alter_user_mapping', node.AlterUserMappingStmt] as const)
    return [
      {
        ...base,
        kind,
        user: role(stmt.user),
        server: stmt.servername ?? '',
        ...optionKeys(stmt.options)
      }
    ]
  }
  if ('CreateForeignServerStmt' in node) {
    const stmt = node.CreateForeignServerStmt
    return [
      {
        ...base,
        kind: 'create_server',
        server: stmt.servername ?? '',
        ...(stmt.fdwname !== undefined ? { fdw: stmt.fdwname } : {}),
        ...optionKeys(stmt.options)
      }
    ]
  }
  if ('AlterForeignServerStmt' in node) {
    const stmt = node.AlterForeignServerStmt
    return [
      { ...base, kind: 'alter_server', server: stmt.servername ?? '', ...optionKeys(stmt.options) }
    ]
  }
  if ('CreatePolicyStmt' in node) {
    const stmt = node.CreatePolicyStmt
    const command = POLICY_COMMANDS.find((c) => c === stmt.cmd_name) ?? 'all'
    return [
      {
        ...base,
        kind: 'create_policy',
        name: stmt.policy_name ?? '',
        table: relation(stmt.table),
        command,
        permissive: stmt.permissive === true,
        roles: roles(stmt.roles),
        using_always_true: alwaysTrue(stmt.qual),
        check_always_true: alwaysTrue(stmt.with_check)
      }
    ]
  }
  if ('AlterTableStmt' in node) {
    const stmt = node.AlterTableStmt
    const out: SqlStatement[] = []
    for (const cmd of stmt.cmds ?? []) {
      if (!('AlterTableCmd' in cmd)) continue
      const subtype = cmd.AlterTableCmd.subtype
      if (subtype !== undefined && subtype in RLS_ACTIONS) {
        const action = RLS_ACTIONS[subtype as keyof typeof RLS_ACTIONS]
        out.push({ ...base, kind: 'alter_table_rls', table: relation(stmt.relation), action })
      }
    }
    return out
  }
  if ('CreateSchemaStmt' in node) {
    return (node.CreateSchemaStmt.schemaElts ?? []).flatMap((element) =>
      statementFacts(element, site)
    )
  }
  return []
}
