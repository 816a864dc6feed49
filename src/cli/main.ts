import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { PgHardeningError, errorMessage, isUserError } from '../errors.js'
import type { Severity } from '../facts/location.js'
import { SEVERITIES, isSeverity } from '../facts/location.js'
import type { Catalog, ScanResult } from '../findings.js'
import { EXIT, type ExitCode, exitCodeFor } from '../report/exit-code.js'
import { renderJson } from '../report/json.js'
import { renderSarif } from '../report/sarif.js'
import { renderText } from '../report/text.js'
import { Scanner } from '../scan.js'
import { USAGE } from './usage.js'
import { VERSION, HOMEPAGE } from '../version.js'

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  isTTY: boolean
  env: Record<string, string | undefined>
}

const FORMATS = ['text', 'json', 'sarif'] as const
type Format = (typeof FORMATS)[number]

export async function cli(argv: string[], io: CliIo): Promise<ExitCode> {
  try {
    return await run(argv, io)
  } catch (error) {
    if (isUserError(error)) {
      io.stderr(`pg-harden: ${errorMessage(error)}\n`)
      if (error instanceof PgHardeningError && error.code === 'USAGE')
        io.stderr('Try "pg-harden --help".\n')
    } else {
      io.stderr(`pg-harden: internal error: ${errorMessage(error)}\n`)
    }
    return EXIT.error
  }
}

async function run(argv: string[], io: CliIo): Promise<ExitCode> {
  const parsed = parse(argv)
  const { values, positionals } = parsed
  if (values.version) {
    io.stdout(`pg-harden ${VERSION}\n`)
    return EXIT.clean
  }
  const [command, ...paths] = positionals
  if (values.help || command === undefined || command === 'help') {
    io.stdout(USAGE)
    return EXIT.clean
  }
  switch (command) {
    case 'check':
      return check(paths.length > 0 ? paths : ['.'], values, io)
    case 'facts':
      return facts(paths.length > 0 ? paths : ['.'], io)
    case 'rules':
      if (paths.length > 0) throw usage('rules takes no paths')
      return rules(new Scanner().catalog, values, io)
    default:
      throw usage(`unknown command "${command}"`)
  }
}

type Values = ReturnType<typeof parse>['values']

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        kind: { type: 'string' },
        'fail-on': { type: 'string' },
        output: { type: 'string', short: 'o' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' }
      }
    })
  } catch (error) {
    throw usage(errorMessage(error))
  }
}

function usage(message: string): PgHardeningError {
  return new PgHardeningError('USAGE', message)
}

async function check(paths: string[], values: Values, io: CliIo): Promise<ExitCode> {
  const format = values.format ?? 'text'
  if (!isFormat(format))
    throw usage(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`)
  const failOn = values['fail-on'] ?? 'high'
  if (!isSeverity(failOn))
    throw usage(`--fail-on must be one of ${SEVERITIES.join(', ')}, not "${failOn}"`)
  const result = await new Scanner().scan(paths)
  const color =
    format === 'text' &&
    values.output === undefined &&
    !values['no-color'] &&
    (values.color ?? (io.isTTY && io.env.NO_COLOR === undefined))
  const report = render(format, result, failOn, color)
  if (values.output !== undefined) {
    try {
      await fs.promises.writeFile(values.output, report)
    } catch (error) {
      throw new PgHardeningError('USAGE', `cannot write ${values.output}: ${errorMessage(error)}`)
    }
  } else {
    io.stdout(report)
  }
  if (result.targets.length === 0 && result.errors.length === 0 && format !== 'text') {
    io.stderr('pg-harden: no PostgreSQL configuration found\n')
  }
  return reportErrors(result, io) ? EXIT.error : exitCodeFor(result, failOn)
}

function render(format: Format, result: ScanResult, failOn: Severity, color: boolean): string {
  switch (format) {
    case 'text':
      return renderText(result, { failOn, color })
    case 'json':
      return renderJson(result, failOn)
    case 'sarif':
      return renderSarif(result, { toolVersion: VERSION, informationUri: HOMEPAGE })
  }
}

async function facts(paths: string[], io: CliIo): Promise<ExitCode> {
  const result = await new Scanner({ keepFacts: true }).scan(paths)
  const documents = result.targets.map((t) => t.facts)
  io.stdout(`${JSON.stringify(documents, null, 2)}\n`)
  return reportErrors(result, io) ? EXIT.error : EXIT.clean
}

/** Input we could not read means the verdict is incomplete: that is not a pass. */
function reportErrors(result: ScanResult, io: CliIo): boolean {
  for (const error of result.errors) {
    const where = error.line === undefined ? error.file : `${error.file}:${error.line}`
    io.stderr(`pg-harden: ${where}: ${error.message}\n`)
  }
  return result.errors.length > 0
}

function rules(catalog: Catalog, values: Values, io: CliIo): ExitCode {
  const format = values.format ?? 'text'
  if (format !== 'text' && format !== 'json')
    throw usage(`--format must be text or json for rules, not "${format}"`)
  const kind = values.kind
  if (kind !== undefined && kind !== 'automated' && kind !== 'manual')
    throw usage(`--kind must be automated or manual, not "${kind}"`)
  const selected = catalog.rules.filter((r) => kind === undefined || r.kind === kind)
  if (format === 'json') {
    io.stdout(`${JSON.stringify(selected, null, 2)}\n`)
    return EXIT.clean
  }
  for (const rule of selected) {
    const techniques = rule.techniques.join(', ')
    io.stdout(
      `${rule.id}  ${rule.severity.padEnd(8)} ${rule.kind.padEnd(9)} ${rule.title} (technique ${techniques})\n`
    )
    // A manual check has no finding to carry its guidance, so the listing does.
    if (rule.kind === 'manual') io.stdout(`${' '.repeat(9)}${oneLine(rule.remediation)}\n`)
  }
  return EXIT.clean
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value)
}
