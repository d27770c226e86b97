import { afterAll, beforeAll, describe, it } from 'vitest'
import { fuzzTargets, sendBadRequests, type Send, type Targets } from '../bad-requests'
import { testApp } from '../helpers'

// Thousands of generated bad requests against every route of the app on Node.

let t: Awaited<ReturnType<typeof testApp>>
let send: Send
let targets: Targets
beforeAll(async () => {
  t = await testApp()
  send = (path, init) => t.app.request(`http://localhost${path}`, init)
  targets = await fuzzTargets(send, t.db, 'http://localhost')
})
afterAll(() => t.cleanup())

describe('generated bad requests', () => {
  it('never get a 5xx, keep the error shape, and change nothing stored', async () => {
    await sendBadRequests(send, t.db, 'http://localhost', targets, 5000)
  }, 240_000)
})
