import { afterAll, beforeAll, describe, it } from 'vitest'
import { fuzzTargets, sendBadRequests, type Send, type Targets } from '../bad-requests'
import { startEdge, type Edge } from './edge'

// The requests of test/api/fuzz.test.ts, as many, through the Worker in workerd against the
// harness's database file.

let edge: Edge
let send: Send
let targets: Targets
beforeAll(async () => {
  edge = await startEdge()
  send = (path, init) => fetch(new URL(path, edge.base), { ...init, redirect: 'manual' })
  targets = await fuzzTargets(send, edge.db, edge.base.origin)
}, 60_000)
afterAll(() => edge?.close())

describe('generated bad requests through the Worker', () => {
  it('never get a 5xx, keep the error shape, and change nothing stored', async () => {
    await sendBadRequests(send, edge.db, edge.base.origin, targets, 5000)
  }, 240_000)
})
