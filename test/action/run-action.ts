import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'

export const repo = path.resolve(import.meta.dirname, '../..')
export const bundle = path.join(repo, 'dist/index.js')

/** A workflow command as the runner reads it from a line of the step's output. */
export interface WorkflowCommand {
  command: string
  properties: Record<string, string>
  data: string
}

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  /** The commands the runner would act on: none from inside a stop-commands block. */
  commands: WorkflowCommand[]
  outputs: Record<string, string>
  summary: string
  temp: string
}

export interface RunOptions {
  /** Inputs as the workflow's `with:` gives them; action.yml's defaults fill the rest. */
  inputs?: Record<string, string>
  /** The checkout: the action writes its SARIF file here, so never the repository itself. */
  workspace: string
  event?: { name: string; payload: unknown }
  apiUrl?: string
  /** What `${{ github.token }}` evaluates to. */
  token?: string
  script?: string
  env?: Record<string, string>
}

export const SHA = 'c0ffee0000000000000000000000000000000001'

interface ActionYml {
  inputs: Record<string, { default?: string }>
}

/**
 * Runs the committed bundle the way the runner does: a child process of Node 24 with every
 * input as INPUT_<NAME> (upper case, hyphens kept, defaults from action.yml), the GITHUB_*
 * variables, and files for the summary, the outputs and the event.
 */
export async function runAction(options: RunOptions): Promise<ActionRun> {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-action-'))
  const files = {
    summary: path.join(temp, 'step_summary'),
    output: path.join(temp, 'output'),
    event: path.join(temp, 'event.json'),
    runnerTemp: path.join(temp, 'runner_temp')
  }
  fs.writeFileSync(files.summary, '')
  fs.writeFileSync(files.output, '')
  fs.mkdirSync(files.runnerTemp)
  const event = options.event ?? { name: 'push', payload: { ref: 'refs/heads/main' } }
  fs.writeFileSync(files.event, JSON.stringify(event.payload))
  const { workspace } = options

  const action = parse(fs.readFileSync(path.join(repo, 'action.yml'), 'utf8')) as ActionYml
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: 'pg',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/db-config',
    GITHUB_SHA: SHA,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.apiUrl ?? 'http://127.0.0.1:9',
    RUNNER_TEMP: files.runnerTemp
  }
  for (const [name, input] of Object.entries(action.inputs)) {
    const given = options.inputs?.[name] ?? input.default ?? ''
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = given.replace(
      '${{ github.token }}',
      options.token ?? ''
    )
  }
  Object.assign(env, options.env)

  const { code, stdout, stderr } = await spawnNode(options.script ?? bundle, workspace, env)
  return {
    code,
    stdout,
    stderr,
    commands: workflowCommands(stdout),
    outputs: readOutputs(fs.readFileSync(files.output, 'utf8')),
    summary: fs.readFileSync(files.summary, 'utf8'),
    temp
  }
}

function spawnNode(
  script: string,
  cwd: string,
  env: Record<string, string>
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Asynchronous: the fake GitHub API answers from this same process.
    const child = spawn(process.execPath, [script], { cwd, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/**
 * Reads stdout as the runner's ActionCommandManager does: a line whose first non-blank
 * characters are `::` is `::name key=value,key=value::data`, properties and data unescaped;
 * `::stop-commands::TOKEN` ignores every line until `::TOKEN::`.
 */
export function workflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = []
  let stopToken: string | undefined
  for (const raw of stdout.split('\n')) {
    const parsed = parseCommand(raw.replace(/\r$/, ''))
    if (!parsed) continue
    if (stopToken !== undefined) {
      if (parsed.command === stopToken) stopToken = undefined
      continue
    }
    if (parsed.command === 'stop-commands') stopToken = parsed.data
    commands.push(parsed)
  }
  return commands
}

function parseCommand(line: string): WorkflowCommand | undefined {
  const message = line.trimStart()
  if (!message.startsWith('::')) return undefined
  const end = message.indexOf('::', 2)
  if (end < 0) return undefined
  const info = message.slice(2, end)
  const space = info.indexOf(' ')
  const command = space < 0 ? info : info.slice(0, space)
  const properties: Record<string, string> = {}
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')) {
      const eq = pair.indexOf('=')
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1))
    }
  }
  return { command, properties, data: unescapeData(message.slice(end + 2)) }
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(s: string): string {
  return s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
}

/** GITHUB_OUTPUT holds `name<<DELIMITER`, the value's lines, then `DELIMITER`. */
function readOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i += 1) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!m?.[1] || !m[2]) continue
    const value: string[] = []
    for (i += 1; i < lines.length && lines[i] !== m[2]; i += 1) value.push(lines[i] ?? '')
    outputs[m[1]] = value.join('\n')
  }
  return outputs
}

/** The annotations among the commands, as `level file:line`. */
export function annotationsOf(run: ActionRun): string[] {
  return run.commands
    .filter((c) => ['error', 'warning', 'notice'].includes(c.command) && c.properties.file)
    .map((c) => `${c.command} ${c.properties.file ?? ''}:${c.properties.line ?? ''}`)
}
