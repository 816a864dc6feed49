import type { Catalog, Finding, RuleDoc, ScanResult } from '../../src/findings.js'

export const catalog: Catalog = {
  rules: [
    {
      id: 'PGH-046',
      package: 't46_no_trust_auth',
      title: 'Client authentication never uses trust',
      description: 'A trust line lets anyone who reaches the server log in without a password.',
      severity: 'critical',
      kind: 'automated',
      techniques: [46, 27],
      inputs: ['hba'],
      cis: ['5.4'],
      remediation: 'Replace trust with scram-sha-256.',
      references: [
        {
          url: 'https://www.postgresql.org/docs/current/auth-trust.html',
          description: 'Trust Authentication'
        }
      ],
      source: 'policies/techniques/t46_no_trust_auth.rego'
    },
    {
      id: 'PGH-028',
      package: 't28_non_default_port',
      title: 'The server listens on a non-default port',
      description: 'Informational.',
      severity: 'info',
      kind: 'automated',
      techniques: [28],
      inputs: ['conf'],
      cis: [],
      remediation: 'Set port = 5433.',
      references: [],
      source: 'policies/techniques/t28_non_default_port.rego'
    }
  ]
}

/** Manual checks, least severe first so that tests see the reports sort them. */
export const manualRules: RuleDoc[] = [
  {
    id: 'PGH-047',
    package: 't47_administrators_trained',
    title: 'Administrators are trained in PostgreSQL security',
    description: 'No file can show it.',
    severity: 'info',
    kind: 'manual',
    techniques: [47],
    inputs: [],
    cis: [],
    remediation: 'Brief everyone with superuser access once a year.',
    references: [],
    source: 'policies/techniques/t47_administrators_trained.rego'
  },
  {
    id: 'PGH-015',
    package: 't15_backups_restorable',
    title: 'Backups run on a schedule and a restore is tested regularly',
    description: 'A backup nobody restored may not restore.',
    severity: 'medium',
    kind: 'manual',
    techniques: [15],
    inputs: [],
    cis: ['7.3', '8.2'],
    remediation: 'Schedule `pg_dump -Fc` daily | restore it monthly.',
    references: [],
    source: 'policies/techniques/t15_backups_restorable.rego'
  }
]

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'PGH-046',
    techniques: [46, 27],
    severity: 'critical',
    title: 'Client authentication never uses trust',
    message: 'host line for all users from 0.0.0.0/0 accepts trust authentication',
    remediation: 'Replace trust with scram-sha-256.',
    file: 'conf/pg_hba.conf',
    line: 7,
    column: 1,
    target: 'conf',
    ...overrides
  }
}

export function result(findings: Finding[], extra: Partial<ScanResult> = {}): ScanResult {
  return {
    roots: ['.'],
    targets: [
      {
        target: { name: 'conf', source: 'repository', major: 15, major_source: 'assumed' },
        files: ['conf/postgresql.conf', 'conf/pg_hba.conf'],
        inputs: ['conf', 'hba'],
        findings
      }
    ],
    findings,
    errors: [],
    notices: [],
    catalog,
    ...extra
  }
}
