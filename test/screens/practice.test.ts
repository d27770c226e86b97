import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonPost, keyOf, rightAnswer, testApp, type PublicQuestion } from '../helpers'

let clock = Date.now()
let t: Awaited<ReturnType<typeof testApp>>
beforeAll(async () => { t = await testApp({ now: () => clock }) })
afterAll(() => t.cleanup())

type View = { id: string; deadline: number | null; timeLimitSeconds: number | null; paceSeconds: number | null; question?: PublicQuestion }
const start = async (body: unknown) => (await t.app.request('/api/v1/sessions', jsonPost(body))).json() as Promise<View>

describe('screen practice', () => {
  it('is timed by the server at 90 seconds a question, with no feedback, and ends in pass or fail with the time per question', async () => {
    const s = await start({ mode: 'screen-practice', targetLevel: 'junior', length: 5, areas: ['databases'] })
    expect(s.timeLimitSeconds).toBe(450)
    expect(s.paceSeconds).toBe(90)
    expect(s.deadline).toBe(clock + 450_000)
    let q = s.question
    while (q) {
      clock += 20_000
      const reply = await (await t.app.request(`/api/v1/sessions/${s.id}/responses`, jsonPost({ questionId: q.id, answer: rightAnswer(await keyOf(t.db, q.id)) }))).json() as { session: View; feedback?: unknown }
      expect(reply.feedback).toBeUndefined()
      q = reply.session.question
    }
    const result = await (await t.app.request(`/api/v1/sessions/${s.id}/result`)).json() as { screen: { pass: boolean; margin: number | null; targetLevel: string; targetLevelName: string }; review: { seconds: number }[]; timeUsedMs: number }
    expect(result.screen).toMatchObject({ targetLevel: 'junior', targetLevelName: 'Junior' })
    expect(result.screen.pass).toBe(true)
    expect(result.review.every((r) => r.seconds === 20)).toBe(true)
    expect(result.timeUsedMs).toBe(100_000)
    // One h1, the verdict; the level comes under it.
    const page = await (await t.app.request(`/sessions/${s.id}/result`)).text()
    expect(page.match(/<h1[ >].*?<\/h1>/g)).toEqual(['<h1 class="verdict-pass">Pass</h1>'])
  })

  it('offers an untimed run', async () => {
    const s = await start({ mode: 'screen-practice', targetLevel: 'senior', length: 5, timed: false })
    expect(s.deadline).toBeNull()
    clock += 3_600_000
    const q = s.question!
    const res = await t.app.request(`/api/v1/sessions/${s.id}/responses`, jsonPost({ questionId: q.id, answer: rightAnswer(await keyOf(t.db, q.id)) }))
    expect(res.status).toBe(200)
  })

  it('needs a target level, and keeps screen options out of other modes', async () => {
    expect((await t.app.request('/api/v1/sessions', jsonPost({ mode: 'screen-practice' }))).status).toBe(400)
    expect((await t.app.request('/api/v1/sessions', jsonPost({ mode: 'practice', timed: false }))).status).toBe(400)
  })

  it('refuses an answer after the deadline with 410, and the session is then scored', async () => {
    const s = await start({ mode: 'screen-practice', targetLevel: 'mid', length: 5 })
    clock = s.deadline! + 1000
    const q = s.question!
    const res = await t.app.request(`/api/v1/sessions/${s.id}/responses`, jsonPost({ questionId: q.id, answer: rightAnswer(await keyOf(t.db, q.id)) }))
    expect(res.status).toBe(410)
    const result = await (await t.app.request(`/api/v1/sessions/${s.id}/result`)).json() as { stopReason: string; screen: { pass: boolean; enoughAnswers: boolean } }
    expect(result.stopReason).toBe('deadline')
    expect(result.screen).toMatchObject({ pass: false, enoughAnswers: false })
  })
})
