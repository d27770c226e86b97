import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { eq } from 'drizzle-orm'
import { createApp } from '../../src/app'
import { sessions } from '../../src/store/schema'
import { jsonPost, keyOf, rightAnswer, testApp, testDatabase, wrongAnswer, type PublicQuestion } from '../helpers'

type Started = { id: string; status: string; position: number; question: PublicQuestion }

let t: Awaited<ReturnType<typeof testApp>>
beforeAll(async () => { t = await testApp() })
afterAll(() => t.cleanup())

const start = async (body: unknown) => t.app.request('/api/v1/sessions', jsonPost(body))
const answer = (id: string, body: unknown) => t.app.request(`/api/v1/sessions/${id}/responses`, jsonPost(body))

/** Plays a session to its end; `pick` decides per question whether to answer right. */
async function play(s: Started, pick: (i: number) => boolean) {
  let q: PublicQuestion | undefined = s.question
  const replies: Record<string, unknown>[] = []
  for (let i = 0; q; i++) {
    const key = await keyOf(t.db, q.id)
    const res = await answer(s.id, { questionId: q.id, answer: pick(i) ? rightAnswer(key) : wrongAnswer(key, q) })
    expect(res.status).toBe(200)
    const body = await res.json() as { session: { status: string; question?: PublicQuestion } }
    replies.push(body)
    q = body.session.question
  }
  return replies
}

describe('GET /healthz and /api/v1/areas', () => {
  it('reports ok when the database answers', async () => {
    const res = await t.app.request('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })
  it('lists the four areas of the seed with topics and question counts', async () => {
    const { areas } = await (await t.app.request('/api/v1/areas')).json() as { areas: { id: string; questionCount: number; topics: { questionCount: number }[] }[] }
    expect(areas.map((a) => a.id)).toEqual(['backend-frameworks', 'databases', 'cloud-infrastructure', 'advanced-topics'])
    for (const a of areas) expect(a.questionCount).toBe(a.topics.reduce((n, x) => n + x.questionCount, 0))
  })
})

describe('GET /healthz without a database', () => {
  it('answers 503 with the error shape when the database cannot be reached', async () => {
    const database = await testDatabase()
    database.cleanup() // closes the client under the app
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await createApp({ db: database.db, clientKey: () => 'test-client' }).request('/healthz')
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ error: { code: 'unavailable', message: 'the database does not answer' } })
    expect(log).toHaveBeenCalledWith('health check: the database does not answer', expect.anything())
    log.mockRestore()
  })
})

describe('a practice session', () => {
  it('gives feedback after every answer and a result from the stored responses', async () => {
    const res = await start({ mode: 'practice', length: 6, areas: ['databases'] })
    expect(res.status).toBe(201)
    const s = await res.json() as Started
    expect(s.status).toBe('active')
    const replies = await play(s, (i) => i % 2 === 0)
    expect(replies).toHaveLength(6)
    for (const r of replies) expect(r).toHaveProperty('feedback.explanationHtml')
    expect((replies.at(-1) as { session: { status: string } }).session.status).toBe('finished')

    const result = await (await t.app.request(`/api/v1/sessions/${s.id}/result`)).json() as Record<string, any>
    expect(result.answered).toBe(6)
    expect(result.correct).toBe(3)
    expect(Object.values(result.levelProbabilities as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
    expect(['junior', 'mid', 'senior', 'principal']).toContain(result.level.id)
    expect(result.level.salary).toMatch(/^\$/)
    expect(result.areas.map((a: { id: string }) => a.id)).toEqual(['databases'])
    expect(result.review).toHaveLength(6)
    expect(result.review[0].question.references.length).toBeGreaterThan(0)
    // Six answers in the area: enough for a level of its own.
    expect(result.areas[0].level).toMatchObject({ id: expect.any(String), probability: expect.any(Number) })
  })

  it('gives an area a level of its own only from five answers in it, as fewer are mostly the prior', async () => {
    // Two topics of two areas: five questions balanced over them put two or three in each area.
    const s = await (await start({ mode: 'practice', length: 5, topics: ['redis', 'docker'] })).json() as Started
    await play(s, () => false)
    const result = await (await t.app.request(`/api/v1/sessions/${s.id}/result`)).json() as { areas: { answered: number; theta: number | null; level: unknown }[] }
    expect(result.areas.map((a) => a.answered).sort()).toEqual([2, 3])
    for (const a of result.areas) expect(a.level).toBeNull()
    expect(result.areas.some((a) => a.answered > 0 && a.theta !== null)).toBe(true)
    expect(await (await t.app.request(`/sessions/${s.id}/result`)).text()).toContain('too few answers (5 needed)')
  })
})

describe('an assessment session', () => {
  it('says nothing until the end, and a taker who answers everything right is placed above one who answers everything wrong', async () => {
    const strong = await (await start({ mode: 'assessment', length: 12 })).json() as Started
    const weak = await (await start({ mode: 'assessment', length: 12 })).json() as Started
    for (const r of await play(strong, () => true)) expect(r).not.toHaveProperty('feedback')
    await play(weak, () => false)
    const a = await (await t.app.request(`/api/v1/sessions/${strong.id}/result`)).json() as { theta: number; level: { id: string } }
    const b = await (await t.app.request(`/api/v1/sessions/${weak.id}/result`)).json() as { theta: number; level: { id: string } }
    expect(a.theta).toBeGreaterThan(b.theta + 1)
    expect(b.level.id).toBe('junior')
    expect(['senior', 'principal']).toContain(a.level.id)
  })

  it('keeps each chosen topic once, however often the request names it', async () => {
    const s = await (await start({ mode: 'practice', topics: ['redis', 'redis', 'mongodb', 'redis'] })).json() as Started
    const [row] = await t.db.select({ topics: sessions.topics }).from(sessions).where(eq(sessions.id, s.id))
    expect(row!.topics).toEqual(['redis', 'mongodb'])
  })

  it('resumes: reading the session again shows the same current question', async () => {
    const s = await (await start({ mode: 'assessment', length: 10 })).json() as Started
    const again = await (await t.app.request(`/api/v1/sessions/${s.id}`)).json() as Started
    expect(again.question).toEqual(s.question)
    expect(again.position).toBe(0)
  })

  it('answers a repeated submission the same way and stores it once', async () => {
    const s = await (await start({ mode: 'assessment', length: 10 })).json() as Started
    const body = { questionId: s.question.id, answer: rightAnswer(await keyOf(t.db, s.question.id)) }
    const first = await (await answer(s.id, body)).json()
    const second = await (await answer(s.id, body)).json()
    expect(second).toEqual(first)
    const view = await (await t.app.request(`/api/v1/sessions/${s.id}`)).json() as Started
    expect(view.position).toBe(1)
    const changed = await answer(s.id, { ...body, answer: wrongAnswer(await keyOf(t.db, s.question.id), s.question) })
    expect(changed.status).toBe(409)
  })
})

describe('a multiple-choice answer', () => {
  it('is a set: the same options in another order are a repeat with the same reply, not a conflict', async () => {
    const s = await (await start({ mode: 'practice', areas: ['cloud-infrastructure'], length: 60 })).json() as Started
    let q: PublicQuestion | undefined = s.question
    while (q && q.type !== 'multiple') {
      const r = await (await answer(s.id, { questionId: q.id, answer: rightAnswer(await keyOf(t.db, q.id)) })).json() as { session: { question?: PublicQuestion } }
      q = r.session.question
    }
    expect(q?.type).toBe('multiple')
    const [a, b] = q!.options.map((o) => o.id)
    const first = await answer(s.id, { questionId: q!.id, answer: [b, a] })
    expect(first.status).toBe(200)
    const again = await answer(s.id, { questionId: q!.id, answer: [a, b] })
    expect(again.status).toBe(200)
    const reply = await first.json() as { feedback: { answer: string[] } }
    expect(await again.json()).toEqual(reply)
    expect(reply.feedback.answer).toEqual([a, b].sort())
  })
})

describe('the answer key', () => {
  it('never appears in any question a client can see before answering', async () => {
    const s = await (await start({ mode: 'practice', length: 8 })).json() as Started
    let q: PublicQuestion | undefined = s.question
    while (q) {
      const view = await (await t.app.request(`/api/v1/sessions/${s.id}`)).text()
      const page = await (await t.app.request(`/sessions/${s.id}`)).text()
      for (const body of [view, page]) {
        expect(body).not.toMatch(/"key"|"correct"|explanation|feedbackHtml/i)
      }
      expect(Object.keys(q).sort()).toEqual(expect.arrayContaining(['id', 'options', 'stemHtml', 'type']))
      expect(Object.keys(q).every((k) => ['id', 'type', 'stemHtml', 'codeHtml', 'unit', 'options'].includes(k))).toBe(true)
      for (const o of q.options) expect(Object.keys(o).sort()).toEqual(['html', 'id'])
      const key = await keyOf(t.db, q.id)
      const r = await (await answer(s.id, { questionId: q.id, answer: rightAnswer(key) })).json() as { session: { question?: PublicQuestion } }
      q = r.session.question
    }
  })
})

describe('errors', () => {
  it('404 for an unknown session, 400 for a malformed id', async () => {
    const unknown = await t.app.request('/api/v1/sessions/AAAAAAAAAAAAAAAAAAAAAA')
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual({ error: { code: 'not-found', message: 'session not found' } })
    expect((await t.app.request('/api/v1/sessions/nope')).status).toBe(400)
  })

  it('400 for a malformed body or a body of the wrong shape, with the error shape', async () => {
    const broken = await t.app.request('/api/v1/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"mode":' })
    expect(broken.status).toBe(400)
    const wrong = await start({ mode: 'exam', length: 'ten' })
    expect(wrong.status).toBe(400)
    const body = await wrong.json() as { error: { code: string; message: string; details: unknown[] } }
    expect(body.error.code).toBe('invalid-body')
    expect(body.error.details.length).toBe(2)
    expect((await start({ mode: 'practice', areas: ['cooking'] })).status).toBe(422)
  })

  it('400 that says to send JSON, for a body of another content type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', '']) {
      const res = await t.app.request('/api/v1/sessions', { method: 'POST', headers: type ? { 'content-type': type } : {}, body: '{"mode":"practice"}' })
      expect(res.status).toBe(400)
      expect((await res.json() as { error: { message: string } }).error.message).toBe('the request body must be JSON, sent with content-type: application/json')
    }
    for (const type of ['application/json; charset=utf-8', 'application/vnd.x_y+json']) {
      const res = await t.app.request('/api/v1/sessions', { method: 'POST', headers: { 'content-type': type }, body: '{"mode":"practice"}' })
      expect(res.status, type).toBe(201)
    }
  })

  it('409 for a question that is not the current one, 422 for an answer that does not fit', async () => {
    const s = await (await start({ mode: 'practice', length: 5 })).json() as Started
    const other = await answer(s.id, { questionId: 'not-the-current-one', answer: 'a' })
    expect(other.status).toBe(409)
    const unfit = await answer(s.id, { questionId: s.question.id, answer: s.question.type === 'number' ? 'seven' : 12345 })
    expect(unfit.status).toBe(422)
    const view = await (await t.app.request(`/api/v1/sessions/${s.id}`)).json() as Started
    expect(view.position).toBe(0)
  })

  it('409 for answering a finished session, and the result only once finished', async () => {
    const s = await (await start({ mode: 'assessment', length: 5, form: 'fixed' })).json() as Started
    expect((await t.app.request(`/api/v1/sessions/${s.id}/result`)).status).toBe(409)
    await play(s, () => true)
    const late = await answer(s.id, { questionId: 'anything-else', answer: 'a' })
    expect(late.status).toBe(409)
    expect((await late.json() as { error: { code: string } }).error.code).toBe('session-finished')
    expect((await t.app.request(`/api/v1/sessions/${s.id}/result`)).status).toBe(200)
  })

  it('413 for a body over the limit', async () => {
    const res = await start({ mode: 'practice', topics: ['x'.repeat(20_000)] })
    expect(res.status).toBe(413)
  })
})

describe('GET /api/v1/openapi.json', () => {
  it('describes every route with the request schemas that validate them', async () => {
    const doc = await (await t.app.request('/api/v1/openapi.json')).json() as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/areas', '/sessions', '/sessions/{id}', '/sessions/{id}/responses', '/sessions/{id}/result', '/screens', '/screens/{id}/invites']))
    expect(Object.keys(doc.components.schemas.StartSession!.properties!)).toEqual(expect.arrayContaining(['mode', 'areas', 'length', 'experienceYears']))
  })
})
