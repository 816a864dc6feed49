/**
 * Kubernetes manifests and Helm values files, every document of the stream:
 *
 * - operator clusters: CloudNativePG `Cluster`, Zalando `postgresql`, Crunchy `PostgresCluster`
 *   (image and major version, server parameters, pg_hba lines, superuser access);
 * - ConfigMaps whose `data` holds a postgresql.conf, pg_hba.conf, pgbouncer.ini or pgpool.conf;
 * - Helm values in the Bitnami charts' style (`primary.extendedConfiguration`,
 *   `pgHbaConfiguration`, `postgresqlConfiguration`, `image.tag`, `auth.postgresPassword`);
 * - workloads (Pod, Deployment, StatefulSet, ...) whose containers run PostgreSQL, read like
 *   Compose services, and the application containers that connect as the superuser.
 *
 * Embedded files are handed back as text with a way to map a line of the text to its YAML
 * line, so the usual parsers read them and findings point into the manifest.
 */
import type { Node } from 'yaml'
import type { Diagnostic, Location } from '../facts/location.js'
import { findParameter, parameterCatalog } from '../facts/parameters.js'
import type {
  AppConnection,
  CommandSetting,
  ImageRef,
  OperatorCluster,
  PostgresContainer,
  PublishedPort,
  SecretRef
} from '../facts/source-types.js'
import {
  parseImageRef,
  readConnections,
  readPostgresContainer,
  secretOf,
  splitWords,
  type ContainerInput,
  type EnvVar,
  type Word
} from './postgres-image.js'
import { sniffConfigKind } from './sniff.js'
import { joinEmbedded, parseYaml, type EmbeddedText, type YamlView } from './yaml-source.js'

export interface EmbeddedConfig extends EmbeddedText {
  kind: 'postgresql' | 'hba' | 'pgbouncer' | 'pgpool'
  /** What holds it, for messages: `ConfigMap pg-config, data "postgresql.conf"`. */
  source: string
}

/** PostgreSQL settings of a Helm values file (Bitnami chart style). */
export interface HelmPostgres {
  /** The key path the chart's values sit under (`''`, `postgresql`). */
  prefix: string
  image?: ImageRef
  /** `postgresqlConfiguration`-style maps: camelCase keys turned into parameter names. */
  parameters: CommandSetting[]
  /** `auth.postgresPassword`, `auth.password`, ... */
  passwords: { key: string; secret: SecretRef }[]
}

const utf8 = new TextDecoder()

export interface ParsedKubernetes {
  clusters: OperatorCluster[]
  /** Embedded configuration files, including each cluster's pg_hba lines as one pg_hba.conf. */
  configs: EmbeddedConfig[]
  helm: HelmPostgres[]
  containers: PostgresContainer[]
  connections: AppConnection[]
  diagnostics: Diagnostic[]
}

export interface KubernetesParseOptions {
  /** Tells a postgresql.conf in a ConfigMap key with another name; PostgreSQL 15's by default. */
  isKnownParameter?: (name: string) => boolean
}

/** Maps a location a parser reported in an embedded file back to the YAML file. */
export function mapEmbeddedLocation(config: EmbeddedText, location: Location): Location {
  return config.locate(location.line, location.column)
}

export function parseKubernetes(
  source: Uint8Array | string,
  file: string,
  options: KubernetesParseOptions = {}
): ParsedKubernetes {
  const text = typeof source === 'string' ? source : utf8.decode(source)
  const parsed = parseYaml(text, file)
  const result: ParsedKubernetes = {
    clusters: [],
    configs: [],
    helm: [],
    containers: [],
    connections: [],
    diagnostics: parsed.diagnostics
  }
  const isKnown = options.isKnownParameter ?? defaultKnownParameter
  const apps: { name: string; env: EnvVar[] }[] = []
  for (const view of parsed.documents) {
    const root = view.doc.contents
    const apiVersion = view.text(view.at(root, 'apiVersion'))
    const kindPair = view.get(root, 'kind')
    const kind = view.text(kindPair?.value)
    if (apiVersion === undefined || kind === undefined || !kindPair) {
      readHelmValues(view, result)
      continue
    }
    const at = view.location(kindPair.keyNode)
    const name = view.text(view.at(root, 'metadata', 'name'))
    const cluster = readCluster(view, apiVersion, kind, at, result)
    if (cluster) {
      if (name !== undefined) cluster.name = name
      const namespace = view.text(view.at(root, 'metadata', 'namespace'))
      if (namespace !== undefined) cluster.namespace = namespace
      result.clusters.push(cluster)
      continue
    }
    if (kind === 'ConfigMap') {
      readConfigMap(view, name ?? '', isKnown, result)
      continue
    }
    readWorkload(view, kind, name ?? '', result, apps)
  }
  for (const app of apps) {
    result.connections.push(...readConnections(app.name, app.env, result.containers))
  }
  return result
}

function defaultKnownParameter(name: string): boolean {
  return findParameter(parameterCatalog(15), name) !== undefined
}

// ---------------------------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------------------------

interface OperatorShape {
  operator: OperatorCluster['operator']
  group: string
  kind: string
  parameters: string[][]
  pgHba: string[][]
}

const OPERATORS: OperatorShape[] = [
  {
    operator: 'cloudnative-pg',
    group: 'postgresql.cnpg.io/',
    kind: 'Cluster',
    parameters: [['spec', 'postgresql', 'parameters']],
    pgHba: [['spec', 'postgresql', 'pg_hba']]
  },
  {
    operator: 'zalando',
    group: 'acid.zalan.do/',
    kind: 'postgresql',
    parameters: [['spec', 'postgresql', 'parameters']],
    pgHba: [['spec', 'patroni', 'pg_hba']]
  },
  {
    operator: 'crunchy',
    group: 'postgres-operator.crunchydata.com/',
    kind: 'PostgresCluster',
    parameters: [
      ['spec', 'patroni', 'dynamicConfiguration', 'postgresql', 'parameters'],
      ['spec', 'config', 'parameters']
    ],
    pgHba: [['spec', 'patroni', 'dynamicConfiguration', 'postgresql', 'pg_hba']]
  }
]

function readCluster(
  view: YamlView,
  apiVersion: string,
  kind: string,
  location: Location,
  result: ParsedKubernetes
): OperatorCluster | undefined {
  const shape = OPERATORS.find((o) => apiVersion.startsWith(o.group) && o.kind === kind)
  if (!shape) return undefined
  const root = view.doc.contents
  const cluster: OperatorCluster = {
    operator: shape.operator,
    kind,
    location,
    parameters: [],
    pg_hba: []
  }
  for (const keys of shape.parameters) {
    cluster.parameters.push(...parameterMap(view, view.at(root, ...keys), false))
  }
  const hbaParts: EmbeddedText[] = []
  for (const keys of shape.pgHba) {
    for (const item of view.items(view.at(root, ...keys))) {
      const embedded = view.embedded(item)
      if (!embedded) continue
      hbaParts.push(embedded)
      cluster.pg_hba.push({ value: embedded.text, location: embedded.location })
    }
  }
  if (hbaParts.length > 0) {
    const name = view.text(view.at(root, 'metadata', 'name')) ?? ''
    result.configs.push({
      ...joinEmbedded(hbaParts, location),
      kind: 'hba',
      source: `${kind} ${name}, pg_hba`
    })
  }
  readClusterVersion(view, shape.operator, cluster)
  const superuser = view.get(view.at(root, 'spec'), 'enableSuperuserAccess')
  const enabled = superuser ? yamlBool(view.text(superuser.value)) : undefined
  if (superuser && enabled !== undefined) {
    cluster.enable_superuser_access = { value: enabled, location: view.location(superuser.keyNode) }
  }
  return cluster
}

function readClusterVersion(view: YamlView, operator: string, cluster: OperatorCluster): void {
  const spec = view.at(view.doc.contents, 'spec')
  const imageNode =
    operator === 'crunchy'
      ? view.at(spec, 'image')
      : operator === 'zalando'
        ? undefined
        : view.at(spec, 'imageName')
  const image = view.text(imageNode)
  if (image !== undefined && image !== '') {
    cluster.image = parseImageRef(image, view.location(imageNode))
  }
  const majorNode =
    operator === 'cloudnative-pg'
      ? view.at(spec, 'imageCatalogRef', 'major')
      : operator === 'zalando'
        ? view.at(spec, 'postgresql', 'version')
        : view.at(spec, 'postgresVersion')
  const major = Number(view.text(majorNode))
  if (Number.isInteger(major) && major > 0) {
    cluster.major = { value: major, location: view.location(majorNode) }
  } else if (cluster.image?.major !== undefined) {
    cluster.major = { value: cluster.image.major, location: cluster.image.location }
  }
}

/** A map of parameter names to values; Helm's camelCase names become snake_case. */
function parameterMap(view: YamlView, node: Node | undefined, camel: boolean): CommandSetting[] {
  const settings: CommandSetting[] = []
  for (const pair of view.pairs(node)) {
    const value = view.text(pair.value)
    if (value === undefined) continue
    const name = camel ? snakeCase(pair.key) : pair.key
    settings.push({
      name: name.toLowerCase(),
      value,
      option: 'parameters',
      location: view.location(pair.keyNode)
    })
  }
  return settings
}

function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
}

/** YAML 1.1 booleans, as Kubernetes reads them. */
function yamlBool(text: string | undefined): boolean | undefined {
  const t = text?.toLowerCase()
  if (t === 'true' || t === 'yes' || t === 'on' || t === 'y') return true
  if (t === 'false' || t === 'no' || t === 'off' || t === 'n') return false
  return undefined
}

// ---------------------------------------------------------------------------------------------
// ConfigMaps
// ---------------------------------------------------------------------------------------------

function readConfigMap(
  view: YamlView,
  name: string,
  isKnown: (name: string) => boolean,
  result: ParsedKubernetes
): void {
  for (const pair of view.pairs(view.at(view.doc.contents, 'data'))) {
    const embedded = view.embedded(pair.value)
    if (!embedded) continue
    const kind = configKindOf(pair.key, embedded.text, isKnown)
    if (kind)
      result.configs.push({ ...embedded, kind, source: `ConfigMap ${name}, data "${pair.key}"` })
  }
}

function configKindOf(
  key: string,
  text: string,
  isKnown: (name: string) => boolean
): EmbeddedConfig['kind'] | undefined {
  const base = key.toLowerCase()
  if (base.endsWith('pg_hba.conf') || base.endsWith('pool_hba.conf')) return 'hba'
  if (base.endsWith('pgpool.conf')) return 'pgpool'
  if (
    base.endsWith('pgbouncer.ini') ||
    (base.endsWith('.ini') && /^\s*\[pgbouncer\]/m.test(text))
  ) {
    return 'pgbouncer'
  }
  if (base.endsWith('postgresql.conf') || base.endsWith('postgresql.auto.conf')) return 'postgresql'
  if (!base.endsWith('.conf')) return undefined
  return sniffConfigKind(text, isKnown)
}

// ---------------------------------------------------------------------------------------------
// Helm values
// ---------------------------------------------------------------------------------------------

/** String keys holding a whole file, and the parents under which a generic name counts. */
const HELM_TEXT_KEYS: Readonly<Record<string, EmbeddedConfig['kind']>> = {
  extendedConfiguration: 'postgresql',
  pgHbaConfiguration: 'hba',
  postgresqlExtendedConf: 'postgresql',
  extendedConf: 'postgresql'
}
const HELM_MAP_KEYS = new Set(['postgresqlConfiguration', 'postgresqlExtendedConf', 'extendedConf'])
const HELM_SCOPES = new Set(['primary', 'readReplicas', 'postgresql', 'master', 'slave', 'pgpool'])
const HELM_PASSWORDS = ['postgresPassword', 'password', 'replicationPassword', 'adminPassword']

function readHelmValues(view: YamlView, result: ParsedKubernetes): void {
  visitHelm(view, view.doc.contents ?? undefined, [], result)
}

function visitHelm(
  view: YamlView,
  node: Node | undefined,
  keys: string[],
  result: ParsedKubernetes
): void {
  if (keys.length > 4) return
  const parent = keys[keys.length - 1]
  let helm: HelmPostgres | undefined
  const helmFor = (): HelmPostgres => {
    helm ??= { prefix: keys.join('.'), parameters: [], passwords: [] }
    return helm
  }
  for (const pair of view.pairs(node)) {
    const path = [...keys, pair.key].join('.')
    const textKind =
      HELM_TEXT_KEYS[pair.key] ??
      (pair.key === 'configuration' && parent !== undefined && HELM_SCOPES.has(parent)
        ? parent === 'pgpool'
          ? 'pgpool'
          : 'postgresql'
        : undefined)
    if (textKind && view.scalar(pair.value)) {
      const embedded = view.embedded(pair.value)
      if (embedded && embedded.text.trim() !== '') {
        result.configs.push({ ...embedded, kind: textKind, source: `Helm values ${path}` })
      }
      continue
    }
    if (HELM_MAP_KEYS.has(pair.key) && view.map(pair.value)) {
      helmFor().parameters.push(...parameterMap(view, pair.value, true))
      continue
    }
    if (pair.key === 'image' && view.map(pair.value)) {
      const image = helmImage(view, pair.value)
      if (image) helmFor().image = image
      continue
    }
    if (pair.key === 'auth' && view.map(pair.value)) {
      for (const key of HELM_PASSWORDS) {
        const found = view.get(pair.value, key)
        const value = view.text(found?.value)
        if (!found || value === undefined || value === '') continue
        const env: EnvVar = { name: key, value, location: view.location(found.keyNode) }
        helmFor().passwords.push({ key: `${path}.${key}`, secret: secretOf(env) })
      }
      continue
    }
    if (view.map(pair.value)) visitHelm(view, pair.value, [...keys, pair.key], result)
  }
  if (
    helm &&
    (helm.image?.repository.includes('postgres') ||
      helm.parameters.length > 0 ||
      helm.passwords.length > 0)
  ) {
    result.helm.push(helm)
  }
}

function helmImage(view: YamlView, node: Node | undefined): ImageRef | undefined {
  const repository = view.text(view.at(node, 'repository'))
  if (repository === undefined) return undefined
  const registry = view.text(view.at(node, 'registry'))
  const tagNode = view.at(node, 'tag')
  const tag = view.text(tagNode)
  const written = `${registry ? `${registry}/` : ''}${repository}${tag ? `:${tag}` : ''}`
  return parseImageRef(written, view.location(tagNode ?? view.at(node, 'repository')))
}

// ---------------------------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------------------------

const POD_SPEC_PATHS: Readonly<Record<string, string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec']
}

function readWorkload(
  view: YamlView,
  kind: string,
  name: string,
  result: ParsedKubernetes,
  apps: { name: string; env: EnvVar[] }[]
): void {
  const specPath = POD_SPEC_PATHS[kind]
  if (!specPath) return
  const podSpec = view.at(view.doc.contents, ...specPath)
  const hostNetwork = view.get(podSpec, 'hostNetwork')
  const onHost = yamlBool(view.text(hostNetwork?.value)) === true
  for (const field of ['initContainers', 'containers']) {
    for (const container of view.items(view.at(podSpec, field))) {
      const containerName = view.text(view.at(container, 'name')) ?? ''
      const fullName = `${kind.toLowerCase()}/${name}/${containerName}`
      const imageNode = view.at(container, 'image')
      const image = view.text(imageNode)
      const env = containerEnv(view, view.at(container, 'env'))
      const input: ContainerInput = {
        name: fullName,
        location: view.location(container),
        env,
        command: [
          ...listWords(view, view.at(container, 'command')),
          ...listWords(view, view.at(container, 'args'))
        ],
        splitScript: (word) => splitWords(word.text, () => word.location),
        mounts: [],
        ports: hostPorts(view, view.at(container, 'ports'))
      }
      if (image !== undefined && image !== '')
        input.image = parseImageRef(image, view.location(imageNode))
      if (onHost && hostNetwork) {
        input.hostNetwork = { value: true, location: view.location(hostNetwork.keyNode) }
      }
      const server = readPostgresContainer(input)
      if (server) result.containers.push(server)
      else apps.push({ name: fullName, env })
    }
  }
}

function listWords(view: YamlView, node: Node | undefined): Word[] {
  const words: Word[] = []
  for (const item of view.items(node)) {
    const text = view.text(item)
    if (text !== undefined) words.push({ text, location: view.location(item) })
  }
  return words
}

function containerEnv(view: YamlView, node: Node | undefined): EnvVar[] {
  const env: EnvVar[] = []
  for (const item of view.items(node)) {
    const name = view.text(view.at(item, 'name'))
    if (name === undefined) continue
    const location = view.location(item)
    const valueNode = view.at(item, 'value')
    const embedded = view.embedded(valueNode)
    if (embedded) {
      env.push({
        name,
        value: embedded.text,
        location,
        words: () => splitWords(embedded.text, embedded.at)
      })
      continue
    }
    const from = view.at(item, 'valueFrom')
    const secret = view.get(from, 'secretKeyRef') !== undefined
    env.push({ name, from: secret ? 'secret' : 'config', location })
  }
  return env
}

/** `hostPort` publishes a container port on the node's interfaces (`hostIP` narrows it). */
function hostPorts(view: YamlView, node: Node | undefined): PublishedPort[] {
  const ports: PublishedPort[] = []
  for (const item of view.items(node)) {
    const hostPort = view.text(view.at(item, 'hostPort'))
    const containerPort = view.text(view.at(item, 'containerPort'))
    if (hostPort === undefined || containerPort === undefined) continue
    const hostIp = view.text(view.at(item, 'hostIP')) ?? ''
    const protocol = view.text(view.at(item, 'protocol'))
    const port: PublishedPort = {
      raw: [hostIp, hostPort, containerPort].filter((p) => p !== '').join(':'),
      host_port: hostPort,
      container_port: containerPort,
      bind:
        hostIp === '' || hostIp === '0.0.0.0' || hostIp === '::'
          ? 'all'
          : hostIp === '::1' || hostIp.startsWith('127.')
            ? 'loopback'
            : 'address',
      postgres: false,
      location: view.location(item)
    }
    if (hostIp !== '') port.host_ip = hostIp
    if (protocol !== undefined) port.protocol = protocol
    ports.push(port)
  }
  return ports
}
