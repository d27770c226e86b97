// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { requestsPerTaker } from '../../bench/requests'

// autocannon copies the request list for each connection before it sends anything, with each
// connection's timeout already running: with the list too long, `npm run bench` counted timeouts
// for requests that had not been sent yet.

const server = createServer((_req, res) => res.end('{}'))
afterAll(() => new Promise((r) => server.close(r)))

describe('the load benchmark request list', () => {
  it('lets autocannon open 100 connections well inside its timeout', async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    // The bare route's count in the README's 100-taker run: 47,353 req/s for 15 s.
    const length = requestsPerTaker(47_353 * 15, 100)
    const requests = Array.from({ length }, () => ({ setupRequest: (req: object) => ({ ...req, method: 'POST', path: '/', body: '{}' }), onResponse: () => {} }))
    const started = performance.now()
    let setUp = 0
    const result = await new Promise<{ timeouts: number; requests: { total: number } }>((resolve, reject) => {
      // Returns once every connection is set up; a 3 s timeout stands for the bench's 10 s on a busy machine.
      autocannon({ url: `http://127.0.0.1:${port}`, connections: 100, duration: 1, timeout: 3, requests }, (err: Error | null, r: never) => (err ? reject(err) : resolve(r)))
      setUp = performance.now() - started
    })
    expect(setUp).toBeLessThan(3000)
    expect(result.timeouts).toBe(0)
    expect(result.requests.total).toBeGreaterThan(0)
  })
})
