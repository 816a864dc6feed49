import * as core from '@actions/core'
import { errorMessage } from '../errors.js'
import type { ScanResult } from '../findings.js'
import { repoPath } from '../report/repo-path.js'
import type { Octokit } from './checks.js'
import type { RunContext } from './context.js'

/** GitHub lists at most this many files of a pull request. */
export const MAX_LISTED_FILES = 3000

export interface ChangedFiles {
  /** Repository-relative paths as they are at the pull request's head. */
  files: Set<string>
  /** False when the pull request has more files than GitHub lists. */
  complete: boolean
}

/** The files a pull request changes, 100 a page, every page. */
export async function listChangedFiles(
  octokit: Octokit,
  owner: string,
  repo: string,
  pullNumber: number
): Promise<ChangedFiles> {
  const listed = await octokit.paginate(octokit.rest.pulls.listFiles, {
    owner,
    repo,
    pull_number: pullNumber,
    per_page: 100
  })
  return {
    files: new Set(listed.filter((f) => f.status !== 'removed').map((f) => f.filename)),
    complete: listed.length < MAX_LISTED_FILES
  }
}

export interface OnlyChanged {
  result: ScanResult
  /** Findings left out; absent when nothing was filtered. */
  unchanged?: number
}

/**
 * Keeps the findings in files the pull request changes. Whenever that list cannot be had
 * (not a pull request, no token, an API error, too many files) every finding is kept: a
 * failure here must never hide findings.
 */
export async function onlyChangedFiles(
  full: ScanResult,
  pathPrefix: string,
  context: RunContext,
  octokit: Octokit | undefined
): Promise<OnlyChanged> {
  const { repository, pullRequest } = context
  if (pullRequest === undefined || repository === undefined) {
    core.info(`only-changed applies to pull requests; ${context.eventName} reports every finding`)
    return { result: full }
  }
  const everything = (why: string): OnlyChanged => {
    core.warning(`only-changed: ${why}; reporting every finding`)
    return { result: full }
  }
  if (!octokit) return everything('no github-token to list the files of the pull request')
  let changed: ChangedFiles
  try {
    changed = await listChangedFiles(octokit, repository.owner, repository.repo, pullRequest)
  } catch (error) {
    return everything(
      `cannot list the files of pull request #${pullRequest} (${errorMessage(error)})`
    )
  }
  if (!changed.complete) {
    return everything(`pull request #${pullRequest} changes more files than GitHub lists`)
  }
  const keep = (file: string): boolean => changed.files.has(repoPath(pathPrefix, file))
  const findings = full.findings.filter((f) => keep(f.file))
  core.info(
    `only-changed: ${findings.length} of ${full.findings.length} findings are in the ${changed.files.size} files pull request #${pullRequest} changes`
  )
  return {
    result: {
      ...full,
      findings,
      targets: full.targets.map((t) => ({ ...t, findings: t.findings.filter((f) => keep(f.file)) }))
    },
    unchanged: full.findings.length - findings.length
  }
}
