import { createHash } from 'node:crypto'
import type { Severity } from '../facts/location.js'
import type { Finding, RuleDoc, ScanError, ScanResult } from '../findings.js'
import { encodePath, repoPath } from './repo-path.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

/** GitHub ranks code-scanning alerts by this score; fixed so alerts do not change rank. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0'
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note'
}

const MANUAL_NOTE = 'Manual check: pg-hardening cannot verify this from files.'

export interface SarifOptions {
  toolVersion: string
  informationUri: string
  /** Prefix that makes `file` relative to the repository root (the scanned folder's path in it). */
  uriPrefix?: string
}

export function renderSarif(result: ScanResult, options: SarifOptions): string {
  const rules = [...result.catalog.rules].sort((a, b) => a.id.localeCompare(b.id))
  const index = new Map(rules.map((rule, i) => [rule.id, i]))
  const prints = fingerprints(result.findings)
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pg-hardening',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: options.informationUri,
            rules: rules.map((rule) => sarifRule(rule, options.informationUri))
          }
        },
        invocations: [invocation(result.errors, options.uriPrefix ?? '')],
        originalUriBaseIds: { SRCROOT: { description: { text: 'The repository root.' } } },
        results: result.findings.map((f, i) =>
          sarifResult(f, index.get(f.rule), options.uriPrefix ?? '', prints[i] ?? '')
        ),
        columnKind: 'unicodeCodePoints'
      }
    ]
  }
  return `${JSON.stringify(log, null, 2)}\n`
}

function sarifRule(rule: RuleDoc, informationUri: string) {
  const references = rule.references
    .map((r) => `- [${r.description ?? r.url}](${r.url})`)
    .join('\n')
  const techniques = rule.techniques.map((t) => `technique-${t}`)
  // A manual rule never has results: it is listed so that its guidance ships with the log.
  const manual = rule.kind === 'manual'
  const note = manual ? `${MANUAL_NOTE}\n\n` : ''
  return {
    id: rule.id,
    name: pascal(rule.package.replace(/^t\d+_/, '')),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description || rule.title },
    helpUri: `${informationUri}/blob/main/docs/rules/${rule.id}.md`,
    help: {
      text: `${note}${rule.description}\n\nRemediation: ${rule.remediation}`,
      markdown: `${note}${rule.description}\n\n**Remediation:** ${rule.remediation}${references ? `\n\n${references}` : ''}`
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: [
        'security',
        'postgresql',
        ...(manual ? ['manual'] : []),
        ...techniques,
        ...rule.cis.map((c) => `cis-${c}`)
      ],
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[rule.severity]
    }
  }
}

/** Files that could not be read make the run unsuccessful: its results are incomplete. */
function invocation(errors: ScanError[], uriPrefix: string) {
  return {
    executionSuccessful: errors.length === 0,
    toolExecutionNotifications: errors.map((e) => ({
      level: 'error',
      message: { text: e.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: {
              uri: encodePath(repoPath(uriPrefix, e.file)),
              uriBaseId: 'SRCROOT'
            },
            ...(e.line === undefined ? {} : { region: { startLine: e.line } })
          }
        }
      ]
    }))
  }
}

function sarifResult(
  finding: Finding,
  ruleIndex: number | undefined,
  uriPrefix: string,
  print: string
) {
  return {
    ruleId: finding.rule,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: {
            uri: encodePath(repoPath(uriPrefix, finding.file)),
            uriBaseId: 'SRCROOT'
          },
          region: { startLine: finding.line, startColumn: finding.column }
        }
      }
    ],
    partialFingerprints: { 'pgHardening/v1': print },
    properties: { severity: finding.severity, target: finding.target }
  }
}

/**
 * Stable when lines move: the rule, the file and the message identify an alert across commits.
 * Messages name the setting or the rule's content, not its line, except PostgreSQL's own
 * errors ("... line 12"), whose line numbers are left out. Findings that agree on all three
 * are told apart by their order in the file.
 */
function fingerprints(findings: Finding[]): string[] {
  const seen = new Map<string, number>()
  return findings.map((f) => {
    const key = `${f.rule}\0${f.file}\0${f.message.replace(/\bline \d+/g, 'line')}`
    const occurrence = seen.get(key) ?? 0
    seen.set(key, occurrence + 1)
    return createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 32)
  })
}

function pascal(slug: string): string {
  return slug
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')
}
