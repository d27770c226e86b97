import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { pacedTakers } from '../../bench/paced'

// The paced takers of `npm run bench`, against stand-in servers whose speed is known: what they
// report must be what the server did, however slow it is.

const question = { id: 'q', type: 'single', options: [{ id: 'a' }] }
let server: Server
afterEach(() => new Promise((r) => server.close(r)))

async function serve(handle: (isStart: boolean, reply: (body?: string) => void, res: import('node:http').ServerResponse) => void) {
  let sessions = 0
  server = createServer((req, res) => req.resume().on('end', () => {
    const isStart = req.url === '/api/v1/sessions'
    handle(isStart, (body = JSON.stringify(isStart ? { id: `s${sessions++}`, question } : { session: { question } })) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(body)
    }, res)
  }))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('paced takers', () => {
  it('report the rate the server kept up, over the time the schedule really took, and latency from when each request was due', async () => {
    // One request at a time, 20 ms each: 50 a second at most, a quarter of what is asked.
    let busyUntil = 0
    const url = await serve((_, reply) => {
      busyUntil = Math.max(busyUntil, performance.now()) + 20
      setTimeout(reply, busyUntil - performance.now())
    })
    const run = await pacedTakers(url, 10, 200, 1)
    expect(run.seconds).toBeGreaterThan(3)
    expect((run.answers + run.starts) / run.seconds).toBeLessThan(55)
    // The last requests were due long before the server could take them.
    expect(Math.max(...run.answerLatency)).toBeGreaterThan(1000)
    expect(run.startLatency).toHaveLength(run.starts)
    expect(run.errors).toBe(0)
  })

  it('count a reply cut off halfway as an error, and still end', async () => {
    let n = 0
    const url = await serve((_, reply, res) => {
      if (++n !== 3) return reply()
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' }).write('{"se')
      setTimeout(() => res.socket!.destroy(), 10)
    })
    const run = await pacedTakers(url, 2, 20, 1)
    expect(run.errors).toBe(1)
    expect(run.errorKinds).toEqual({ ECONNRESET: 1 })
    expect(run.answers).toBeGreaterThan(10)
  })
})
