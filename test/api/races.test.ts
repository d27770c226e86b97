import { createClient, type InStatement } from '@libsql/client'
import { count, eq } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/libsql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { schema } from '../../src/store/db'
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

  it('refuses the same idempotency key with a different answer, rather than answering as if it were stored', async () => {
    const s = await start()
    const key = await keyOf(t.db, s.question.id)
    expect((await answer(s.id, { questionId: s.question.id, answer: rightAnswer(key), idempotencyKey: 'k-1' })).status).toBe(200)
    const reused = await answer(s.id, { questionId: s.question.id, answer: wrongAnswer(key, s.question), idempotencyKey: 'k-1' })
    expect(reused.status).toBe(409)
    expect((await reused.json() as { error: { code: string } }).error.code).toBe('idempotency-key-reused')
    expect(await stored(s.id)).toBe(1)
  })

  it('refuses an idempotency key that is not well-formed Unicode, which could not be stored as sent', async () => {
    const s = await start()
    const reply = await t.app.request(`/api/v1/sessions/${s.id}/responses`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: `{"questionId":${JSON.stringify(s.question.id)},"answer":${JSON.stringify(rightAnswer(await keyOf(t.db, s.question.id)))},"idempotencyKey":"k\\ud800"}`,
    })
    expect(reply.status).toBe(400)
    expect(JSON.stringify(await reply.json())).toContain('well-formed Unicode')
    expect(await stored(s.id)).toBe(0)
  })

  it('refuses the same idempotency key with a different answer when the two race, too', async () => {
    const s = await start()
    const key = await keyOf(t.db, s.question.id)
    const [a, b] = await Promise.all([
      answer(s.id, { questionId: s.question.id, answer: rightAnswer(key), idempotencyKey: 'k-2' }),
      answer(s.id, { questionId: s.question.id, answer: wrongAnswer(key, s.question), idempotencyKey: 'k-2' }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    expect(await stored(s.id)).toBe(1)
  })
})

/**
 * A second connection to the test database whose next answer write waits for `first` to run: a
 * request landing between an answer's read and its write, every time rather than by luck.
 */
function interleaving(url: string) {
  const inner = createClient({ url, concurrency: 1 })
  let first: (() => Promise<unknown>) | undefined
  const isAnswerWrite = (statements: InStatement[]) => statements.some((st) => /^insert into "responses"/i.test(typeof st === 'string' ? st : st.sql))
  const client = new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown
      if (typeof value !== 'function') return value
      return async (...args: unknown[]) => {
        if (prop === 'batch' && first && isAnswerWrite(args[0] as InStatement[])) {
          const run = first
          first = undefined
          await run()
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { db: drizzle(client, { schema }), before: (run: () => Promise<unknown>) => { first = run }, close: () => inner.close() }
}

describe('an answer racing the deadline', () => {
  it('gets 410 "time is up" when the deadline ends the session between its read and its write', async () => {
    let clock = Date.now()
    const options = { now: () => clock, clientKey: () => 'test-client' }
    const app = createApp({ db: t.db, ...options })
    const racing = interleaving(t.url)
    const racingApp = createApp({ db: racing.db, ...options })
    try {
      const started = await (await app.request('/api/v1/sessions', jsonPost({ mode: 'screen-practice', targetLevel: 'mid', length: 5 }))).json() as Started & { deadline: number }
      clock = started.deadline - 1000
      // The page's own timer reloads at zero: that request sees the deadline and ends the session.
      racing.before(async () => {
        clock = started.deadline + 1
        expect((await app.request(`/api/v1/sessions/${started.id}`)).status).toBe(200)
      })
      const late = await racingApp.request(`/api/v1/sessions/${started.id}/responses`, jsonPost({ questionId: started.question.id, answer: rightAnswer(await keyOf(t.db, started.question.id)) }))
      expect(late.status).toBe(410)
      expect((await late.json() as { error: { message: string } }).error.message).toMatch(/time .* is up/)
      const result = await (await app.request(`/api/v1/sessions/${started.id}/result`)).json() as { stopReason: string; answered: number }
      expect(result).toMatchObject({ stopReason: 'deadline', answered: 0 })
    } finally {
      racing.close()
    }
  })
})
