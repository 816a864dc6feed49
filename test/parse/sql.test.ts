import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { SqlStatement } from '../../src/facts/sql-types.js'
import { initSqlParser, parseSql, type ParsedSql } from '../../src/parse/sql.js'

const F = 'db/migrate.sql'
const FIXTURES = path.join(import.meta.dirname, '../fixtures/sql')

beforeAll(async () => {
  await initSqlParser()
})

function facts(sql: string | Uint8Array): SqlStatement[] {
  const parsed = parseSql(sql, F)
  expect(parsed.diagnostics).toEqual([])
  return parsed.statements
}

function unlocated(fact: SqlStatement): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...fact }
  delete copy['location']
  return copy
}

/** The one fact of a one-statement script, without its location. */
function one(sql: string): Record<string, unknown> {
  const [first, ...rest] = facts(sql)
  expect(rest).toEqual([])
  if (!first) throw new Error(`no fact for ${sql}`)
  return unlocated(first)
}

function fixture(name: string): ParsedSql {
  return parseSql(fs.readFileSync(path.join(FIXTURES, name)), name)
}

/** kind@line:column of every fact. */
function positions(parsed: ParsedSql): string[] {
  return parsed.statements.map((s) => `${s.kind}@${s.location.line}:${s.location.column}`)
}

describe('initSqlParser', () => {
  it('must be awaited before parseSql, which then is synchronous', async () => {
    vi.resetModules()
    const fresh = await import('../../src/parse/sql.js')
    expect(() => fresh.parseSql('SELECT 1', F)).toThrow(/initSqlParser/)
    await Promise.all([fresh.initSqlParser(), fresh.initSqlParser()])
    expect(fresh.parseSql('CREATE ROLE r', F).statements).toHaveLength(1)
  })
})

describe('roles', () => {
  it('reads every attribute of CREATE ROLE, names folded as PostgreSQL folds them', () => {
    expect(
      one(
        'CREATE ROLE Admin WITH SUPERUSER CREATEROLE CREATEDB REPLICATION BYPASSRLS LOGIN ' +
          'NOINHERIT CONNECTION LIMIT 0 VALID UNTIL \'infinity\' IN ROLE Ops, "Dba" ROLE m ADMIN a'
      )
    ).toEqual({
      kind: 'create_role',
      role: 'admin',
      role_type: 'role',
      attributes: {
        superuser: true,
        createrole: true,
        createdb: true,
        replication: true,
        bypassrls: true,
        login: true,
        inherit: false,
        connection_limit: 0,
        valid_until: 'infinity'
      },
      in_roles: ['ops', 'Dba'],
      members: ['m'],
      admin_members: ['a']
    })
  })

  it('gives CREATE USER its implied LOGIN and CREATE GROUP none', () => {
    expect(one('CREATE USER u')).toMatchObject({ role_type: 'user', attributes: { login: true } })
    expect(one('CREATE USER u NOLOGIN')).toMatchObject({ attributes: { login: false } })
    expect(one('CREATE GROUP g')).toMatchObject({ role_type: 'group', attributes: {} })
  })

  it('classifies passwords as PostgreSQL does', () => {
    const kind = (literal: string) => one(`CREATE ROLE r PASSWORD ${literal}`)['password']
    expect(kind("'correct horse'")).toEqual({ kind: 'plaintext', length: 13, same_as_role: false })
    expect(kind("'R'")).toEqual({ kind: 'plaintext', length: 1, same_as_role: true })
    expect(kind("'md5" + 'a'.repeat(32) + "'")).toEqual({ kind: 'md5' })
    expect(kind("'md5" + 'A'.repeat(32) + "'")).toMatchObject({ kind: 'plaintext' })
    const key = 'h7BOWJYfmpnYU9QEagtbeT58Pku9IfWsqPsXwgzbHYs='
    expect(kind(`'SCRAM-SHA-256$4096:c2FsdA==$${key}:${key}'`)).toEqual({ kind: 'scram' })
    expect(kind("'SCRAM-SHA-256$4096:bad'")).toMatchObject({ kind: 'plaintext' })
    expect(kind('NULL')).toEqual({ kind: 'null' })
    expect(kind("''")).toEqual({ kind: 'null' })
  })

  it('reads ALTER ROLE and ALTER USER attributes and passwords', () => {
    expect(one("ALTER USER CURRENT_USER WITH NOSUPERUSER PASSWORD 'x'")).toEqual({
      kind: 'alter_role',
      role: 'current_user',
      attributes: { superuser: false },
      password: { kind: 'plaintext', length: 1, same_as_role: false }
    })
  })

  it('reads ALTER GROUP ADD/DROP USER as role grants and revokes', () => {
    expect(one('ALTER GROUP admins ADD USER a, b')).toEqual({
      kind: 'grant_role',
      roles: ['admins'],
      grantees: ['a', 'b'],
      admin_option: false
    })
    expect(one('ALTER GROUP admins DROP USER a')).toEqual({
      kind: 'revoke_role',
      roles: ['admins'],
      grantees: ['a'],
      cascade: false
    })
  })

  it('reads DROP ROLE', () => {
    expect(one('DROP ROLE IF EXISTS a, "B"')).toEqual({ kind: 'drop_role', roles: ['a', 'B'] })
  })

  it('never keeps a password, in facts or in diagnostics', () => {
    const secrets = ['Pa55-word-1', 'Pa55-word-2', 'Pa55-word-3', 'Pa55-word-4', 'Pa55-word-5']
    const script = [
      `CREATE ROLE a LOGIN PASSWORD '${secrets[0] ?? ''}'`,
      `ALTER ROLE a PASSWORD '${secrets[1] ?? ''}' NOSUCHOPTION`,
      `CREATE USER MAPPING FOR a SERVER s OPTIONS (password '${secrets[2] ?? ''}')`,
      `DO $$ BEGIN CREATE ROLE b PASSWORD '${secrets[3] ?? ''}'; END $$`,
      `ALTER ROLE c PASSWORD '${secrets[4] ?? ''}`
    ].join(';\n')
    const output = JSON.stringify(parseSql(script, F))
    expect(output).toContain('"kind":"plaintext"')
    expect(output).toContain('SQL_SYNTAX')
    for (const secret of secrets) expect(output).not.toContain(secret)
  })
})

describe('privileges', () => {
  it('reads GRANT ALL ... IN SCHEMA to PUBLIC with grant option', () => {
    expect(
      one(
        'GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC, app WITH GRANT OPTION GRANTED BY CURRENT_USER'
      )
    ).toEqual({
      kind: 'grant',
      privileges: ['ALL'],
      object_type: 'table',
      objects: ['public'],
      all_in_schema: true,
      grantees: ['public', 'app'],
      with_grant_option: true,
      granted_by: 'current_user'
    })
  })

  it('names objects of every type', () => {
    const objects = (sql: string) => {
      const fact = one(sql)
      return [fact['object_type'], ...(fact['objects'] as string[])]
    }
    expect(objects('GRANT SELECT (a, b), UPDATE (c) ON s.t, "T" TO app')).toEqual([
      'table',
      's.t',
      'T'
    ])
    expect(objects('GRANT EXECUTE ON FUNCTION s.f(int), g() TO app')).toEqual([
      'function',
      's.f',
      'g'
    ])
    expect(objects('GRANT CREATE ON SCHEMA public TO PUBLIC')).toEqual(['schema', 'public'])
    expect(objects('GRANT CONNECT ON DATABASE d TO u')).toEqual(['database', 'd'])
    expect(objects('GRANT USAGE ON LANGUAGE plpython3u TO u')).toEqual(['language', 'plpython3u'])
    expect(objects('GRANT SELECT ON LARGE OBJECT 1234 TO u')).toEqual(['large_object', '1234'])
    expect(objects('GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO u')).toEqual([
      'foreign_data_wrapper',
      'postgres_fdw'
    ])
    expect(objects('GRANT USAGE ON FOREIGN SERVER s TO u')).toEqual(['foreign_server', 's'])
    expect(objects('GRANT SET ON PARAMETER log_statement TO u')).toEqual([
      'parameter',
      'log_statement'
    ])
    expect(objects('GRANT USAGE ON TYPE s.t TO u')).toEqual(['type', 's.t'])
    expect(objects('GRANT ALL ON SEQUENCE seq TO u')).toEqual(['sequence', 'seq'])
  })

  it('keeps column privileges apart', () => {
    expect(one('GRANT SELECT (a, b), UPDATE (c) ON t TO app')).toMatchObject({
      privileges: ['SELECT', 'UPDATE'],
      columns: ['a', 'b', 'c']
    })
  })

  it('reads REVOKE with GRANT OPTION FOR and CASCADE', () => {
    expect(one('REVOKE GRANT OPTION FOR ALL PRIVILEGES ON DATABASE d FROM x CASCADE')).toEqual({
      kind: 'revoke',
      privileges: ['ALL'],
      object_type: 'database',
      objects: ['d'],
      all_in_schema: false,
      grantees: ['x'],
      grant_option_for: true,
      cascade: true
    })
  })

  it('reads role grants with ADMIN, INHERIT and SET options', () => {
    expect(one('GRANT pg_execute_server_program, admin TO app WITH ADMIN OPTION')).toEqual({
      kind: 'grant_role',
      roles: ['pg_execute_server_program', 'admin'],
      grantees: ['app'],
      admin_option: true
    })
    expect(one('GRANT r TO u WITH INHERIT FALSE, SET TRUE GRANTED BY x')).toEqual({
      kind: 'grant_role',
      roles: ['r'],
      grantees: ['u'],
      admin_option: false,
      inherit: false,
      set: true,
      granted_by: 'x'
    })
    expect(one('REVOKE ADMIN OPTION FOR r FROM u')).toMatchObject({
      kind: 'revoke_role',
      option_for: 'admin'
    })
    expect(one('REVOKE r FROM u CASCADE')).toEqual({
      kind: 'revoke_role',
      roles: ['r'],
      grantees: ['u'],
      cascade: true
    })
  })

  it('reads ALTER DEFAULT PRIVILEGES with the grant inside', () => {
    expect(
      one(
        'ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA s1, s2 GRANT SELECT ON TABLES TO PUBLIC'
      )
    ).toEqual({
      kind: 'alter_default_privileges',
      schemas: ['s1', 's2'],
      for_roles: ['owner'],
      action: {
        kind: 'grant',
        privileges: ['SELECT'],
        object_type: 'table',
        grantees: ['public'],
        with_grant_option: false
      }
    })
    expect(one('ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM public')).toMatchObject({
      schemas: [],
      for_roles: [],
      action: { kind: 'revoke', object_type: 'function', grantees: ['public'] }
    })
  })

  it('reads grants inside CREATE SCHEMA', () => {
    expect(one('CREATE SCHEMA s CREATE TABLE t (a int) GRANT SELECT ON t TO PUBLIC')).toMatchObject(
      {
        kind: 'grant',
        grantees: ['public']
      }
    )
  })
})

describe('extensions, languages and functions', () => {
  it('reads CREATE EXTENSION', () => {
    expect(
      one("CREATE EXTENSION IF NOT EXISTS dblink WITH SCHEMA ext VERSION '1.2' CASCADE")
    ).toEqual({
      kind: 'create_extension',
      name: 'dblink',
      schema: 'ext',
      version: '1.2',
      cascade: true
    })
    expect(one('CREATE EXTENSION "uuid-ossp"')).toEqual({
      kind: 'create_extension',
      name: 'uuid-ossp',
      cascade: false
    })
  })

  it('reads CREATE LANGUAGE as written, with or without a handler', () => {
    expect(one('CREATE LANGUAGE plpython3u')).toEqual({
      kind: 'create_language',
      name: 'plpython3u',
      trusted: false
    })
    expect(one('/* c */ create or replace trusted procedural language plperlu')).toMatchObject({
      kind: 'create_language',
      trusted: true
    })
    expect(one('CREATE TRUSTED LANGUAGE x HANDLER s.h')).toEqual({
      kind: 'create_language',
      name: 'x',
      trusted: true,
      handler: 's.h'
    })
  })

  it('reads SECURITY DEFINER, SET search_path and dynamic SQL of functions', () => {
    expect(
      one(
        'CREATE OR REPLACE FUNCTION s.f(a int) RETURNS int LANGUAGE plpgsql SECURITY DEFINER ' +
          "SET search_path = pg_catalog, pg_temp AS $$ BEGIN EXECUTE 'SELECT ' || a; RETURN 1; END $$"
      )
    ).toEqual({
      kind: 'create_function',
      name: 's.f',
      routine: 'function',
      language: 'plpgsql',
      security_definer: true,
      sets_search_path: true,
      search_path: 'pg_catalog, pg_temp',
      dynamic_sql_concat: true
    })
    expect(
      one(
        "CREATE FUNCTION g() RETURNS int AS 'select 1' LANGUAGE SQL SECURITY INVOKER SET search_path FROM CURRENT"
      )
    ).toEqual({
      kind: 'create_function',
      name: 'g',
      routine: 'function',
      language: 'sql',
      security_definer: false,
      sets_search_path: true
    })
  })

  it('tells safe format() from concatenation in EXECUTE', () => {
    const body = (code: string) =>
      one(`CREATE FUNCTION f(r text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN ${code}; END $$`)
    expect(body("EXECUTE format('GRANT ALL ON t TO %I', r)")).toMatchObject({
      dynamic_sql_concat: false
    })
    expect(body("EXECUTE format('GRANT ALL ON t TO %s', r)")).toMatchObject({
      dynamic_sql_concat: true
    })
    expect(body("RETURN QUERY EXECUTE 'SELECT ' || r")).toMatchObject({ dynamic_sql_concat: true })
  })

  it('falls back to the text when PL/pgSQL cannot compile the body', () => {
    expect(
      one(
        "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN FOR r IN EXECUTE 'SELECT ' || x LOOP END LOOP; END $$"
      )
    ).toMatchObject({ dynamic_sql_concat: true })
  })

  it('reads ALTER FUNCTION changes to SECURITY and search_path, and nothing else', () => {
    const [definer, reset, procedure] = facts(
      'ALTER FUNCTION f(int) SECURITY DEFINER SET search_path = public; ALTER FUNCTION f RESET ALL; ' +
        'ALTER PROCEDURE p() EXTERNAL SECURITY INVOKER; ALTER FUNCTION f IMMUTABLE'
    )
    expect(definer).toMatchObject({
      kind: 'alter_function',
      name: 'f',
      routine: 'function',
      security_definer: true,
      sets_search_path: true,
      search_path: 'public'
    })
    expect(reset).toMatchObject({ resets_search_path: true })
    expect(procedure).toMatchObject({ routine: 'procedure', security_definer: false })
  })

  it('reads the statements a DO block runs, at their own lines', () => {
    const sql = [
      'DO $$',
      'BEGIN',
      "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app') THEN",
      '    CREATE ROLE app LOGIN SUPERUSER;',
      '  END IF;',
      'END',
      '$$;',
      "DO LANGUAGE plpython3u 'print(1)';"
    ].join('\n')
    expect(positions(parseSql(sql, F))).toEqual(['do_block@1:1', 'create_role@4:5', 'do_block@8:1'])
    const [block, role, python] = facts(sql)
    expect(block).toMatchObject({ language: 'plpgsql', dynamic_sql_concat: false })
    expect(role).toMatchObject({ context: 'do_block', attributes: { superuser: true } })
    expect(python).toEqual({ kind: 'do_block', language: 'plpython3u', location: python?.location })
  })

  it('reads statements in function bodies when the body starts lines below AS', () => {
    const sql =
      'CREATE FUNCTION mk()\nRETURNS void\nLANGUAGE plpgsql AS\n\n$body$\nBEGIN\n  GRANT ALL ON t TO PUBLIC;\nEND\n$body$;'
    expect(positions(parseSql(sql, F))).toEqual(['create_function@1:1', 'grant@7:3'])
    expect(facts(sql)[1]).toMatchObject({ context: 'function_body', grantees: ['public'] })
  })
})

describe('settings', () => {
  it('reads ALTER SYSTEM set, reset and reset all', () => {
    expect(
      facts(
        "ALTER SYSTEM SET log_statement = 'none'; ALTER SYSTEM SET ssl TO off; ALTER SYSTEM RESET ALL; " +
          "ALTER SYSTEM SET work_mem TO DEFAULT; ALTER SYSTEM SET shared_preload_libraries = 'a', b; " +
          'ALTER SYSTEM SET random_page_cost = 1.1; ALTER SYSTEM SET x.y = -1; ALTER SYSTEM SET n = 0'
      ).map(unlocated)
    ).toEqual([
      { kind: 'alter_system', action: 'set', name: 'log_statement', value: 'none' },
      { kind: 'alter_system', action: 'set', name: 'ssl', value: 'off' },
      { kind: 'alter_system', action: 'reset_all' },
      { kind: 'alter_system', action: 'reset', name: 'work_mem' },
      { kind: 'alter_system', action: 'set', name: 'shared_preload_libraries', value: 'a, b' },
      { kind: 'alter_system', action: 'set', name: 'random_page_cost', value: '1.1' },
      { kind: 'alter_system', action: 'set', name: 'x.y', value: '-1' },
      { kind: 'alter_system', action: 'set', name: 'n', value: '0' }
    ])
  })

  it('reads ALTER ROLE ... SET, for one role, all roles and one database', () => {
    expect(one("ALTER ROLE app IN DATABASE d SET pgaudit.log = 'none'")).toEqual({
      kind: 'alter_role_set',
      role: 'app',
      database: 'd',
      action: 'set',
      name: 'pgaudit.log',
      value: 'none'
    })
    expect(one('ALTER ROLE ALL SET statement_timeout = 0')).toEqual({
      kind: 'alter_role_set',
      action: 'set',
      name: 'statement_timeout',
      value: '0'
    })
    expect(one('ALTER USER app RESET search_path')).toMatchObject({ action: 'reset' })
  })

  it('reads ALTER DATABASE ... SET', () => {
    expect(one('ALTER DATABASE d SET log_min_duration_statement TO -1')).toEqual({
      kind: 'alter_database_set',
      database: 'd',
      action: 'set',
      name: 'log_min_duration_statement',
      value: '-1'
    })
  })

  it('reads session SET and RESET, not SET TRANSACTION', () => {
    const found = facts(
      "SET search_path TO a, 'b'; SET LOCAL statement_timeout = 0; RESET role; SET TIME ZONE 'UTC'; " +
        'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE; SET ROLE admin'
    ).map(unlocated)
    expect(found).toEqual([
      { kind: 'set', local: false, action: 'set', name: 'search_path', value: 'a, b' },
      { kind: 'set', local: true, action: 'set', name: 'statement_timeout', value: '0' },
      { kind: 'set', local: false, action: 'reset', name: 'role' },
      { kind: 'set', local: false, action: 'set', name: 'timezone', value: 'UTC' },
      { kind: 'set', local: false, action: 'set', name: 'role', value: 'admin' }
    ])
  })
})

describe('COPY, foreign servers, row level security', () => {
  it('reads COPY ... PROGRAM keeping only the command word', () => {
    const sql =
      "COPY t (a) FROM PROGRAM 'API_TOKEN=s3cr3t curl -s -u user:hunter2 https://x' WITH (FORMAT csv); " +
      "COPY (SELECT 1) TO PROGRAM 'gzip > /tmp/x'"
    const found = facts(sql)
    expect(found.map(unlocated)).toEqual([
      { kind: 'copy_program', direction: 'from', table: 't', program: 'curl' },
      { kind: 'copy_program', direction: 'to', program: 'gzip' }
    ])
    expect(JSON.stringify(found)).not.toMatch(/s3cr3t|hunter2/)
  })

  it('reads COPY to and from server files, and skips COPY FROM STDIN data', () => {
    const sql = [
      "COPY s.t FROM '/etc/passwd';",
      'COPY t FROM stdin;',
      "1\tCREATE ROLE x SUPERUSER; 'unterminated",
      '\\.',
      'COPY t TO STDOUT;',
      'CREATE ROLE after_data;'
    ].join('\n')
    expect(positions(parseSql(sql, F))).toEqual(['copy_file@1:1', 'create_role@6:1'])
    expect(facts(sql)[0]).toMatchObject({ direction: 'from', table: 's.t', path: '/etc/passwd' })
  })

  it('reads option keys of user mappings and servers, never their values', () => {
    const found = facts(
      "CREATE USER MAPPING FOR PUBLIC SERVER remote OPTIONS (user 'bob', password 'mapping-pw'); " +
        "ALTER USER MAPPING FOR CURRENT_USER SERVER s OPTIONS (SET password 'new-pw', DROP user); " +
        "CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'h', port '5432'); " +
        "ALTER SERVER remote OPTIONS (ADD password 'server-pw')"
    )
    expect(found.map(unlocated)).toEqual([
      {
        kind: 'create_user_mapping',
        user: 'public',
        server: 'remote',
        option_keys: ['user', 'password'],
        has_password: true
      },
      {
        kind: 'alter_user_mapping',
        user: 'current_user',
        server: 's',
        option_keys: ['password'],
        has_password: true
      },
      {
        kind: 'create_server',
        server: 'remote',
        fdw: 'postgres_fdw',
        option_keys: ['host', 'port'],
        has_password: false
      },
      { kind: 'alter_server', server: 'remote', option_keys: ['password'], has_password: true }
    ])
    expect(JSON.stringify(found)).not.toMatch(/-pw/)
  })

  it('reads policies and whether they are always true', () => {
    expect(
      one(
        'CREATE POLICY p ON s.t AS RESTRICTIVE FOR SELECT TO app, PUBLIC USING (true) WITH CHECK (a = 1)'
      )
    ).toEqual({
      kind: 'create_policy',
      name: 'p',
      table: 's.t',
      command: 'select',
      permissive: false,
      roles: ['app', 'public'],
      using_always_true: true,
      check_always_true: false
    })
    expect(one("CREATE POLICY q ON t USING ('t'::boolean) WITH CHECK (true)")).toMatchObject({
      command: 'all',
      permissive: true,
      roles: ['public'],
      using_always_true: true,
      check_always_true: true
    })
  })

  it('reads every row level security clause of ALTER TABLE', () => {
    expect(
      facts(
        'ALTER TABLE IF EXISTS ONLY s.t ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY; ' +
          'ALTER TABLE t DISABLE ROW LEVEL SECURITY, NO FORCE ROW LEVEL SECURITY, OWNER TO x; ' +
          'ALTER TABLE t ADD COLUMN c int'
      ).map((f) => [f.kind, (f as { table?: string }).table, (f as { action?: string }).action])
    ).toEqual([
      ['alter_table_rls', 's.t', 'enable'],
      ['alter_table_rls', 's.t', 'force'],
      ['alter_table_rls', 't', 'disable'],
      ['alter_table_rls', 't', 'no_force']
    ])
  })

  it('leaves other statements out', () => {
    expect(
      facts('CREATE TABLE t (a int); INSERT INTO t VALUES (1); SELECT 1; BEGIN; COMMIT')
    ).toEqual([])
  })
})

describe('locations', () => {
  it('counts lines and UTF-16 columns after multi-byte characters', () => {
    const sql = "-- é 😀 日本\nSELECT 'ü'; /* ß */ CREATE ROLE a;\n  😀 GRANT x TO y;"
    const parsed = parseSql(sql, F)
    expect(positions(parsed)).toEqual(['create_role@2:21'])
    expect(parsed.diagnostics).toMatchObject([
      { code: 'SQL_SYNTAX', location: { line: 3, column: 3 } }
    ])
  })

  it('maps byte offsets of later statements in a chunk past multi-byte literals', () => {
    expect(positions(parseSql("SELECT '日本語' \\; CREATE ROLE b;", F))).toEqual([
      'create_role@1:17'
    ])
  })

  it('handles CRLF line endings and a byte order mark', () => {
    const sql = '\uFEFF-- migration\r\nCREATE ROLE a;\r\n\r\n  GRANT r TO a;\r\n'
    expect(positions(parseSql(sql, F))).toEqual(['create_role@2:1', 'grant_role@4:3'])
  })

  it('locates statements after invalid UTF-8 bytes and says the file is not UTF-8', () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('GRANT r TO "'),
      0xe9,
      0xff,
      ...new TextEncoder().encode("\";\nCREATE ROLE r; SELECT 'x' '")
    ])
    const parsed = parseSql(bytes, F)
    expect(positions(parsed)).toEqual(['grant_role@1:1', 'create_role@2:1'])
    expect(parsed.statements[0]).toMatchObject({ grantees: ['??'] })
    expect(parsed.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([
      ['SQL_ENCODING', 1, 13],
      ['SQL_SYNTAX', 2, 27]
    ])
  })
})

describe('diagnostics', () => {
  it('reports a statement PostgreSQL rejects at its line and keeps reading', () => {
    const parsed = parseSql(
      'CREATE ROLE a;\nGRANT ALL ON db.* TO app;\nFLUSH PRIVILEGES;\nCREATE ROLE b;',
      F
    )
    expect(positions(parsed)).toEqual(['create_role@1:1', 'create_role@4:1'])
    expect(parsed.diagnostics).toEqual([
      {
        code: 'SQL_SYNTAX',
        level: 'warning',
        message: 'syntax error at or near "TO"',
        location: { file: F, line: 2, column: 19 }
      },
      {
        code: 'SQL_SYNTAX',
        level: 'warning',
        message: 'syntax error at or near "FLUSH"',
        location: { file: F, line: 3, column: 1 }
      }
    ])
  })

  it('withholds the token PostgreSQL quotes when it may be a secret', () => {
    const messages = (sql: string) => parseSql(sql, F).diagnostics.map((d) => d.message)
    expect(messages("ALTER ROLE a PASSWORD 'secret-1' WITH; SELECT 'open")).toEqual([
      'syntax error at or near a token not shown',
      'unterminated quoted string at or near a token not shown'
    ])
    expect(messages('SELECT 1 +')).toEqual(['syntax error at end of input'])
  })

  it('skips psql meta-commands with a notice', () => {
    const parsed = parseSql(
      '\\set ON_ERROR_STOP on\n\\connect app\nCREATE ROLE a;\n\\i next.sql\n',
      F
    )
    expect(positions(parsed)).toEqual(['create_role@3:1'])
    expect(parsed.diagnostics.map((d) => [d.level, d.code, d.message, d.location?.line])).toEqual([
      ['notice', 'SQL_PSQL_META', 'psql meta-command \\set skipped', 1],
      ['notice', 'SQL_PSQL_META', 'psql meta-command \\connect skipped', 2],
      ['notice', 'SQL_PSQL_META', 'psql meta-command \\i skipped', 4]
    ])
  })

  it('does not parse statements that cannot carry a fact, nor report their syntax', () => {
    const sql = [
      'INSERT INTO t VALUES (1,);',
      'CREATE TABLE t (a int,);',
      'CREATE UNIQUE INDEX ON;',
      'ALTER TABLE t ADD COLUMN;',
      'ALTER TABLE t ENABLE ROW LEVEL SECURITY;',
      'FLUSH PRIVILEGES;',
      'SELECT 1 \\; GRANT r TO u;',
      'SELECT (1;'
    ].join('\n')
    const parsed = parseSql(sql, F)
    expect(positions(parsed)).toEqual(['alter_table_rls@5:1', 'grant_role@7:13'])
    expect(parsed.diagnostics.map((d) => d.location?.line)).toEqual([6, 8])
  })

  it('reads a NUL byte as a blank, not as the end of the file', () => {
    expect(positions(parseSql('CREATE ROLE a\0LOGIN; CREATE ROLE b;', F))).toEqual([
      'create_role@1:1',
      'create_role@1:22'
    ])
  })

  it('never throws, and locates everything inside the file, whatever the input', () => {
    const token = fc.constantFrom(
      "'",
      '"',
      '$$',
      '$a$',
      ';',
      '--',
      '/*',
      '*/',
      '\\',
      '\n',
      ' ',
      '(',
      ')',
      "E'\\'",
      'CREATE ROLE r PASSWORD ',
      'DO ',
      'BEGIN ATOMIC ',
      'END',
      'create function f() ',
      'COPY t FROM stdin',
      '\\.',
      'GRANT ALL ON t TO PUBLIC',
      'é',
      '😀',
      '\0'
    )
    const input = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(token, { maxLength: 40 }).map((parts) => parts.join('')),
      fc.uint8Array({ maxLength: 200 })
    )
    fc.assert(
      fc.property(input, (source) => {
        const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source
        const lines = bytes.reduce((n, b) => (b === 0x0a ? n + 1 : n), 1)
        const parsed = parseSql(source, F)
        for (const item of [...parsed.statements, ...parsed.diagnostics]) {
          const at = item.location
          if (!at) throw new Error('missing location')
          expect(at.line).toBeGreaterThanOrEqual(1)
          expect(at.line).toBeLessThanOrEqual(lines)
          expect(at.column).toBeGreaterThanOrEqual(1)
        }
      }),
      { numRuns: 1000 }
    )
  })
})

describe('fixtures', () => {
  it('reads a Flyway roles migration', () => {
    const parsed = fixture('V1__roles.sql')
    expect(parsed.diagnostics).toEqual([])
    expect(positions(parsed)).toEqual([
      'create_role@6:1',
      'create_role@8:1',
      'create_role@9:1',
      'create_role@10:1',
      'create_role@11:1',
      'alter_role@13:1',
      'alter_role@14:1',
      'grant_role@16:1',
      'grant_role@17:1',
      'revoke_role@18:1',
      'grant_role@19:1',
      'drop_role@20:1'
    ])
    expect(
      parsed.statements.map((s) => (s as { password?: { kind: string } }).password?.kind)
    ).toEqual([
      undefined,
      'scram',
      'plaintext',
      'md5',
      undefined,
      'null',
      'plaintext',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined
    ])
    expect(JSON.stringify(parsed)).not.toMatch(/Sup3rS3cret|SCRAM-SHA|md5d48/)
  })

  it('reads a grants migration', () => {
    const parsed = fixture('V2__grants.sql')
    expect(parsed.diagnostics).toEqual([])
    expect(positions(parsed)).toEqual([
      'revoke@2:1',
      'revoke@3:1',
      'grant@4:1',
      'grant@5:1',
      'grant@6:1',
      'grant@7:1',
      'grant@8:1',
      'grant@9:1',
      'alter_default_privileges@10:1',
      'alter_default_privileges@12:1',
      'grant@13:1'
    ])
  })

  it('reads functions with dollar-quoted bodies holding semicolons', () => {
    const parsed = fixture('V3__functions.sql')
    expect(parsed.diagnostics).toEqual([])
    expect(positions(parsed)).toEqual([
      'create_function@2:1',
      'create_function@13:1',
      'create_function@18:1',
      'alter_function@24:1',
      'alter_function@25:1',
      'do_block@27:1',
      'create_role@30:5',
      'create_function@35:1',
      'create_language@41:1'
    ])
    expect(parsed.statements[0]).toMatchObject({ security_definer: true, sets_search_path: false })
    expect(parsed.statements[2]).toMatchObject({ dynamic_sql_concat: true })
  })

  it('reads a psql init script with meta-commands', () => {
    const parsed = fixture('init-db.sql')
    expect(parsed.diagnostics.map((d) => d.code)).toEqual([
      'SQL_PSQL_META',
      'SQL_PSQL_META',
      'SQL_PSQL_META'
    ])
    expect(parsed.statements.map((s) => s.kind)).toEqual([
      'create_extension',
      'create_extension',
      'create_extension',
      'create_language',
      'alter_system',
      'alter_system',
      'alter_system',
      'alter_role_set',
      'alter_role_set',
      'alter_database_set',
      'set',
      'create_server',
      'create_user_mapping',
      'copy_program',
      'copy_program'
    ])
    expect(JSON.stringify(parsed)).not.toMatch(/l3gacy-pw|tok_live|Bearer/)
  })

  it('reads a Rails structure.sql with COPY data', () => {
    const parsed = fixture('structure.sql')
    expect(parsed.diagnostics).toEqual([])
    expect(positions(parsed).filter((p) => !p.startsWith('set@'))).toEqual([
      'alter_table_rls@22:1',
      'create_policy@24:1',
      'create_policy@25:1',
      'alter_table_rls@27:1'
    ])
    expect(positions(parsed).at(-1)).toBe('set@34:1')
  })

  it('reads a Django sqlmigrate script with CRLF line endings', () => {
    const parsed = fixture('0001_initial.sql')
    expect(parsed.diagnostics).toEqual([])
    expect(positions(parsed)).toEqual(['grant@9:1', 'alter_table_rls@10:1'])
  })

  it('keeps the good statements of a script ported from MySQL (CREATE TABLE is not parsed)', () => {
    const parsed = fixture('broken.sql')
    expect(positions(parsed)).toEqual(['create_role@2:1', 'grant@5:1', 'create_role@7:1'])
    expect(parsed.diagnostics.map((d) => `${d.code}@${d.location?.line}`)).toEqual([
      'SQL_SYNTAX@3',
      'SQL_SYNTAX@4',
      'SQL_SYNTAX@8'
    ])
    expect(JSON.stringify(parsed)).not.toMatch(/not-so-secret|mysql-pass/)
  })
})
