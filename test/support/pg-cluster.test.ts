import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Cluster, startCluster } from './pg-cluster.js'

describe('test cluster', () => {
  let cluster: Cluster
  beforeAll(async () => {
    cluster = await startCluster()
  })
  afterAll(async () => {
    await cluster.stop()
  })
  it('answers queries on its own socket', async () => {
    const rows = await cluster.query<{ n: number }>('SELECT 1 + 1 AS n')
    expect(rows[0]?.n).toBe(2)
    expect(cluster.major).toBeGreaterThanOrEqual(13)
  })
})
