import fc from 'fast-check'
import { loadModule, parseSync } from 'libpg-query'
import { beforeAll, describe, expect, it } from 'vitest'
import { copyDataEnd, nextStatement, type SqlSegment } from '../../src/parse/sql-split.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

function segments(sql: string): SqlSegment[] {
  const bytes = encoder.encode(sql)
  const out: SqlSegment[] = []
  let pos = 0
  while (pos < bytes.length) {
    const segment = nextStatement(bytes, pos)
    out.push(segment)
    pos = segment.next
  }
  return out
}

/** The statements' texts as psql would send them, meta-commands and `\` of `\;` blanked. */
function statements(sql: string): string[] {
  const bytes = encoder.encode(sql)
  return segments(sql).flatMap(({ chunk }) => {
    if (chunk === undefined) return []
    const copy = bytes.slice(chunk.start, chunk.end)
    for (let k = 0; k < chunk.blanks.length; k += 2) {
      copy.fill(
        0x20,
        (chunk.blanks[k] ?? 0) - chunk.start,
        (chunk.blanks[k + 1] ?? 0) - chunk.start
      )
    }
    return [decoder.decode(copy)]
  })
}

describe('nextStatement', () => {
  it('ends statements at top-level semicolons and at the end of the file', () => {
    expect(statements('SELECT 1;SELECT 2 ;\n  SELECT 3')).toEqual([
      'SELECT 1',
      'SELECT 2 ',
      'SELECT 3'
    ])
  })

  it('starts a statement at its first token, after blanks and comments', () => {
    const sql = '-- c;\n/* a; /* nested; */ b; */\n  CREATE ROLE r;'
    expect(segments(sql)[0]?.chunk?.start).toBe(sql.indexOf('CREATE'))
    expect(statements('-- only a comment;\n/* and; another */\n')).toEqual([])
  })

  it('keeps semicolons inside quotes, identifiers, dollar quotes and parentheses', () => {
    const sql = [
      "SELECT 'a;b', 'it''s;'",
      'SELECT "we;""ird"',
      "SELECT E'it\\'s; ok', e'\\\\'",
      'SELECT $$a;b$$, $fn$ $$; $fn$',
      'SELECT (1;2)',
      "SELECT x'1F', U&'d;'"
    ].join(';\n')
    expect(statements(sql)).toHaveLength(6)
  })

  it('treats backslashes as ordinary characters outside E strings', () => {
    expect(statements("SELECT 'a\\';SELECT 2")).toEqual(["SELECT 'a\\'", 'SELECT 2'])
  })

  it('does not take $1 or a $ inside an identifier for a dollar quote', () => {
    expect(statements('SELECT $1;SELECT a$b$ FROM t;SELECT 3')).toEqual([
      'SELECT $1',
      'SELECT a$b$ FROM t',
      'SELECT 3'
    ])
  })

  it('keeps the BEGIN ATOMIC body of a function or procedure in one statement, like psql', () => {
    const sql =
      'CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT 1; ' +
      'SELECT CASE WHEN true THEN 1 END; END; SELECT 2; BEGIN; COMMIT'
    expect(statements(sql)).toEqual([
      'CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 1 END; END',
      'SELECT 2',
      'BEGIN',
      'COMMIT'
    ])
  })

  it('runs an unterminated quote or comment to the end of the file', () => {
    expect(statements("SELECT 'open; SELECT 2;")).toEqual(["SELECT 'open; SELECT 2;"])
    expect(statements('SELECT $$ open; SELECT 2;')).toHaveLength(1)
    expect(statements('SELECT 1 /* open; SELECT 2;')).toHaveLength(1)
  })

  it('reports meta-commands and blanks those inside a statement', () => {
    const found = segments('\\connect db\nSELECT 1\n\\set x 1\n, 2;\n')
    expect(found.flatMap((s) => s.metaCommands.map((m) => m.name))).toEqual(['connect', 'set'])
    expect(statements('\\connect db\nSELECT 1\n\\set x 1\n, 2;\n')).toEqual([
      'SELECT 1\n        \n, 2'
    ])
  })

  it('ends a statement at a meta-command that sends the buffer', () => {
    expect(statements('SELECT 1 AS a \\gset\nSELECT 2;')).toEqual(['SELECT 1 AS a ', 'SELECT 2'])
  })

  it('reads \\; as a semicolon that does not end the psql statement', () => {
    expect(statements('SELECT 1 \\; SELECT 2;')).toEqual(['SELECT 1  ; SELECT 2'])
  })
})

describe('copyDataEnd', () => {
  it('skips the data lines up to \\. or the end of the file', () => {
    const sql = 'COPY t FROM stdin;\n1\tx;y\n\\.\nSELECT 1;'
    const bytes = encoder.encode(sql)
    expect(decoder.decode(bytes.subarray(copyDataEnd(bytes, sql.indexOf(';')))).trim()).toBe(
      'SELECT 1;'
    )
    const open = encoder.encode('COPY t FROM stdin;\n1\n2\n')
    expect(copyDataEnd(open, 17)).toBe(open.length)
  })
})

describe('nextStatement against libpg_query', () => {
  beforeAll(async () => {
    await loadModule()
  })

  const statement = fc.constantFrom(
    "SELECT 'a;b', 'it''s'",
    'SELECT "we;ird"',
    "SELECT E'it\\'s;', e'\\\\'",
    'SELECT $$a;b$$',
    'SELECT $fn$ $$; $fn$',
    'SELECT 1 /* c; /* nested; */ */ + 2',
    'SELECT 1 -- c;\n',
    "SELECT 'é😀;' AS ünïcode",
    'SELECT (1 + (2))',
    "SELECT U&'d\\0061t', B'101', X'1F', N'n;'",
    'SELECT $1',
    'SELECT a$b FROM t',
    'create function f() returns int language sql begin atomic select 1; select 2; end',
    'CREATE PROCEDURE p() BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END',
    'CREATE ROLE r LOGIN',
    "DO $$ BEGIN RAISE NOTICE 'x;'; END $$"
  )
  const gap = fc.constantFrom('', ' ', '\n', '\t', ' -- note;\n', '/* c; */', '\r\n')

  it('starts every statement where PostgreSQL does when the script parses as a whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(gap, statement, gap), { minLength: 1, maxLength: 8 }),
        (parts) => {
          const sql = parts.map(([before, text, after]) => `${before}${text}${after};`).join('')
          const expected = (parseSync(sql).stmts ?? []).map((s) => s.stmt_location ?? 0)
          const starts = segments(sql).flatMap((s) => (s.chunk ? [s.chunk.start] : []))
          expect(starts).toEqual(expected)
        }
      ),
      { numRuns: 500 }
    )
  })
})
