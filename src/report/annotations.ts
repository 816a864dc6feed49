import type { Severity } from '../facts/location.js'
import { severityRank } from '../facts/location.js'
import type { Finding } from '../findings.js'
import { repoPath } from './repo-path.js'

/** The Checks API's annotation levels; workflow commands call failure "error". */
export type AnnotationLevel = 'failure' | 'warning' | 'notice'

/** One annotation per file and line: the findings on that line merged, most severe first. */
export interface Annotation {
  /** Relative to the repository root. */
  path: string
  startLine: number
  endLine: number
  startColumn: number
  level: AnnotationLevel
  /** The highest severity among the merged findings. */
  severity: Severity
  /** `PGH-046: Client authentication never uses trust`, at most 255 characters. */
  title: string
  message: string
  rules: string[]
  findings: number
}

export const LEVEL: Record<Severity, AnnotationLevel> = {
  critical: 'failure',
  high: 'failure',
  medium: 'warning',
  low: 'notice',
  info: 'notice'
}

/** The Checks API refuses longer titles; messages are capped well below its 64 KB. */
const MAX_TITLE = 255
const MAX_MESSAGE = 16_000

/** Merges findings per file and line and orders them most severe first, then by place. */
export function toAnnotations(findings: Finding[], pathPrefix: string): Annotation[] {
  const groups = new Map<string, Finding[]>()
  for (const finding of findings) {
    const path = repoPath(pathPrefix, finding.file)
    const key = `${path}\0${finding.line}`
    const group = groups.get(key)
    if (group) group.push(finding)
    else groups.set(key, [finding])
  }
  const annotations = [...groups.values()].map((group) =>
    merge(repoPath(pathPrefix, firstOf(group).file), group)
  )
  return annotations.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      compare(a.path, b.path) ||
      a.startLine - b.startLine
  )
}

function merge(path: string, group: Finding[]): Annotation {
  const ordered = [...group].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || compare(a.rule, b.rule)
  )
  const first = firstOf(ordered)
  const rules = [...new Set(ordered.map((f) => f.rule))]
  const others = rules.slice(1)
  const title =
    others.length === 0
      ? `${first.rule}: ${first.title}`
      : `${first.rule}: ${first.title} (+${others.length} more: ${others.join(', ')})`
  const message =
    ordered.length === 1
      ? `${first.message}\nFix: ${oneLine(first.remediation)}`
      : mergedMessage(ordered)
  return {
    path,
    startLine: first.line,
    endLine: first.line,
    startColumn: Math.min(...ordered.map((f) => f.column)),
    level: LEVEL[first.severity],
    severity: first.severity,
    title: truncate(title, MAX_TITLE),
    message: truncate(message, MAX_MESSAGE),
    rules,
    findings: ordered.length
  }
}

/** Each finding with its rule and severity; a rule's fix once, after its last finding. */
function mergedMessage(ordered: Finding[]): string {
  const blocks: string[] = []
  const fixed = new Set<string>()
  for (const [i, f] of ordered.entries()) {
    const lines = [`${f.rule} (${f.severity}): ${f.message}`]
    const sameRuleLater = ordered.slice(i + 1).some((g) => g.rule === f.rule)
    if (!sameRuleLater && !fixed.has(f.rule)) {
      lines.push(`Fix: ${oneLine(f.remediation)}`)
      fixed.add(f.rule)
    }
    blocks.push(lines.join('\n'))
  }
  return blocks.join('\n\n')
}

export interface AnnotationBudget {
  failure: number
  warning: number
  notice: number
  /** Across all levels. */
  total: number
}

/**
 * What GitHub shows of workflow-command annotations: 10 of each type per step and 50 per job
 * (actions/toolkit docs/problem-matchers.md); the rest are dropped silently.
 */
export const WORKFLOW_COMMAND_LIMITS: AnnotationBudget = {
  failure: 10,
  warning: 10,
  notice: 10,
  total: 50
}

export interface AnnotationPlan {
  shown: Annotation[]
  hidden: Annotation[]
}

/** Spends the budget on the most severe annotations first (the input is in that order). */
export function planAnnotations(
  annotations: Annotation[],
  budget: AnnotationBudget
): AnnotationPlan {
  const left = { ...budget }
  const plan: AnnotationPlan = { shown: [], hidden: [] }
  for (const annotation of annotations) {
    if (left[annotation.level] > 0 && left.total > 0) {
      left[annotation.level] -= 1
      left.total -= 1
      plan.shown.push(annotation)
    } else {
      plan.hidden.push(annotation)
    }
  }
  return plan
}

/** Splits a list into requests of at most `size` (the Checks API takes 50 annotations each). */
export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

function firstOf(group: Finding[]): Finding {
  const [first] = group
  if (!first) throw new Error('an annotation needs at least one finding')
  return first
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - 1
  // Never cut a surrogate pair in half.
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1
  return `${text.slice(0, end)}…`
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
