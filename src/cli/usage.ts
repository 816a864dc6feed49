export const USAGE = `Usage: pg-harden <command> [options]

Commands:
  check [PATH...]   Check the PostgreSQL configuration under each PATH (default: .)
  facts [PATH...]   Print the facts documents the policies judge, as JSON
  rules             List every rule with its techniques, severity and kind

Options for check:
  --format FORMAT   text (default), json or sarif
  --fail-on LEVEL   exit 1 when a finding is at or above LEVEL:
                    critical, high (default), medium, low or info
  --output FILE     write the report to FILE instead of standard output
  --color, --no-color
                    colour text output (default: when standard output is a terminal)

Options for rules:
  --format FORMAT   text (default) or json (with kind, CIS sections, inputs, remediation)
  --kind KIND       automated or manual: list only those (manual checks, what no file
                    can show, are printed with what to do and how to verify it)

  -h, --help        show this help
  -v, --version     show the version

Exit status: 0 nothing at or above --fail-on, 1 something is,
2 usage error, unreadable input or internal failure.
`
