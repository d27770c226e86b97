import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonPost, testApp, type PublicQuestion } from '../helpers'

let t: Awaited<ReturnType<typeof testApp>>
beforeAll(async () => {
  t = await testApp({ limits: { sessionsPerMinute: 3, answersPerMinute: 4 }, clientKey: (c) => c.req.header('x-test-client') ?? 'a' })
})
afterAll(() => t.cleanup())

const start = (client: string) => t.app.request('/api/v1/sessions', { ...jsonPost({ mode: 'practice', length: 20 }), headers: { 'content-type': 'application/json', 'x-test-client': client } })

describe('rate limits', () => {
  it('limit session starts per client with 429 and Retry-After, other clients unaffected', async () => {
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await start('greedy')).status)
    expect(statuses).toEqual([201, 201, 201, 429])
    const refused = await start('greedy')
    expect(refused.headers.get('retry-after')).toBe('20')
    expect(await refused.json()).toMatchObject({ error: { code: 'rate-limited' } })
    expect((await start('polite')).status).toBe(201)
  })

  it('limit answers per session, counting refused answers too', async () => {
    const s = await (await start('answers')).json() as { id: string; question: PublicQuestion }
    const statuses = []
    for (let i = 0; i < 5; i++) {
      statuses.push((await t.app.request(`/api/v1/sessions/${s.id}/responses`, jsonPost({ questionId: 'nope', answer: 'a' }))).status)
    }
    expect(statuses).toEqual([409, 409, 409, 409, 429])
  })
})
