/**
 * A corpus of deployments for the benchmark: each a postgresql.conf (some with an include)
 * and a pg_hba.conf, drawn from a seeded generator so runs compare like with like.
 */
import fs from 'node:fs'
import path from 'node:path'

function rng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 0x100000000
  }
}

const METHODS = ['trust', 'md5', 'scram-sha-256', 'password', 'reject', 'peer', 'ident', 'cert']
const ADDRESSES = [
  '0.0.0.0/0',
  '10.0.0.0/8',
  '192.168.1.0/24',
  '127.0.0.1/32',
  '::1/128',
  '203.0.113.0/24',
  'all',
  'samenet'
]

export function generateCorpus(dir: string, count: number, seed = 42): void {
  const random = rng(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  for (let i = 0; i < count; i += 1) {
    const d = path.join(dir, `deploy-${String(i).padStart(5, '0')}`)
    fs.mkdirSync(path.join(d, 'conf.d'), { recursive: true })
    const conf = [
      '# generated deployment',
      `listen_addresses = '${pick(['*', 'localhost', '10.1.2.3', '0.0.0.0'])}'`,
      `port = ${pick([5432, 5433, 6543])}`,
      `max_connections = ${pick([100, 200, 500, 5000])}`,
      `shared_buffers = ${pick(['128MB', '1GB', "'4GB'", '16384'])}`,
      `work_mem = ${pick(['4MB', '64MB', "'256MB'"])}`,
      `password_encryption = ${pick(['md5', 'scram-sha-256', "'scram-sha-256'"])}`,
      `ssl = ${pick(['on', 'off', 'true', "'off'"])}`,
      `ssl_min_protocol_version = '${pick(['TLSv1', 'TLSv1.2', 'TLSv1.3'])}'`,
      `logging_collector = ${pick(['on', 'off'])}`,
      `log_line_prefix = '${pick(['%m [%p] ', '%m [%p] %q%u@%d %a %r ', '%t '])}'`,
      `statement_timeout = ${pick(['0', '30s', '5min'])}`,
      `idle_in_transaction_session_timeout = ${pick(['0', '60000', '10min'])}`,
      `full_page_writes = ${pick(['on', 'on', 'off'])}`,
      `shared_preload_libraries = '${pick(['', 'pg_stat_statements', 'pgaudit,pg_stat_statements', 'pgaudit'])}'`,
      "include_dir = 'conf.d'",
      ''
    ].join('\n')
    fs.writeFileSync(path.join(d, 'postgresql.conf'), conf)
    fs.writeFileSync(
      path.join(d, 'conf.d/10-logging.conf'),
      `log_connections = on\nlog_disconnections = ${pick(['on', 'off'])}\npgaudit.log = '${pick(['ddl, write', 'none', 'all'])}'\n`
    )
    const hba = [
      '# TYPE DATABASE USER ADDRESS METHOD',
      `local all postgres ${pick(['peer', 'trust'])}`
    ]
    const rules = 3 + Math.floor(random() * 6)
    for (let r = 0; r < rules; r += 1) {
      const type = pick(['host', 'hostssl', 'hostnossl'])
      const method = pick(METHODS.filter((m) => m !== 'peer'))
      const methodOk = method === 'cert' && type !== 'hostssl' ? 'scram-sha-256' : method
      hba.push(
        `${type} ${pick(['all', 'app', 'replication'])} ${pick(['all', 'app', 'postgres', '+admins'])} ${pick(ADDRESSES)} ${methodOk}`
      )
    }
    fs.writeFileSync(path.join(d, 'pg_hba.conf'), `${hba.join('\n')}\n`)
  }
}
