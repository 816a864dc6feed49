import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseConf, type ConfAssignment, type ParsedConf } from '../../src/parse/conf.js'

const F = 'postgresql.conf'

function settings(parsed: ParsedConf): ConfAssignment[] {
  return parsed.entries.filter((e): e is ConfAssignment => e.kind === 'setting')
}

function one(source: string | Uint8Array): ConfAssignment {
  const parsed = parseConf(source, F)
  expect(parsed.diagnostics).toEqual([])
  const [first, ...rest] = settings(parsed)
  expect(rest).toEqual([])
  if (!first) throw new Error('no assignment')
  return first
}

function syntaxErrors(source: string | Uint8Array): string[] {
  return parseConf(source, F).diagnostics.map((d) => d.message)
}

describe('parseConf assignments', () => {
  it('reads name = value lines with or without the equals sign', () => {
    const parsed = parseConf("work_mem = 4MB\nssl on\nlisten_addresses='*'  # all\n", F)
    expect(parsed.diagnostics).toEqual([])
    expect(settings(parsed).map((s) => [s.name, s.value, s.quoted, s.location.line])).toEqual([
      ['work_mem', '4MB', false, 1],
      ['ssl', 'on', false, 2],
      ['listen_addresses', '*', true, 3]
    ])
  })

  it('lower-cases ASCII letters of names and keeps the spelling as written', () => {
    const s = one('Work_MEM = 1\n')
    expect(s.name).toBe('work_mem')
    expect(s.written).toBe('Work_MEM')
  })

  it('reads qualified names as one name', () => {
    expect(one("pgaudit.log = 'ddl, write'").name).toBe('pgaudit.log')
  })

  it('accepts the last line without a newline', () => {
    expect(one('port = 5433').value).toBe('5433')
  })

  it('treats carriage returns as blanks, so CRLF files read like LF files', () => {
    const parsed = parseConf("a = 1\r\nb = 'x'\r\n\r\nc = 2\r\n", F)
    expect(parsed.diagnostics).toEqual([])
    expect(settings(parsed).map((s) => [s.name, s.value, s.location.line])).toEqual([
      ['a', '1', 1],
      ['b', 'x', 2],
      ['c', '2', 4]
    ])
  })

  it('keeps unquoted values as the scanner token: numbers with units, paths, signs, reals', () => {
    const values = ['4MB', '0x1fkB', '-1', '+.5e-3', '-.e5', '.', '5.', 'é-x:/y', 'on', 'a/b:c-d']
    for (const v of values) expect(one(`x = ${v}\n`).value).toBe(v)
  })
})

describe('parseConf quoted strings', () => {
  it('collapses doubled quotes', () => {
    expect(one("a.b = 'it''s'' x'\n").value).toBe("it's' x")
  })

  it('resolves backslash escapes like DeescapeQuotedString', () => {
    expect(one("a = 'x\\b\\f\\n\\r\\ty\\q\\\\\\''\n").value).toBe("x\b\f\n\r\tyq\\'")
  })

  it('reads up to three octal digits, modulo 256', () => {
    expect(one("a = '\\101\\1012\\60'\n").value).toBe('AA20')
  })

  it('ends the value at a NUL byte, as PostgreSQL keeps C strings', () => {
    expect(one("a = 'a\\101\\0b'\n").value).toBe('aA')
    expect(one("a = 'x\\400y'\n").value).toBe('x')
    expect(one(new Uint8Array([0x61, 0x3d, 0x27, 0x62, 0x00, 0x63, 0x27])).value).toBe('b')
  })

  it('decodes values as UTF-8 and keeps invalid bytes as replacement characters', () => {
    expect(one("a = 'héllo ✓'\n").value).toBe('héllo ✓')
    expect(one(new Uint8Array([0x61, 0x3d, 0x27, 0xff, 0x27])).value).toBe('\ufffd')
  })

  it('does not let a string run over the end of a line', () => {
    expect(syntaxErrors("a = 'x\\\nb = 1\n")).toEqual([
      `syntax error in file "${F}" line 1, near token "'"`
    ])
  })

  it('falls back to the longest complete string when a doubled quote never closes', () => {
    expect(syntaxErrors("a = 'x''\n")).toEqual([
      `syntax error in file "${F}" line 1, near token "'"`
    ])
  })
})

describe('parseConf syntax errors', () => {
  it('reports the token PostgreSQL stops at, with PostgreSQL wording', () => {
    expect(syntaxErrors('include = c.conf\n')).toEqual([
      `syntax error in file "${F}" line 1, near token "c.conf"`
    ])
    expect(syntaxErrors('a_b.c_d.e = 1\n')).toEqual([
      `syntax error in file "${F}" line 1, near token "a_b.c_d.e"`
    ])
    expect(syntaxErrors('log_min_duration_statement = 1.5s\n')).toEqual([
      `syntax error in file "${F}" line 1, near token "s"`
    ])
    expect(syntaxErrors('work_mem = 1e-320\n')).toEqual([
      `syntax error in file "${F}" line 1, near token "-320"`
    ])
    expect(syntaxErrors('a = x\f\n')).toEqual([
      `syntax error in file "${F}" line 1, near token "\f"`
    ])
  })

  it('reports a line that ends early as near end of line', () => {
    const parsed = parseConf('ok = 1\nshared_buffers\n', F)
    expect(parsed.diagnostics).toEqual([
      {
        code: 'CONF_SYNTAX',
        level: 'error',
        message: `syntax error in file "${F}" line 2, near end of line`,
        location: { file: F, line: 2, column: 15 }
      }
    ])
  })

  it('numbers an error at the end of a file without a final newline by its true line', () => {
    // PostgreSQL 15 says "line 1" here (ConfigFileLineno - 1 before the line is counted).
    expect(parseConf('work_mem = 1\nfoo', F).diagnostics[0]?.location).toEqual({
      file: F,
      line: 2,
      column: 4
    })
  })

  it('skips to the next line after an error and keeps the assignments around it', () => {
    const parsed = parseConf('a = 1\nb = 1 2\nc = 3\n= 4\nd 4\n', F)
    expect(settings(parsed).map((s) => s.name)).toEqual(['a', 'c', 'd'])
    expect(parsed.diagnostics.map((d) => d.location?.line)).toEqual([2, 4])
  })

  it('gives up on a file after 100 syntax errors, like PostgreSQL', () => {
    const parsed = parseConf('bad\n'.repeat(150) + 'late = 1\n', F)
    expect(parsed.diagnostics).toHaveLength(101)
    expect(parsed.diagnostics.at(-1)?.message).toBe(
      `too many syntax errors found, abandoning file "${F}"`
    )
    expect(settings(parsed)).toEqual([])
  })
})

describe('parseConf bytes', () => {
  it('reads a UTF-8 byte-order mark as part of the first name, as PostgreSQL does', () => {
    const s = one('\ufeffshared_buffers = 1GB\n')
    expect(s.name).toBe('\ufeffshared_buffers')
    expect(syntaxErrors('\ufeff# comment\n')).toEqual([
      `syntax error in file "${F}" line 1, near end of line`
    ])
  })

  it('treats bytes 0x80-0xFF as letters, valid UTF-8 or not', () => {
    const bytes = new Uint8Array([0x61, 0xe9, 0x2e, 0x62, 0x20, 0x3d, 0x20, 0x31, 0x0a])
    const s = one(bytes)
    expect(s.name).toBe('a\ufffd.b')
    expect(s.value).toBe('1')
  })

  it('counts columns in UTF-16 code units of the decoded line', () => {
    const parsed = parseConf("a = 'é😀' x\n  b = 1\n", F)
    expect(parsed.diagnostics[0]?.location).toEqual({ file: F, line: 1, column: 11 })
    expect(settings(parsed)[0]?.location).toEqual({ file: F, line: 2, column: 3 })
  })
})

describe('parseConf includes', () => {
  it('returns include directives in place, whatever the case of the keyword', () => {
    const parsed = parseConf(
      "a = 1\nINCLUDE 'x.conf'\ninclude_if_exists = other-file.conf\ninclude_dir 'conf.d'\nb = 2\n",
      F
    )
    expect(parsed.diagnostics).toEqual([])
    expect(parsed.entries.map((e) => [e.kind, e.kind === 'setting' ? e.name : e.path])).toEqual([
      ['setting', 'a'],
      ['include', 'x.conf'],
      ['include_if_exists', 'other-file.conf'],
      ['include_dir', 'conf.d'],
      ['setting', 'b']
    ])
  })
})

describe('parseConf performance', () => {
  it('parses a multi-megabyte file and a very long line in bounded time', () => {
    const big = "shared_buffers = '128MB'   # a comment with text\n".repeat(100_000)
    const started = performance.now()
    const parsed = parseConf(big, F)
    expect(settings(parsed)).toHaveLength(100_000)
    const long = parseConf(`a = '${'x'.repeat(5_000_000)}'\n# ${'y'.repeat(5_000_000)}\n`, F)
    expect(settings(long)[0]?.value).toHaveLength(5_000_000)
    expect(performance.now() - started).toBeLessThan(3000)
  })
})

describe('parseConf properties', () => {
  function checkInside(source: string | Uint8Array, parsed: ParsedConf): void {
    const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source
    const lines = new TextDecoder().decode(bytes).split('\n')
    const locations = [
      ...parsed.entries.map((e) => e.location),
      ...parsed.diagnostics.flatMap((d) => (d.location ? [d.location] : []))
    ]
    for (const location of locations) {
      expect(location.line).toBeGreaterThanOrEqual(1)
      expect(location.line).toBeLessThanOrEqual(lines.length)
      expect(location.column).toBeGreaterThanOrEqual(1)
      expect(location.column).toBeLessThanOrEqual((lines[location.line - 1] ?? '').length + 1)
    }
  }

  const confLike = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'a',
          'b.c',
          ' ',
          '=',
          "'",
          "''",
          '\\',
          '\n',
          '\r\n',
          '#',
          '1',
          '0x',
          '.',
          'é',
          '-'
        ),
        fc.string({ maxLength: 6 })
      ),
      { maxLength: 60 }
    )
    .map((parts) => parts.join(''))

  it('never throws and keeps locations inside the input, on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), confLike), (source) => {
        checkInside(source, parseConf(source, F))
      }),
      { numRuns: 2000 }
    )
  })

  it('never throws and keeps locations inside the input, on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        checkInside(bytes, parseConf(bytes, F))
      }),
      { numRuns: 2000 }
    )
  })
})
