import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local stand-in for the GitHub REST API, the one remote service the action talks to. It
 * answers like GitHub (status codes, error bodies, Link pagination) and checks every request
 * against what GitHub accepts, recording what it received and what it would have refused.
 */
export interface FakeGitHubOptions {
  /** The token the workflow's GITHUB_TOKEN stands for. */
  token: string
  /** `read` is what pull requests from forks get: check runs are refused with 403. */
  checks: 'write' | 'read'
  /** Files the pull request changes, listed 100 a page at most. */
  pullFiles?: string[]
  /** Answer check run updates with GitHub's 500, as during an incident. */
  failUpdates?: boolean
}

export interface Received {
  method: string
  path: string
  query: URLSearchParams
  authorization: string | undefined
  body: unknown
  status: number
}

export interface CheckAnnotation {
  path: string
  start_line: number
  end_line: number
  start_column?: number
  annotation_level: string
  title?: string
  message: string
}

export interface CheckRunPayload {
  name?: string
  head_sha?: string
  status?: string
  conclusion?: string
  output?: { title: string; summary: string; annotations?: CheckAnnotation[] }
}

const PAGE_LIMIT = 100
const ANNOTATIONS_PER_REQUEST = 50

export class FakeGitHub {
  readonly received: Received[] = []
  /** Every way a request differed from what GitHub accepts. */
  readonly violations: string[] = []
  readonly checkRuns = new Map<number, { created: CheckRunPayload; updates: CheckRunPayload[] }>()
  private readonly server: http.Server
  private nextId = 4_000_000_000

  constructor(private readonly options: FakeGitHubOptions) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        this.handle(req, text, res)
      })
    })
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return this.url
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo
    return `http://127.0.0.1:${port}`
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve()))
    )
  }

  /** All annotations the check runs received, in order. */
  annotations(): CheckAnnotation[] {
    return [...this.checkRuns.values()].flatMap((run) =>
      [run.created, ...run.updates].flatMap((p) => p.output?.annotations ?? [])
    )
  }

  private handle(req: http.IncomingMessage, text: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url)
    let body: unknown
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      this.violations.push(`${req.method ?? ''} ${url.pathname}: body is not JSON`)
    }
    const record: Received = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body,
      status: 0
    }
    this.received.push(record)
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(JSON.stringify(payload))
    }

    if (!/^(token|bearer) /i.test(record.authorization ?? '')) {
      this.violations.push(`${record.method} ${record.path}: no token`)
      send(401, { message: 'Requires authentication', status: '401' })
      return
    }
    if (record.authorization?.split(' ')[1] !== this.options.token) {
      send(401, { message: 'Bad credentials', status: '401' })
      return
    }

    const route = `${record.method} ${record.path}`
    let m: RegExpExecArray | null
    if ((m = /^POST \/repos\/([^/]+)\/([^/]+)\/check-runs$/.exec(route))) {
      if (this.options.checks === 'read') {
        send(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/checks/runs#create-a-check-run',
          status: '403'
        })
        return
      }
      const payload = this.checkPayload(body, true)
      const id = this.nextId++
      this.checkRuns.set(id, { created: payload, updates: [] })
      send(201, {
        id,
        head_sha: payload.head_sha,
        status: payload.status,
        conclusion: payload.conclusion ?? null,
        name: payload.name,
        html_url: `https://github.com/${m[1] ?? ''}/${m[2] ?? ''}/runs/${id}`
      })
      return
    }
    if ((m = /^PATCH \/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/.exec(route))) {
      const run = this.checkRuns.get(Number(m[1]))
      if (!run) {
        send(404, { message: 'Not Found', status: '404' })
        return
      }
      run.updates.push(this.checkPayload(body, false))
      if (this.options.failUpdates) {
        send(500, { message: 'Server Error' })
        return
      }
      send(200, { id: Number(m[1]) })
      return
    }
    if ((m = /^GET \/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/.exec(route))) {
      this.sendFilesPage(url, send)
      return
    }
    send(404, { message: 'Not Found', status: '404' })
  }

  private checkPayload(body: unknown, create: boolean): CheckRunPayload {
    const payload = (body ?? {}) as CheckRunPayload
    const fail = (why: string) => this.violations.push(`check run: ${why}`)
    if (create) {
      if (!payload.name) fail('name is required')
      if (!/^[0-9a-f]{40}$/.test(payload.head_sha ?? '')) fail(`head_sha ${payload.head_sha}`)
      if (payload.status === 'completed' && !payload.conclusion)
        fail('completed without conclusion')
    }
    const output = payload.output
    if (output) {
      if (!output.title || !output.summary) fail('output needs title and summary')
      if (output.summary.length > 65_535) fail(`summary of ${output.summary.length} characters`)
      const annotations = output.annotations ?? []
      if (annotations.length > ANNOTATIONS_PER_REQUEST) {
        fail(`${annotations.length} annotations in one request`)
      }
      for (const a of annotations) {
        if (!a.path || !a.message) fail('annotation without path or message')
        if (!(a.start_line >= 1 && a.end_line >= a.start_line))
          fail(`lines ${a.start_line}-${a.end_line}`)
        if (!['notice', 'warning', 'failure'].includes(a.annotation_level)) {
          fail(`annotation_level ${a.annotation_level}`)
        }
        if (a.start_column !== undefined && a.start_line !== a.end_line)
          fail('columns across lines')
        if ((a.title ?? '').length > 255) fail('title over 255 characters')
        if (Buffer.byteLength(a.message) > 64 * 1024) fail('message over 64 KB')
      }
    }
    return payload
  }

  private sendFilesPage(
    url: URL,
    send: (status: number, payload: unknown, headers?: Record<string, string>) => void
  ): void {
    const files = this.options.pullFiles ?? []
    const perPage = Number(url.searchParams.get('per_page') ?? 30)
    const page = Number(url.searchParams.get('page') ?? 1)
    if (perPage > PAGE_LIMIT) this.violations.push(`per_page ${perPage} is above ${PAGE_LIMIT}`)
    const size = Math.min(perPage, PAGE_LIMIT)
    const last = Math.max(1, Math.ceil(files.length / size))
    const link = (p: number, rel: string) => {
      const next = new URL(url)
      next.searchParams.set('page', String(p))
      return `<${next.toString()}>; rel="${rel}"`
    }
    const links = [
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
      ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])
    ]
    const slice = files.slice((page - 1) * size, page * size).map((filename, i) => ({
      sha: (page * 1000 + i).toString(16).padStart(40, '0'),
      filename,
      status: 'modified',
      additions: 1,
      deletions: 1,
      changes: 2
    }))
    send(200, slice, links.length > 0 ? { link: links.join(', ') } : {})
  }
}
