import { createClient, type Client } from '@libsql/client/web'
import { drizzle } from 'drizzle-orm/libsql/web'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { schema } from '../../src/store/db'
import { startHranaServer, type HranaServer } from '../hrana/server'
import { jsonPost, keyOf, rightAnswer, testDatabase, wrongAnswer, type PublicQuestion } from '../helpers'

// The Worker's database stack (`@libsql/client/web` + `drizzle-orm/libsql/web`) over HTTP, with the
// client wrapped to count its calls: each call is one Hrana pipeline, i.e. one network round trip.

const counted = ['execute', 'batch', 'migrate', 'transaction', 'executeMultiple'] as const
function countingClient(inner: Client) {
  const calls: string[] = []
  const client = new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if ((counted as readonly (string | symbol)[]).includes(prop)) calls.push(String(prop))
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { client, calls }
}

let database: Awaited<ReturnType<typeof testDatabase>>
let hrana: HranaServer
let counter: ReturnType<typeof countingClient>
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  database = await testDatabase()
  hrana = await startHranaServer({ path: join(database.dir, 'test.db') })
  counter = countingClient(createClient({ url: hrana.url }))
  app = createApp({ db: drizzle(counter.client, { schema }), limits: { sessionsPerMinute: 1e6, answersPerMinute: 1e6 }, clientKey: () => 'test-client' })
})
afterAll(async () => {
  await hrana.close()
  database.cleanup()
})

describe('answering over the network', () => {
  it('costs at most two round trips per answer (one read statement, one write batch), the bank coming from the isolate cache', async () => {
    const res = await app.request('/api/v1/sessions', jsonPost({ mode: 'practice', areas: ['databases'], length: 8 }))
    expect(res.status).toBe(201)
    const started = await res.json() as { id: string; question: PublicQuestion }
    let question: PublicQuestion | undefined = started.question
    const perAnswer: { calls: string[]; pipelines: number }[] = []
    for (let i = 0; question; i++) {
      const key = await keyOf(database.db, question.id)
      counter.calls.length = 0
      const before = hrana.stats.pipelines
      const reply = await app.request(`/api/v1/sessions/${started.id}/responses`, jsonPost({ questionId: question.id, answer: i % 2 ? rightAnswer(key) : wrongAnswer(key, question) }))
      expect(reply.status).toBe(200)
      perAnswer.push({ calls: [...counter.calls], pipelines: hrana.stats.pipelines - before })
      question = (await reply.json() as { session: { question?: PublicQuestion } }).session.question
    }
    expect(perAnswer).toHaveLength(8)
    for (const answer of perAnswer) {
      expect(answer.calls).toEqual(['execute', 'batch'])
      expect(answer.pipelines).toBe(2)
    }
    const result = await app.request(`/api/v1/sessions/${started.id}/result`)
    expect(result.status).toBe(200)
    expect(await result.json()).toMatchObject({ answered: 8, correct: 4 })
  })
})
