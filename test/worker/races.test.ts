import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { responses, sessions } from '../../src/store/schema'
import { keyOf, rightAnswer, wrongAnswer, type PublicQuestion } from '../helpers'
import { startEdge, type Edge } from './edge'

// test/api/races.test.ts through the Worker in workerd: concurrent requests reach the database as
// separate Hrana pipelines over HTTP, and what was stored is read back from the harness's file.

let edge: Edge
beforeAll(async () => { edge = await startEdge() }, 60_000)
afterAll(() => edge?.close())

type Started = { id: string; question: PublicQuestion }
const post = (path: string, body: unknown) =>
  fetch(new URL(path, edge.base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const start = async () => {
  const res = await post('/api/v1/sessions', { mode: 'assessment', length: 10 })
  expect(res.status).toBe(201)
  return res.json() as Promise<Started>
}
const answer = (id: string, body: unknown) => post(`/api/v1/sessions/${id}/responses`, body)
const stored = async (id: string) => (await edge.db.select({ n: count() }).from(responses).where(eq(responses.sessionId, id)))[0]!.n
const position = async (id: string) => (await edge.db.select({ position: sessions.position }).from(sessions).where(eq(sessions.id, id)))[0]!.position

describe('racing submissions through the Worker', () => {
  it('the same answer sent 30 times at once is stored once and every reply agrees', async () => {
    const s = await start()
    const body = { questionId: s.question.id, answer: rightAnswer(await keyOf(edge.db, s.question.id)) }
    const replies = await Promise.all(Array.from({ length: 30 }, () => answer(s.id, body)))
    const texts = await Promise.all(replies.map((r) => r.text()))
    expect(replies.map((r) => r.status), texts.find((_, i) => replies[i]!.status !== 200)).toEqual(Array(30).fill(200))
    const bodies = texts.map((t) => JSON.parse(t) as unknown)
    for (const b of bodies) expect(b).toEqual(bodies[0])
    expect(await stored(s.id)).toBe(1)
    expect(await position(s.id)).toBe(1)
  })

  it('two different answers to one question: one is stored, the other gets 409', async () => {
    const s = await start()
    const key = await keyOf(edge.db, s.question.id)
    const right = { questionId: s.question.id, answer: rightAnswer(key) }
    const wrong = { questionId: s.question.id, answer: wrongAnswer(key, s.question) }
    const [a, b] = await Promise.all([answer(s.id, right), answer(s.id, wrong)])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const refused = a.status === 409 ? a : b
    expect(await refused.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } })
    expect(await stored(s.id)).toBe(1)
    expect(await position(s.id)).toBe(1)
    // The stored answer is the one that got the 200.
    const [row] = await edge.db.select({ answer: responses.answer }).from(responses).where(eq(responses.sessionId, s.id))
    expect(row!.answer).toEqual((a.status === 200 ? right : wrong).answer)
  })
})
