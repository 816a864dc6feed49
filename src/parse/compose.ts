/**
 * Docker Compose files: the PostgreSQL services they run (image version, the official image's
 * environment, `-c` settings on the command line, configuration files mounted from the
 * repository, published ports) and the applications beside them that connect as the
 * superuser. Values are read as Compose reads them: `${VAR:-default}` takes the default, other
 * variables stay unknown, and secrets are classified, never kept.
 */
import path from 'node:path'
import type { Node } from 'yaml'
import type { Diagnostic, Location } from '../facts/location.js'
import type { ComposeProject, PublishedPort } from '../facts/source-types.js'
import {
  interpolate,
  parseImageRef,
  readConnections,
  readPostgresContainer,
  splitWords,
  type ContainerInput,
  type EnvVar,
  type Mount,
  type Word
} from './postgres-image.js'
import { parseYaml, type YamlPair, type YamlView } from './yaml-source.js'

const utf8 = new TextDecoder()

export interface ParsedCompose {
  project: ComposeProject
  diagnostics: Diagnostic[]
}

/** Reads one Compose file; `file` is its root-relative path (relative mounts resolve from its folder). */
export function parseCompose(source: Uint8Array | string, file: string): ParsedCompose {
  const text = typeof source === 'string' ? source : utf8.decode(source)
  const parsed = parseYaml(text, file)
  const project: ComposeProject = { file, services: [], connections: [] }
  const view = parsed.documents[0]
  if (!view) return { project, diagnostics: parsed.diagnostics }
  const reader = new ComposeReader(view, file)
  const services = reader.services()
  const apps: { name: string; env: EnvVar[] }[] = []
  for (const service of services) {
    const input = reader.container(service)
    const server = readPostgresContainer(input)
    if (server) project.services.push(server)
    else apps.push({ name: service.key, env: input.env })
  }
  for (const app of apps) {
    project.connections.push(...readConnections(app.name, app.env, project.services))
  }
  return { project, diagnostics: parsed.diagnostics }
}

const PASS_THROUGH = new Set(['', '~', 'null', 'Null', 'NULL'])

class ComposeReader {
  private readonly dir: string
  private readonly topConfigs: YamlPair[]

  constructor(
    private readonly view: YamlView,
    file: string
  ) {
    this.dir = path.posix.dirname(file)
    this.topConfigs = view.pairs(view.at(view.doc.contents, 'configs'))
  }

  /** `services:`, or the services at the top level of a version 1 file. */
  services(): YamlPair[] {
    const root = this.view.doc.contents
    const services = this.view.get(root, 'services')
    if (services) return this.view.pairs(services.value).filter((s) => this.view.map(s.value))
    if (this.view.get(root, 'version')) return []
    return this.view.pairs(root).filter((pair) => {
      const service = pair.value
      return (
        this.view.get(service, 'image') !== undefined ||
        this.view.get(service, 'build') !== undefined
      )
    })
  }

  container(service: YamlPair): ContainerInput {
    const v = this.view
    const node = service.value
    const imageNode = v.get(node, 'image')?.value
    const image = v.text(imageNode)
    const command = [
      ...this.words(v.get(node, 'entrypoint')?.value),
      ...this.words(v.get(node, 'command')?.value)
    ]
    const networkMode = v.get(node, 'network_mode')
    const input: ContainerInput = {
      name: service.key,
      location: v.location(service.keyNode),
      env: this.environment(v.get(node, 'environment')?.value),
      command,
      splitScript: (word) => this.splitScript(word),
      mounts: [
        ...this.volumes(v.get(node, 'volumes')?.value),
        ...this.configs(v.get(node, 'configs')?.value)
      ],
      ports: this.ports(v.get(node, 'ports')?.value)
    }
    if (image !== undefined && image !== '')
      input.image = parseImageRef(image, v.location(imageNode))
    if (networkMode && v.text(networkMode.value) === 'host') {
      input.hostNetwork = { value: true, location: v.location(networkMode.keyNode) }
    }
    return input
  }

  private readonly scripts = new Map<Word, (offset: number) => Location>()

  /** A command as words: a list item per word, or a string split like a shell. */
  private words(node: Node | undefined): Word[] {
    const v = this.view
    if (!node) return []
    const items = v.seq(node)
    if (items) {
      return v.items(items).flatMap((item) => {
        const embedded = v.embedded(item)
        if (!embedded) return []
        const word = { text: interpolate(embedded.text).text, location: embedded.location }
        this.scripts.set(word, embedded.at)
        return [word]
      })
    }
    const embedded = v.embedded(node)
    if (!embedded) return []
    return splitWords(embedded.text, embedded.at).map((w) => ({
      ...w,
      text: interpolate(w.text).text
    }))
  }

  private splitScript(word: Word): Word[] {
    const at = this.scripts.get(word) ?? (() => word.location)
    return splitWords(word.text, at)
  }

  private environment(node: Node | undefined): EnvVar[] {
    const v = this.view
    const env: EnvVar[] = []
    if (v.seq(node)) {
      for (const item of v.items(node)) {
        const embedded = v.embedded(item)
        if (!embedded) continue
        const eq = embedded.text.indexOf('=')
        const name = eq < 0 ? embedded.text : embedded.text.slice(0, eq)
        if (eq < 0) {
          env.push({ name, from: 'environment', location: embedded.location })
          continue
        }
        const value = embedded.text.slice(eq + 1)
        env.push({
          name,
          value,
          location: embedded.location,
          words: () => splitWords(value, (offset) => embedded.at(eq + 1 + offset))
        })
      }
      return env
    }
    for (const pair of v.pairs(node)) {
      const scalar = v.scalar(pair.value)
      const embedded = v.embedded(pair.value)
      const location = v.location(pair.keyNode)
      if (!embedded || (scalar?.type === 'PLAIN' && PASS_THROUGH.has(embedded.text))) {
        env.push({ name: pair.key, from: 'environment', location })
        continue
      }
      env.push({
        name: pair.key,
        value: embedded.text,
        location,
        words: () => splitWords(embedded.text, embedded.at)
      })
    }
    return env
  }

  private volumes(node: Node | undefined): Mount[] {
    const v = this.view
    const mounts: Mount[] = []
    for (const item of v.items(node)) {
      const location = v.location(item)
      const short = v.text(item)
      let source: string | undefined
      let target: string | undefined
      let bind = false
      if (short !== undefined) {
        const parts = splitOutside(interpolate(short).text, ':')
        if (parts.length < 2) continue
        source = parts[0] ?? ''
        target = parts[1] ?? ''
        bind = /^[./~]/.test(source) || source.includes('/')
      } else {
        source = v.text(v.at(item, 'source')) ?? ''
        target = v.text(v.at(item, 'target'))
        bind = v.text(v.at(item, 'type')) === 'bind'
        source = interpolate(source).text
      }
      if (target === undefined || target === '') continue
      const mount: Mount = { source, target, via: 'volume', location }
      const file = bind ? this.repoPath(source) : undefined
      if (file !== undefined) mount.file = file
      mounts.push(mount)
    }
    return mounts
  }

  private configs(node: Node | undefined): Mount[] {
    const v = this.view
    const mounts: Mount[] = []
    for (const item of v.items(node)) {
      const name = v.text(item) ?? v.text(v.at(item, 'source'))
      if (name === undefined) continue
      const target = v.text(v.at(item, 'target')) ?? `/${name}`
      const declared = this.topConfigs.find((c) => c.key === name)
      const source = declared ? v.text(v.at(declared.value, 'file')) : undefined
      if (source === undefined) continue
      const mount: Mount = { source, target, via: 'config', location: v.location(item) }
      const file = this.repoPath(interpolate(source).text)
      if (file !== undefined) mount.file = file
      mounts.push(mount)
    }
    return mounts
  }

  /** A host path as a root-relative repository path, when it is one. */
  private repoPath(source: string): string | undefined {
    if (interpolate(source).unresolved || source.startsWith('/') || source.startsWith('~'))
      return undefined
    const joined = path.posix.normalize(path.posix.join(this.dir, source))
    if (joined === '..' || joined.startsWith('../')) return undefined
    return joined === '' ? '.' : joined
  }

  private ports(node: Node | undefined): PublishedPort[] {
    const v = this.view
    const ports: PublishedPort[] = []
    for (const item of v.items(node)) {
      const location = v.location(item)
      const short = v.text(item)
      if (short !== undefined) {
        const port = shortPort(short, location)
        if (port) ports.push(port)
        continue
      }
      const target = v.text(v.at(item, 'target'))
      if (target === undefined) continue
      const published = v.text(v.at(item, 'published'))
      const hostIp = v.text(v.at(item, 'host_ip'))
      const protocol = v.text(v.at(item, 'protocol'))
      const raw = [hostIp, published, target].filter((p) => p !== undefined).join(':')
      ports.push(port(raw, interpolate(hostIp ?? ''), published, target, protocol, location))
    }
    return ports
  }
}

/** `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, with `[v6]` addresses and `${VAR:-x}`. */
function shortPort(written: string, location: Location): PublishedPort | undefined {
  const parts = splitOutside(written, ':').map(interpolate)
  const last = parts[parts.length - 1]?.text
  if (last === undefined || last === '') return undefined
  const slash = last.indexOf('/')
  const container = slash < 0 ? last : last.slice(0, slash)
  const protocol = slash < 0 ? undefined : last.slice(slash + 1)
  const hostPort = parts.length >= 2 ? parts[parts.length - 2]?.text : undefined
  const ip = parts.slice(0, -2)
  const hostIp = {
    text: ip.map((p) => p.text).join(':'),
    unresolved: ip.some((p) => p.unresolved)
  }
  return port(written, hostIp, hostPort, container, protocol, location)
}

function port(
  raw: string,
  hostIp: { text: string; unresolved: boolean },
  hostPort: string | undefined,
  container: string,
  protocol: string | undefined,
  location: Location
): PublishedPort {
  const ip = hostIp.text.replace(/^\[|\]$/g, '')
  const found: PublishedPort = {
    raw,
    container_port: container,
    bind: hostIp.unresolved ? 'unknown' : bindOf(ip),
    postgres: false,
    location
  }
  if (ip !== '') found.host_ip = ip
  if (hostPort !== undefined && hostPort !== '') found.host_port = hostPort
  if (protocol !== undefined) found.protocol = protocol
  return found
}

function bindOf(ip: string): PublishedPort['bind'] {
  if (ip === '' || ip === '0.0.0.0' || ip === '::' || ip === '*') return 'all'
  if (ip === 'localhost' || ip === '::1' || ip.startsWith('127.')) return 'loopback'
  return 'address'
}

/** Splits on `separator` outside `${...}` and `[...]`. */
function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i)
    if (c === '{' || c === '[') depth++
    else if ((c === '}' || c === ']') && depth > 0) depth--
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}
