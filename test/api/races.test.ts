import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { responses, sessions } from '../../src/store/schema'
import { jsonPost, keyOf, rightAnswer, testApp, wrongAnswer, type PublicQuestion } from '../helpers'

let t: Awaited<ReturnType<typeof testApp>>
beforeAll(async () => { t = await testApp() })
afterAll(() => t.cleanup())

type Started = { id: string; question: PublicQuestion }
const start = async () => (await t.app.request('/api/v1/sessions', jsonPost({ mode: 'assessment', length: 10 }))).json() as Promise<Started>
const answer = (id: string, body: unknown) => t.app.request(`/api/v1/sessions/${id}/responses`, jsonPost(body))
const stored = async (id: string) => (await t.db.select({ n: count() }).from(responses).where(eq(responses.sessionId, id)))[0]!.n

describe('racing submissions', () => {
  it('the same answer sent 50 times at once is stored once and every reply agrees', async () => {
    const s = await start()
    const body = { questionId: s.question.id, answer: rightAnswer(await keyOf(t.db, s.question.id)) }
    const replies = await Promise.all(Array.from({ length: 50 }, () => answer(s.id, body)))
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200))
    const bodies = await Promise.all(replies.map((r) => r.json()))
    for (const b of bodies) expect(b).toEqual(bodies[0])
    expect(await stored(s.id)).toBe(1)
    const [row] = await t.db.select({ position: sessions.position }).from(sessions).where(eq(sessions.id, s.id))
    expect(row!.position).toBe(1)
  })

  it('two different answers to one question: one is stored, the other gets 409', async () => {
    const s = await start()
    const key = await keyOf(t.db, s.question.id)
    const [a, b] = await Promise.all([
      answer(s.id, { questionId: s.question.id, answer: rightAnswer(key) }),
      answer(s.id, { questionId: s.question.id, answer: wrongAnswer(key, s.question) }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    expect(await stored(s.id)).toBe(1)
  })

  it('an idempotency key makes a retry of a lost reply safe', async () => {
    const s = await start()
    const body = { questionId: s.question.id, answer: rightAnswer(await keyOf(t.db, s.question.id)), idempotencyKey: 'retry-1' }
    const first = await (await answer(s.id, body)).json()
    expect(await (await answer(s.id, body)).json()).toEqual(first)
    expect(await stored(s.id)).toBe(1)
  })
})
