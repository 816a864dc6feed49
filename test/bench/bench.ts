/**
 * `npm run bench`: end-to-end throughput, per-deployment latency and peak memory on generated
 * corpora, the same facts judged by `opa eval` side by side, and the CLI on the example.
 * Figures are printed, never asserted: speed is read from here, not from timed tests.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultSettings, parameterCatalog } from '../../src/facts/parameters.js'
import type { Facts } from '../../src/facts/types.js'
import { Scanner, collectRoot } from '../../src/scan.js'
import { generateCorpus } from './generate.js'

const repo =
  process.env.PGH_REPO ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const opa = path.join(repo, '.tools/bin/opa')
const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const ms = (value: number): string => `${value.toFixed(value < 1 ? 3 : 1)} ms`

async function benchCorpus(count: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pgh-bench-${count}-`))
  try {
    generateCorpus(dir, count)
    const scanner = new Scanner()
    gc()
    const rssBefore = process.memoryUsage().rss

    // End to end, as the CLI runs: discover, read, parse, build facts, evaluate, report model.
    const t0 = performance.now()
    let result: Awaited<ReturnType<Scanner['scan']>> | undefined = await scanner.scan([dir])
    const endToEnd = performance.now() - t0
    // The kernel's high-water mark: the scan is synchronous, so no timer could sample it.
    const peak = process.resourceUsage().maxRSS * 1024
    const { targets, findings } = {
      targets: result.targets.length,
      findings: result.findings.length
    }
    gc()
    const retained = process.memoryUsage().heapUsed
    result = undefined

    // Per deployment: collect (read + parse + facts) and evaluate one folder at a time.
    const latencies: number[] = []
    const evaluateTimes: number[] = []
    const sample: Facts[] = []
    const problems = { errors: [], notices: [] }
    const subdirs = fs.readdirSync(dir).sort()
    for (const sub of subdirs) {
      const start = performance.now()
      for (const facts of collectRoot(path.join(dir, sub), problems)) {
        const e0 = performance.now()
        scanner.judge(facts)
        evaluateTimes.push(performance.now() - e0)
        if (sample.length < 1000) sample.push(facts)
      }
      latencies.push(performance.now() - start)
    }

    const perSecond = (count / endToEnd) * 1000
    console.log(`\n${count} deployments (${targets} targets, ${findings} findings)`)
    console.log(
      `  end to end:            ${(endToEnd / 1000).toFixed(2)} s, ${perSecond.toFixed(0)} deployments/s`
    )
    console.log(
      `  per deployment median: ${ms(median(latencies))} (collect + evaluate), evaluate alone ${ms(median(evaluateTimes))}`
    )
    console.log(
      `  peak resident memory during the scan: ${mb(peak)} (${mb(rssBefore)} before it; ${mb(retained)} of JS heap still live after it, mostly the findings kept for the report)`
    )
    if (count === sizes[0]) compareWithOpaEval(scanner, sample)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The same facts and policies through `opa eval` (Go, topdown), one process for the whole batch
 * so its start-up is paid once; its start-up alone is measured and subtracted.
 */
function compareWithOpaEval(scanner: Scanner, sample: Facts[]): void {
  if (!fs.existsSync(opa)) {
    console.log('  opa eval comparison skipped: .tools/bin/opa is missing (npm run tools)')
    return
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgh-bench-opa-'))
  try {
    const defaults: Record<string, unknown> = {}
    for (let major = 9; major <= 20; major += 1)
      defaults[String(major)] = defaultSettings(parameterCatalog(major))
    fs.writeFileSync(path.join(dir, 'data.json'), JSON.stringify({ defaults, config: {} }))
    fs.writeFileSync(path.join(dir, 'input.json'), JSON.stringify({ targets: sample }))
    const policies = path.join(repo, 'policies')
    const query =
      'results := [count(f) | some t in input.targets; f := data.pg_hardening.main.findings with input as t]'
    const args = [
      'eval',
      '--ignore',
      '*_test.rego',
      '--ignore',
      'schema',
      '-d',
      policies,
      '-d',
      path.join(dir, 'data.json'),
      '-i',
      path.join(dir, 'input.json'),
      '-f',
      'raw',
      query
    ]
    const emptyArgs = [...args.slice(0, -3), '-i', path.join(dir, 'empty.json'), '-f', 'raw', query]
    fs.writeFileSync(path.join(dir, 'empty.json'), JSON.stringify({ targets: [] }))
    const time = (argv: string[]): number => {
      const start = performance.now()
      const run = spawnSync(opa, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
      if (run.status !== 0) throw new Error(`opa eval failed: ${run.stderr}`)
      return performance.now() - start
    }
    const opaRuns = [0, 1, 2].map(() => time(args))
    const startupRuns = [0, 1, 2].map(() => time(emptyArgs))
    const oursRuns = [0, 1, 2].map(() => {
      const start = performance.now()
      for (const facts of sample) scanner.judge(facts)
      return performance.now() - start
    })
    const opaEval = median(opaRuns) - median(startupRuns)
    const ours = median(oursRuns)
    console.log(
      `  opa eval on the same ${sample.length} facts: ${ms(opaEval)} (after ${ms(median(startupRuns))} start-up), opa-wasm here: ${ms(ours)}`
    )
    console.log(
      `  ratio: opa-wasm evaluates ${(opaEval / ours).toFixed(1)}x as fast as opa eval (medians of 3 runs each)`
    )
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

function benchCli(): void {
  const cli = path.join(repo, 'dist/cli.js')
  const example = path.join(repo, 'examples/insecure')
  const runs: number[] = []
  for (let i = 0; i < 11; i += 1) {
    const start = performance.now()
    spawnSync(process.execPath, [cli, 'check', example, '--format', 'json'], { encoding: 'utf8' })
    runs.push(performance.now() - start)
  }
  console.log(
    `\nCLI on examples/insecure: median ${ms(median(runs))} over ${runs.length} runs (node ${process.version})`
  )
}

const one = process.env.BENCH_ONE
if (one !== undefined) {
  await benchCorpus(Number(one))
} else {
  console.log(
    `pg-hardening benchmark: node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`
  )
  console.log(
    `opa: ${fs.existsSync(opa) ? execFileSync(opa, ['version'], { encoding: 'utf8' }).split('\n')[0] : 'missing'}`
  )
  // Each size runs in a fresh process, so one run's heap does not inflate the next one's figures.
  for (const count of sizes) {
    spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_ONE: String(count) }
    })
  }
  benchCli()
}
