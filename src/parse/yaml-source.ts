/**
 * Reading YAML (Compose files, Kubernetes manifests, Helm values) node by node with the line
 * and column of every value: the yaml package's documents, kept with their source tokens, and
 * a LineCounter. Every scalar is read as the text written (failsafe schema), so `5432:5432`,
 * `on` and `012` stay what the user typed; `<<` merge keys and aliases are followed.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
  type Scalar,
  type YAMLMap,
  type YAMLSeq
} from 'yaml'
import type { Diagnostic, Location } from '../facts/location.js'

export interface YamlPair {
  key: string
  keyNode: Scalar
  value: Node | undefined
}

/** Text embedded in a YAML value (a postgresql.conf in a ConfigMap), and how to point into it. */
export interface EmbeddedText {
  text: string
  /** Where the value starts in the YAML file. */
  location: Location
  /**
   * The YAML location of a 1-based line and column of `text`, as a parser of the text reports
   * them: literal (`|`, `|-`, `|+`) and folded (`>`) blocks map line by line, with the block's
   * indentation added to the column.
   */
  locate: (line: number, column: number) => Location
  /** The YAML location of a 0-based offset in `text`. */
  at: (offset: number) => Location
}

/** One YAML document of a file, with the file's line counter. */
export class YamlView {
  constructor(
    readonly doc: Document,
    readonly file: string,
    private readonly lines: LineCounter,
    private readonly source: string
  ) {}

  /** The node an alias stands for; other nodes as they are. */
  resolve(node: unknown): Node | undefined {
    if (isAlias(node)) {
      const target = node.resolve(this.doc)
      return target ?? undefined
    }
    return isMap(node) || isSeq(node) || isScalar(node) ? node : undefined
  }

  map(node: unknown): YAMLMap | undefined {
    const resolved = this.resolve(node)
    return isMap(resolved) ? resolved : undefined
  }

  seq(node: unknown): YAMLSeq | undefined {
    const resolved = this.resolve(node)
    return isSeq(resolved) ? resolved : undefined
  }

  scalar(node: unknown): Scalar | undefined {
    const resolved = this.resolve(node)
    return isScalar(resolved) ? resolved : undefined
  }

  /** The text of a scalar as written (quotes removed, escapes applied). */
  text(node: unknown): string | undefined {
    const scalar = this.scalar(node)
    if (!scalar) return undefined
    const { value } = scalar
    if (typeof value === 'string') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    return ''
  }

  /**
   * The pairs of a mapping with string keys, `<<` merges applied: explicit keys first, then
   * merged keys that are not overridden, the way Compose resolves them.
   */
  pairs(node: unknown): YamlPair[] {
    const map = this.map(node)
    if (!map) return []
    let pairs = this.pairCache.get(map)
    if (!pairs) {
      pairs = this.readPairs(map, new Set())
      this.pairCache.set(map, pairs)
    }
    return pairs
  }

  private readonly pairCache = new WeakMap<YAMLMap, YamlPair[]>()

  private readPairs(node: unknown, seen: Set<unknown>): YamlPair[] {
    const map = this.map(node)
    if (!map || seen.has(map)) return []
    seen.add(map)
    const own: YamlPair[] = []
    const merged: YamlPair[] = []
    for (const pair of map.items) {
      const key = pair.key
      if (!isScalar(key)) continue
      if (typeof key.value === 'symbol' || (key.value === '<<' && key.type === 'PLAIN')) {
        const sources = this.seq(pair.value)?.items ?? [pair.value]
        for (const source of sources) merged.push(...this.readPairs(source, seen))
        continue
      }
      own.push({ key: this.text(key) ?? '', keyNode: key, value: this.resolve(pair.value) })
    }
    if (merged.length === 0) return own
    const names = new Set(own.map((p) => p.key))
    for (const pair of merged) {
      if (names.has(pair.key)) continue
      names.add(pair.key)
      own.push(pair)
    }
    return own
  }

  get(node: unknown, key: string): YamlPair | undefined {
    return this.pairs(node).find((p) => p.key === key)
  }

  /** Follows a path of keys through mappings. */
  at(node: unknown, ...keys: string[]): Node | undefined {
    let current: Node | undefined = this.resolve(node)
    for (const key of keys) {
      current = this.get(current, key)?.value
      if (current === undefined) return undefined
    }
    return current
  }

  items(node: unknown): Node[] {
    const seq = this.seq(node)
    if (!seq) return []
    const items: Node[] = []
    for (const item of seq.items) {
      const resolved = this.resolve(item)
      if (resolved) items.push(resolved)
    }
    return items
  }

  location(node: Node | undefined): Location {
    return this.position(node?.range?.[0] ?? 0)
  }

  position(offset: number): Location {
    const { line, col } = this.lines.linePos(offset)
    return { file: this.file, line: Math.max(line, 1), column: Math.max(col, 1) }
  }

  /** The text of a scalar with a way to point at any character of it. */
  embedded(node: unknown): EmbeddedText | undefined {
    const scalar = this.scalar(node)
    const text = this.text(scalar)
    if (!scalar || text === undefined) return undefined
    // Most values are only ever pointed at as a whole: the character map is built on demand.
    let locator: ((offset: number) => Location) | undefined
    let lineStarts: number[] | undefined
    const at = (offset: number): Location => {
      locator ??= this.offsetLocator(scalar, text)
      return locator(offset)
    }
    return {
      text,
      location: this.location(scalar),
      locate: (line, column) => {
        if (!lineStarts) {
          lineStarts = [0]
          for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            lineStarts.push(i + 1)
          }
        }
        const start = lineStarts[Math.min(Math.max(line, 1), lineStarts.length) - 1] ?? 0
        return at(start + Math.max(column, 1) - 1)
      },
      at
    }
  }

  /**
   * Maps an offset in a scalar's value to its place in the file. Each source line of the
   * scalar is found in the value in order (folding and indentation only remove characters
   * between lines), and an offset is placed relative to the last line start before it.
   */
  private offsetLocator(scalar: Scalar, value: string): (offset: number) => Location {
    const start = scalar.range?.[0] ?? 0
    const token = scalar.srcToken
    let contentStart = start
    let content = this.source.slice(start, scalar.range?.[1] ?? start)
    if (token?.type === 'block-scalar') {
      const last = token.props[token.props.length - 1]
      contentStart = last && 'source' in last ? last.offset + last.source.length : token.offset
      content = token.source
    }
    const anchors: { value: number; source: number }[] = []
    let cursor = 0
    let lineStart = 0
    while (lineStart <= content.length) {
      const nl = content.indexOf('\n', lineStart)
      const lineEnd = nl < 0 ? content.length : nl
      let first = lineStart
      while (first < lineEnd && isIndent(content.charCodeAt(first))) first++
      if (anchors.length === 0 && (content[first] === '"' || content[first] === "'")) first++
      const probe = searchableFrom(content, first, lineEnd)
      if (probe !== '') {
        const found = value.indexOf(probe, cursor)
        if (found >= 0) {
          // A literal block keeps indentation beyond the block's own: anchor the line start too.
          const valueLineStart = value.lastIndexOf('\n', found - 1) + 1
          const lead = found - valueLineStart
          const previous = anchors[anchors.length - 1]
          if (
            lead > 0 &&
            lead <= first - lineStart &&
            (previous === undefined || previous.value < valueLineStart) &&
            /^[ \t]*$/.test(value.slice(valueLineStart, found))
          ) {
            anchors.push({ value: valueLineStart, source: contentStart + first - lead })
          }
          anchors.push({ value: found, source: contentStart + first })
          cursor = found + probe.length
        }
      }
      if (nl < 0) break
      lineStart = nl + 1
    }
    return (offset) => {
      let anchor = anchors[0]
      for (const a of anchors) {
        if (a.value > offset) break
        anchor = a
      }
      if (!anchor) return this.position(start)
      return this.position(anchor.source + Math.max(0, offset - anchor.value))
    }
  }
}

function isIndent(c: number): boolean {
  return c === 32 || c === 9
}

/** The start of a source line up to the first character an escape or quote may change. */
function searchableFrom(content: string, from: number, to: number): string {
  let end = from
  while (end < to) {
    const c = content[end]
    if (c === '\\' || c === '"' || c === "'" || c === '\r') break
    end++
  }
  return content.slice(from, end).trimEnd()
}

export interface ParsedYaml {
  documents: YamlView[]
  diagnostics: Diagnostic[]
}

/** Every document of a YAML file; syntax errors become diagnostics at their line. */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter()
  const docs = parseAllDocuments(text, {
    keepSourceTokens: true,
    lineCounter: lines,
    schema: 'failsafe',
    merge: true,
    prettyErrors: false,
    strict: false
  })
  const diagnostics: Diagnostic[] = []
  const documents: YamlView[] = []
  for (const doc of docs) {
    const view = new YamlView(doc, file, lines, text)
    for (const error of doc.errors) {
      diagnostics.push({
        code: 'YAML_SYNTAX',
        level: 'error',
        message: error.message,
        location: view.position(error.pos[0])
      })
    }
    documents.push(view)
  }
  if ('empty' in docs) {
    for (const error of docs.errors) {
      const { line, col } = lines.linePos(error.pos[0])
      diagnostics.push({
        code: 'YAML_SYNTAX',
        level: 'error',
        message: error.message,
        location: { file, line: Math.max(line, 1), column: Math.max(col, 1) }
      })
    }
  }
  return { documents, diagnostics }
}

/**
 * Joins several located texts into one (a pg_hba list into a pg_hba.conf), one after the other
 * on their own lines, keeping each line's way back to the YAML.
 */
export function joinEmbedded(parts: EmbeddedText[], fallback: Location): EmbeddedText {
  const owners: { part: EmbeddedText; line: number; start: number }[] = []
  let offset = 0
  for (const part of parts) {
    let line = 1
    owners.push({ part, line, start: offset })
    for (let i = part.text.indexOf('\n'); i >= 0; i = part.text.indexOf('\n', i + 1)) {
      owners.push({ part, line: ++line, start: offset + i + 1 })
    }
    offset += part.text.length + 1
  }
  return {
    text: parts.map((p) => p.text).join('\n'),
    location: parts[0]?.location ?? fallback,
    locate: (line, column) => {
      const owner = owners[line - 1]
      return owner ? owner.part.locate(owner.line, column) : fallback
    },
    at: (at) => {
      let owner = owners[0]
      for (const o of owners) {
        if (o.start > at) break
        owner = o
      }
      return owner ? owner.part.locate(owner.line, at - owner.start + 1) : fallback
    }
  }
}
