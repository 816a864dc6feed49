import * as core from '@actions/core'
import type { ScanResult } from '../findings.js'
import type { AnnotationPlan } from '../report/annotations.js'
import { WORKFLOW_COMMAND_LIMITS, planAnnotations, toAnnotations } from '../report/annotations.js'
import type { AnnotationNote } from '../report/summary.js'
import type { CheckRun, Octokit } from './checks.js'
import { publishCheckRun } from './checks.js'
import { issueAnnotations } from './workflow-commands.js'

export interface AnnotateOptions {
  pathPrefix: string
  failed: boolean
  /** Everything a check run needs but its annotations; absent when there is no token. */
  checkRun?: Omit<CheckRun, 'annotations'> & { octokit: Octokit }
}

/**
 * A check run carries every annotation when the token may write checks; otherwise workflow
 * commands carry the most severe ones within GitHub's per-step limits.
 */
export async function annotate(
  result: ScanResult,
  options: AnnotateOptions
): Promise<AnnotationNote> {
  const annotations = toAnnotations(result.findings, options.pathPrefix)
  if (options.checkRun) {
    const { octokit, ...run } = options.checkRun
    const outcome = await publishCheckRun(octokit, { ...run, annotations })
    if (outcome.published) {
      core.info(
        `Published ${outcome.shown} annotations in check run ${outcome.url} (${outcome.requests} requests)`
      )
      if (outcome.hidden > 0) {
        core.info(
          `${outcome.hidden} annotations not shown: the check run takes at most ${outcome.shown}`
        )
      }
      return {
        shown: outcome.shown,
        hidden: outcome.hidden,
        via: 'check run',
        ...(outcome.url ? { checkRunUrl: outcome.url } : {})
      }
    }
    core.info(
      outcome.forbidden
        ? 'The token cannot write checks (pull requests from forks never can); annotating with workflow commands instead'
        : `Could not publish a check run (${outcome.reason}); annotating with workflow commands instead`
    )
  }
  // setFailed's own message is an error annotation too.
  const reserved = options.failed ? 1 : 0
  const plan = planAnnotations(annotations, {
    ...WORKFLOW_COMMAND_LIMITS,
    failure: WORKFLOW_COMMAND_LIMITS.failure - reserved,
    total: WORKFLOW_COMMAND_LIMITS.total - reserved
  })
  issueAnnotations(plan.shown)
  logHidden(plan)
  return { shown: plan.shown.length, hidden: plan.hidden.length, via: 'workflow commands' }
}

function logHidden(plan: AnnotationPlan): void {
  if (plan.hidden.length === 0) return
  const findings = plan.hidden.reduce((n, a) => n + a.findings, 0)
  core.info(
    `${plan.hidden.length} annotations (${findings} findings) not shown: GitHub shows at most 10 error, 10 warning and 10 notice annotations per step; every finding is in the report above and the SARIF file`
  )
}
