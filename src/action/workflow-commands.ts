import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { EOL } from 'node:os'
import type { Annotation, AnnotationLevel } from '../report/annotations.js'

const ISSUE: Record<AnnotationLevel, typeof core.error> = {
  failure: core.error,
  warning: core.warning,
  notice: core.notice
}

/** `@actions/core` escapes the message and every property, so file content cannot add any. */
export function issueAnnotations(annotations: Annotation[]): void {
  for (const a of annotations) {
    ISSUE[a.level](a.message, {
      title: a.title,
      file: a.path,
      startLine: a.startLine,
      endLine: a.endLine,
      startColumn: a.startColumn
    })
  }
}

/**
 * Prints text that quotes the scanned files (a value with a line break, a file named
 * `::error::x`) with the runner's command processing stopped, so no line of it can be read as
 * a workflow command. The token is random, so the text cannot resume processing itself.
 */
export function logUntrusted(text: string): void {
  const token = `pg-hardening-${randomUUID()}`
  process.stdout.write(`::stop-commands::${token}${EOL}`)
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
  process.stdout.write(`::${token}::${EOL}`)
}
