import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonPost, testApp, type PublicQuestion } from '../helpers'

let t: Awaited<ReturnType<typeof testApp>>
beforeAll(async () => {
  t = await testApp({ limits: { sessionsPerMinute: 3, answersPerMinute: 4, signInsPerMinute: 2 }, clientKey: (c) => c.req.header('x-test-client') ?? 'a' })
})
afterAll(() => t.cleanup())

const signIn = (client: string, email: string) => t.app.request('http://localhost/sign-in', {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', 'x-test-client': client },
  body: new URLSearchParams({ email, password: 'a guess at the password' }).toString(),
})
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

  it('limit sign-in attempts per client with 429, Retry-After and a page that says so', async () => {
    const statuses = []
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) statuses.push((await signIn('guesser', email)).status)
    expect(statuses).toEqual([401, 401, 429])
    const refused = await signIn('guesser', 'd@example.com')
    expect(refused.headers.get('retry-after')).toBe('30')
    expect(refused.headers.get('content-type')).toMatch(/text\/html/)
    expect(await refused.text()).toContain('too many sign-in attempts; try again in 30 s')
    expect((await signIn('someone-else', 'a@example.com')).status).toBe(401)
  })

  it('limit sign-in attempts per e-mail address whichever client sends them', async () => {
    expect((await signIn('one', 'Target@example.com')).status).toBe(401)
    expect((await signIn('two', ' target@example.com')).status).toBe(401)
    const refused = await signIn('three', 'TARGET@example.com')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('30')
    expect((await signIn('three', 'another@example.com')).status).toBe(401)
  })
})
