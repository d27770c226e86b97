import { expect } from 'vitest'
import { addUser } from '../../src/accounts'
import type { createApp } from '../../src/app'
import type { Answer, Key } from '../../src/engine/score'
import type { Db } from '../../src/store/db'
import { jsonPost, keyOf, rightAnswer, testApp, type PublicQuestion } from '../helpers'

export const origin = 'http://localhost'
export const lead = { email: 'lead@example.com', password: 'correct horse battery staple' }

type App = ReturnType<typeof createApp>

/** The real app on a temp database with the lead's account, and the team that works in it. */
export async function hiringApp(options: Parameters<typeof testApp>[0] = {}) {
  const t = await testApp(options)
  await addUser({ db: t.db, now: options.now ?? Date.now }, lead.email, lead.password)
  return { ...t, team: hiringTeam(t.app, t.db) }
}

/**
 * A hiring team's browser and its candidates against the real app: plain form posts from this
 * origin, the sign-in cookie where given, answers through the JSON API.
 */
export function hiringTeam(app: App, db: Db) {
  const form = (fields: [string, string][], cookie?: string, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...(cookie ? { cookie } : {}), ...headers },
    body: new URLSearchParams(fields).toString(),
  })
  const post = (path: string, fields: [string, string][], cookie?: string, headers?: Record<string, string>) => app.request(`${origin}${path}`, form(fields, cookie, headers))
  const get = (path: string, cookie?: string) => app.request(`${origin}${path}`, cookie ? { headers: { cookie } } : {})

  async function signIn(email = lead.email, password = lead.password) {
    const res = await post('/sign-in', [['email', email], ['password', password]])
    expect(res.status).toBe(303)
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/levelset_signin=[^;]+;.*HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    return cookie.split(';')[0]!
  }

  async function newScreen(cookie: string, fields: [string, string][] = []) {
    const defaults: [string, string][] = [['name', 'Mid backend'], ['targetLevel', 'mid'], ['length', '5'], ['timeLimitMinutes', '10'], ['form', 'adaptive']]
    const given = new Set(fields.map(([k]) => k))
    const res = await post('/screens', [...defaults.filter(([k]) => !given.has(k)), ...fields], cookie)
    expect(res.status).toBe(303)
    return res.headers.get('location')!.split('/').pop()!
  }

  /** The screen's invite ids, oldest first, after inviting `candidates` (one a line). */
  async function newInvite(cookie: string, screenId: string, candidates = 'Ada Lovelace <ada@example.com>') {
    expect((await post(`/screens/${screenId}/invites`, [['candidates', candidates]], cookie)).status).toBe(303)
    return inviteIds(cookie, screenId)
  }

  async function inviteIds(cookie: string, screenId: string) {
    const page = await (await get(`/screens/${screenId}`, cookie)).text()
    return [...page.matchAll(/\/invite\/([A-Za-z0-9_-]{22})/g)].map((m) => m[1]!)
  }

  const sessionOf = async (res: Response) => {
    expect(res.status).toBe(303)
    return res.headers.get('location')!.split('/').pop()!
  }

  /** Answers every question of a session, right unless `answer` says otherwise. */
  async function answerAll(sessionId: string, answer: (key: Key, q: PublicQuestion) => Answer = rightAnswer) {
    for (;;) {
      const view = await (await app.request(`/api/v1/sessions/${sessionId}`)).json() as { question?: PublicQuestion }
      if (!view.question) return
      const res = await app.request(`/api/v1/sessions/${sessionId}/responses`, jsonPost({ questionId: view.question.id, answer: answer(await keyOf(db, view.question.id), view.question) }))
      expect(res.status).toBe(200)
    }
  }

  return { post, get, signIn, newScreen, newInvite, inviteIds, sessionOf, answerAll }
}
