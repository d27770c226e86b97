import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as z from 'zod'
import { addUser, issueApiToken } from '../../src/accounts'
import { openApiDocument } from '../../src/api/openapi'
import { AnswerReply, AreasReply, InvitesReply, ResultReply, Screen, ScreenReply, ScreensReply, SessionReply } from '../../src/api/replies'
import { jsonPost, keyOf, rightAnswer, testApp, wrongAnswer, type PublicQuestion } from '../helpers'

let clock = Date.now()
let t: Awaited<ReturnType<typeof testApp>>
let token: string
beforeAll(async () => {
  t = await testApp({ now: () => clock })
  const user = await addUser({ db: t.db, now: () => clock }, 'lead@example.com', 'correct horse battery staple')
  token = await issueApiToken({ db: t.db, catalog: undefined as never, now: () => clock }, user, 'replies')
})
afterAll(() => t.cleanup())

/** A reply's body, checked against the schema the OpenAPI document gives for it. */
async function documented<S extends z.ZodType>(schema: S, res: Response, status = 200): Promise<z.infer<S>> {
  expect(res.status).toBe(status)
  const body = await res.json()
  const parsed = schema.safeParse(body)
  expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([])
  return parsed.data as z.infer<S>
}

const api = (path: string, init: RequestInit = {}) => t.app.request(`http://localhost/api/v1${path}`, init)
const bearer = (body?: unknown) => ({ ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } })

/** Answers to the end, right and wrong in turn; returns the last reply. */
async function answerAll(session: z.infer<typeof SessionReply>) {
  let q = session.question as PublicQuestion | undefined
  for (let i = 0; q; i++) {
    const key = await keyOf(t.db, q.id)
    const reply = await documented(AnswerReply, await api(`/sessions/${session.id}/responses`, jsonPost({ questionId: q.id, answer: i % 2 ? wrongAnswer(key, q) : rightAnswer(key) })))
    clock += 5_000
    q = reply.session.question as PublicQuestion | undefined
  }
}

describe('every reply of the JSON API has the shape its OpenAPI document gives', () => {
  it('points each success response at a schema of its own', () => {
    const doc = openApiDocument()
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods as Record<string, { responses: Record<string, { content: { 'application/json': { schema: { $ref?: string } } } }> }>)) {
        const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'))
        expect(success.length, `${method} ${path}`).toBe(1)
        const ref = success[0]![1].content['application/json'].schema.$ref
        expect(ref && ref.split('/').pop()! in doc.components.schemas, `${method} ${path}`).toBe(true)
      }
    }
  })

  it('areas, sessions, answers with feedback and results, in practice and in a timed screen practice', async () => {
    await documented(AreasReply, await api('/areas'))
    for (const body of [{ mode: 'practice', length: 6, areas: ['databases'] }, { mode: 'screen-practice', targetLevel: 'mid', length: 5 }]) {
      const started = await documented(SessionReply, await api('/sessions', jsonPost(body)), 201)
      await documented(SessionReply, await api(`/sessions/${started.id}`))
      await answerAll(started)
      const result = await documented(ResultReply, await api(`/sessions/${started.id}/result`))
      expect(result.level).not.toBeNull()
    }
  })

  it('screens, invites and a screen with candidates who finished, did not start and ran out of time', async () => {
    const screen = await documented(Screen, await api('/screens', bearer({ name: 'Replies', targetLevel: 'mid', length: 5, timeLimitMinutes: 10 })), 201)
    await documented(ScreensReply, await api('/screens', bearer()))
    const { invites } = await documented(InvitesReply, await api(`/screens/${screen.id}/invites`, bearer({ candidates: [{ candidateName: 'Ada' }, {}, { candidateEmail: 'grace@example.com' }], expiresInDays: 7 })), 201)
    const started = async (inviteId: string) => {
      const res = await t.app.request(`http://localhost/invite/${inviteId}/start`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' } })
      return res.headers.get('location')!.split('/')[2]!
    }
    await answerAll(await documented(SessionReply, await api(`/sessions/${await started(invites[0]!.id)}`)))
    const late = await documented(SessionReply, await api(`/sessions/${await started(invites[2]!.id)}`))
    clock = late.deadline! + 1
    const { candidates } = await documented(ScreenReply, await api(`/screens/${screen.id}`, bearer()))
    expect(candidates.map((c) => [c.invite.candidateName ?? c.invite.candidateEmail, c.state, c.result?.answered ?? null])).toEqual([
      ['Ada', 'finished', 5], [null, 'open', null], ['grace@example.com', 'finished', 0],
    ])
    expect(candidates[2]!.result!.level).toBeNull()
  })

  it('are strict: a field the document does not name fails the check', async () => {
    const body = await (await api('/areas')).json() as object
    expect(AreasReply.safeParse(body).success).toBe(true)
    expect(AreasReply.safeParse({ ...body, extra: 1 }).success).toBe(false)
  })
})
