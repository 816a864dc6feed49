import * as github from '@actions/github'
import os from 'node:os'

export interface RunContext {
  eventName: string
  /** `owner/repo`; absent outside a runner. */
  repository?: { owner: string; repo: string }
  /** The commit findings link to and the check run attaches to: a pull request's head. */
  sha: string
  pullRequest?: number
  serverUrl: string
  workspace: string
  runnerTemp: string
  /** The step's id, unique within the job (names the JSON report). */
  step: string
  summaryFile?: string
}

/**
 * What the runner tells the step about the run. On pull_request events GITHUB_SHA is the
 * merge commit GitHub made, which the pull request's files view does not show: annotations,
 * links and the check run go to the head commit instead.
 */
export function readContext(): RunContext {
  const { context } = github
  const pr = pullRequest(context.payload)
  const [owner, repo] = (env('GITHUB_REPOSITORY') ?? '').split('/')
  const summaryFile = env('GITHUB_STEP_SUMMARY')
  return {
    eventName: context.eventName,
    ...(owner && repo ? { repository: { owner, repo } } : {}),
    sha: pr?.headSha ?? context.sha,
    ...(pr ? { pullRequest: pr.number } : {}),
    serverUrl: context.serverUrl,
    workspace: env('GITHUB_WORKSPACE') ?? process.cwd(),
    runnerTemp: env('RUNNER_TEMP') ?? os.tmpdir(),
    step: (env('GITHUB_ACTION') ?? 'pg-hardening').replace(/[^\w.-]/g, '_'),
    ...(summaryFile ? { summaryFile } : {})
  }
}

function pullRequest(payload: unknown): { number: number; headSha: string } | undefined {
  if (!isRecord(payload) || !isRecord(payload.pull_request)) return undefined
  const { number, head } = payload.pull_request
  if (typeof number !== 'number' || !isRecord(head) || typeof head.sha !== 'string')
    return undefined
  return { number, headSha: head.sha }
}

/** The runner sets variables it has no value for to the empty string. */
function env(name: string): string | undefined {
  const value = process.env[name]
  return value === '' ? undefined : value
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
