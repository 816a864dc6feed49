import fs from 'node:fs'
import path from 'node:path'
import { PgHardeningError } from '../errors.js'
import type { Severity } from '../facts/location.js'
import { SEVERITIES, isSeverity } from '../facts/location.js'

export interface ActionInputs {
  /** The `path` input as given. */
  path: string
  /** What the scanner is handed: `path` relative to the working directory when it was relative. */
  scanPath: string
  /** The scanned folder relative to the repository root: findings' files are relative to it. */
  pathPrefix: string
  /** The project config file, absolute; reserved until project config lands. */
  config?: string
  failOn: Severity
  annotations: boolean
  summary: boolean
  /** Absolute. */
  sarifFile: string
  onlyChanged: boolean
  token: string
}

/** The defaults action.yml declares; the runner fills them in, these serve runs outside it. */
export const INPUT_DEFAULTS = {
  path: '.',
  config: '',
  'fail-on': 'high',
  annotations: 'true',
  summary: 'true',
  'sarif-file': 'pg-hardening.sarif',
  'only-changed': 'false',
  'github-token': ''
} as const

export type InputName = keyof typeof INPUT_DEFAULTS

/**
 * Reads and checks every input; a bad value is the user's mistake and stops the step with one
 * message naming the input. Relative paths are relative to the workspace, as in `run:` steps.
 */
export function readInputs(
  getInput: (name: InputName) => string,
  workspace: string,
  cwd: string
): ActionInputs {
  const get = (name: InputName): string => getInput(name) || INPUT_DEFAULTS[name]
  const given = get('path')
  const absolute = path.resolve(workspace, given)
  const root = scanRoot(absolute, given)
  const failOn = get('fail-on').toLowerCase()
  if (!isSeverity(failOn)) {
    throw usage(`fail-on must be one of ${SEVERITIES.join(', ')}, not "${get('fail-on')}"`)
  }
  const config = get('config')
  return {
    path: given,
    scanPath: path.isAbsolute(given) ? given : path.relative(cwd, absolute) || '.',
    pathPrefix: toPosix(path.relative(workspace, root)) || '.',
    ...(config ? { config: existingFile('config', path.resolve(workspace, config), config) } : {}),
    failOn,
    annotations: boolean('annotations', get('annotations')),
    summary: boolean('summary', get('summary')),
    sarifFile: path.resolve(workspace, get('sarif-file')),
    onlyChanged: boolean('only-changed', get('only-changed')),
    token: get('github-token')
  }
}

/** The folder findings are relative to: the path itself, or the folder of a single file. */
function scanRoot(absolute: string, given: string): string {
  const stat = fs.statSync(absolute, { throwIfNoEntry: false })
  if (stat?.isDirectory()) return absolute
  if (stat?.isFile()) return path.dirname(absolute)
  throw new PgHardeningError(
    'ROOT_NOT_FOUND',
    `path "${given}" does not exist in the workspace (${absolute})`
  )
}

function existingFile(name: InputName, absolute: string, given: string): string {
  if (fs.statSync(absolute, { throwIfNoEntry: false })?.isFile()) return absolute
  throw usage(`${name} "${given}" is not a file in the workspace (${absolute})`)
}

/** The YAML 1.2 core schema's booleans, as `core.getBooleanInput` accepts them. */
function boolean(name: InputName, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw usage(`${name} must be true or false, not "${value}"`)
}

function usage(message: string): PgHardeningError {
  return new PgHardeningError('USAGE', message)
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/')
}
