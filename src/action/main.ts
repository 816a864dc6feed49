import * as core from '@actions/core'
import { errorMessage, isUserError } from '../errors.js'
import { isSeverity } from '../facts/location.js'
import { exitCodeFor } from '../report/exit-code.js'
import { renderText } from '../report/text.js'
import { Scanner } from '../scan.js'

/**
 * The minimal action: scan, print the report, fail at the threshold. Annotations, the job
 * summary and SARIF come with the GitHub Action issue.
 */
export async function run(): Promise<void> {
  try {
    const path = core.getInput('path') || '.'
    const failOn = core.getInput('fail-on') || 'high'
    if (!isSeverity(failOn)) {
      core.setFailed(`fail-on must be critical, high, medium, low or info, not "${failOn}"`)
      return
    }
    const result = new Scanner().scan([path])
    core.info(renderText(result, { failOn, color: false }))
    const failed = exitCodeFor(result, failOn) !== 0
    core.setOutput('findings', String(result.findings.length))
    core.setOutput('failed', String(failed))
    if (failed) core.setFailed(`pg-hardening found problems at ${failOn} severity or above`)
    await Promise.resolve()
  } catch (error) {
    core.setFailed(
      isUserError(error) ? errorMessage(error) : `internal error: ${errorMessage(error)}`
    )
  }
}
