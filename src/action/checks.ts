import type * as github from '@actions/github'
import { errorMessage } from '../errors.js'
import type { Annotation } from '../report/annotations.js'
import { batches } from '../report/annotations.js'

export type Octokit = ReturnType<typeof github.getOctokit>

/** The Checks API takes at most 50 annotations per request. */
export const CHECK_ANNOTATIONS_PER_REQUEST = 50
/**
 * GitHub's secondary rate limit allows 80 content-creating requests a minute; 50 requests keep
 * well inside it. What does not fit is counted as not shown.
 */
export const MAX_CHECK_REQUESTS = 50

export interface CheckRun {
  owner: string
  repo: string
  headSha: string
  name: string
  conclusion: 'success' | 'failure'
  title: string
  /** Markdown, at most 65,535 characters. */
  summary: string
  annotations: Annotation[]
}

export type CheckRunOutcome =
  | { published: true; url: string; shown: number; hidden: number; requests: number }
  | { published: false; reason: string; forbidden: boolean }

/**
 * Creates a completed check run with the first 50 annotations, then appends the rest 50 at a
 * time (each update appends). A token that may not write checks (pull requests from forks,
 * `permissions:` without `checks: write`) gets 403: the caller falls back to workflow commands.
 */
export async function publishCheckRun(octokit: Octokit, run: CheckRun): Promise<CheckRunOutcome> {
  const limit = CHECK_ANNOTATIONS_PER_REQUEST * MAX_CHECK_REQUESTS
  const [first = [], ...rest] = batches(
    run.annotations.slice(0, limit).map(toCheckAnnotation),
    CHECK_ANNOTATIONS_PER_REQUEST
  )
  const output = { title: run.title, summary: run.summary }
  let requests = 0
  let created: { id: number; html_url: string | null }
  try {
    requests += 1
    const response = await octokit.rest.checks.create({
      owner: run.owner,
      repo: run.repo,
      name: run.name,
      head_sha: run.headSha,
      status: 'completed',
      conclusion: run.conclusion,
      output: { ...output, annotations: first }
    })
    created = response.data
  } catch (error) {
    return { published: false, reason: describe(error), forbidden: statusOf(error) === 403 }
  }
  try {
    for (const batch of rest) {
      requests += 1
      await octokit.rest.checks.update({
        owner: run.owner,
        repo: run.repo,
        check_run_id: created.id,
        output: { ...output, annotations: batch }
      })
    }
  } catch (error) {
    return {
      published: false,
      reason: `check run ${created.id} was created but adding its annotations failed: ${describe(error)}`,
      forbidden: false
    }
  }
  const shown = Math.min(run.annotations.length, limit)
  return {
    published: true,
    url: created.html_url ?? '',
    shown,
    hidden: run.annotations.length - shown,
    requests
  }
}

function toCheckAnnotation(a: Annotation) {
  return {
    path: a.path,
    start_line: a.startLine,
    end_line: a.endLine,
    // The API takes columns only for annotations on one line.
    ...(a.startLine === a.endLine ? { start_column: a.startColumn } : {}),
    annotation_level: a.level,
    title: a.title,
    message: a.message
  }
}

function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const { status } = error
    return typeof status === 'number' ? status : undefined
  }
  return undefined
}

function describe(error: unknown): string {
  const status = statusOf(error)
  return status === undefined ? errorMessage(error) : `HTTP ${status}: ${errorMessage(error)}`
}
