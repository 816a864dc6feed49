import * as core from '@actions/core'
import * as github from '@actions/github'
import fs from 'node:fs'
import path from 'node:path'
import { PgHardeningError, errorMessage, isUserError } from '../errors.js'
import { SEVERITIES } from '../facts/location.js'
import type { ScanResult } from '../findings.js'
import { exitCodeFor } from '../report/exit-code.js'
import { atOrAbove, countBySeverity } from '../report/findings.js'
import { renderJson } from '../report/json.js'
import { renderSarif } from '../report/sarif.js'
import type { AnnotationNote } from '../report/summary.js'
import { renderSummary } from '../report/summary.js'
import { renderText } from '../report/text.js'
import { Scanner } from '../scan.js'
import { HOMEPAGE, VERSION } from '../version.js'
import type { AnnotateOptions } from './annotate.js'
import { annotate } from './annotate.js'
import { onlyChangedFiles } from './changed-files.js'
import type { RunContext } from './context.js'
import { readContext } from './context.js'
import type { ActionInputs, InputName } from './inputs.js'
import { readInputs } from './inputs.js'
import { logUntrusted } from './workflow-commands.js'

/** Check run output text is capped at 65,535 characters; bytes are never fewer. */
const CHECK_SUMMARY_BYTES = 60_000

/**
 * The action: scan the `path` input with the same engine as the CLI, then report to GitHub
 * (annotations, job summary, SARIF and JSON files, outputs) and fail the step at `fail-on`.
 * A user's mistake ends the step with its one message; anything else is an internal error.
 */
export async function run(): Promise<void> {
  try {
    await act()
  } catch (error) {
    core.setFailed(
      isUserError(error) ? errorMessage(error) : `internal error: ${errorMessage(error)}`
    )
  }
}

async function act(): Promise<void> {
  const context = readContext()
  const inputs = readInputs(
    (name: InputName) => core.getInput(name),
    context.workspace,
    process.cwd()
  )
  if (inputs.config) {
    core.info(
      `config: ${path.relative(context.workspace, inputs.config)} is accepted; this version does not read project configuration yet`
    )
  }
  const full = await new Scanner().scan([inputs.scanPath])
  const octokit = inputs.token ? github.getOctokit(inputs.token) : undefined
  const { result, unchanged } = inputs.onlyChanged
    ? await onlyChangedFiles(full, inputs.pathPrefix, context, octokit)
    : { result: full, unchanged: undefined }
  const failed = result.errors.length > 0 || exitCodeFor(result, inputs.failOn) !== 0

  logUntrusted(renderText(result, { failOn: inputs.failOn, color: false }))
  core.setOutput('findings', String(result.findings.length))
  core.setOutput('failed', String(failed))
  const reportFile = path.join(context.runnerTemp, `pg-hardening-${context.step}.json`)
  fs.mkdirSync(context.runnerTemp, { recursive: true })
  fs.writeFileSync(reportFile, renderJson(result, inputs.failOn))
  core.setOutput('report-file', reportFile)

  const note = inputs.annotations
    ? await annotate(result, {
        pathPrefix: inputs.pathPrefix,
        failed,
        ...(octokit && context.repository
          ? {
              checkRun: {
                octokit,
                ...context.repository,
                ...checkRun(result, inputs, context, failed)
              }
            }
          : {})
      })
    : undefined
  if (inputs.summary) await writeSummary(result, inputs, context, note, unchanged)
  if (result.targets.length === 0 && result.errors.length === 0) {
    core.warning(`No PostgreSQL configuration found under ${inputs.path}`)
  }
  // Code scanning diffs pull requests itself; a SARIF file without the unchanged files' findings
  // would mark their alerts fixed.
  const sarif = renderSarif(full, {
    toolVersion: VERSION,
    informationUri: HOMEPAGE,
    uriPrefix: inputs.pathPrefix
  })
  writeSarif(inputs.sarifFile, sarif)
  core.setOutput('sarif-file', inputs.sarifFile)
  if (failed) core.setFailed(failureMessage(result, inputs))
}

function checkRun(
  result: ScanResult,
  inputs: ActionInputs,
  context: RunContext,
  failed: boolean
): Omit<NonNullable<AnnotateOptions['checkRun']>, 'octokit' | 'owner' | 'repo'> {
  return {
    headSha: context.sha,
    name: inputs.path === '.' ? 'pg-hardening' : `pg-hardening (${inputs.path})`,
    conclusion: failed ? 'failure' : 'success',
    title: checkTitle(result),
    summary: renderSummary(result, {
      ...summaryLinks(inputs, context),
      maxBytes: CHECK_SUMMARY_BYTES
    })
  }
}

async function writeSummary(
  result: ScanResult,
  inputs: ActionInputs,
  context: RunContext,
  annotations: AnnotationNote | undefined,
  unchanged: number | undefined
): Promise<void> {
  if (!context.summaryFile) {
    core.info('No job summary: GITHUB_STEP_SUMMARY is not set')
    return
  }
  const markdown = renderSummary(result, {
    ...summaryLinks(inputs, context),
    ...(annotations ? { annotations } : {}),
    ...(unchanged === undefined ? {} : { unchanged })
  })
  await core.summary.addRaw(markdown).write()
}

function summaryLinks(inputs: ActionInputs, context: RunContext) {
  const repo = context.repository
  return {
    failOn: inputs.failOn,
    pathPrefix: inputs.pathPrefix,
    docsUrl: `${HOMEPAGE}/blob/main/docs/rules`,
    ...(repo && context.sha
      ? { blobUrl: `${context.serverUrl}/${repo.owner}/${repo.repo}/blob/${context.sha}` }
      : {})
  }
}

function checkTitle(result: ScanResult): string {
  const counts = countBySeverity(result.findings)
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`)
  return parts.length === 0
    ? 'No findings'
    : `${result.findings.length} findings: ${parts.join(', ')}`
}

function failureMessage(result: ScanResult, inputs: ActionInputs): string {
  const blocking = result.findings.filter((f) => atOrAbove(f.severity, inputs.failOn)).length
  const reasons: string[] = []
  if (blocking > 0) reasons.push(`${plural(blocking, 'finding')} at ${inputs.failOn} or above`)
  if (result.errors.length > 0) {
    reasons.push(
      `${plural(result.errors.length, 'file')} could not be read, so the verdict is incomplete`
    )
  }
  const where = inputs.summary ? 'the job summary' : 'the log above'
  return `pg-hardening: ${reasons.join('; ')} (see ${where})`
}

function writeSarif(file: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, text)
  } catch (error) {
    throw new PgHardeningError('USAGE', `cannot write sarif-file ${file}: ${errorMessage(error)}`)
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
