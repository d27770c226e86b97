import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser, issueApiToken } from '../../src/accounts'
import { screenResults, screenResultsInFull } from '../../src/screens'
import { catalogCache } from '../../src/store/catalog'
import { sessions } from '../../src/store/schema'
import { jsonPost, keyOf, rightAnswer, wrongAnswer, type PublicQuestion } from '../helpers'
import { hiringApp } from './team'

// The app's clock only moves forward here: turning it back would leave the rate
// limiters' buckets in the future.
let clock = Date.now()
let t: Awaited<ReturnType<typeof hiringApp>>
beforeAll(async () => {
  t = await hiringApp({ now: () => clock })
  await addUser({ db: t.db, now: () => clock }, 'other@example.com', 'another long password here')
})
afterAll(() => t.cleanup())

describe('signing in', () => {
  it('refuses a wrong password and an unknown e-mail with the same message', async () => {
    const wrong = await t.team.post('/sign-in', [['email', 'lead@example.com'], ['password', 'nope nope nope']])
    const unknown = await t.team.post('/sign-in', [['email', 'ghost@example.com'], ['password', 'nope nope nope']])
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    const message = 'that e-mail and password do not match an account'
    expect(await wrong.text()).toContain(message)
    expect(await unknown.text()).toContain(message)
  })
  it('sends a signed-out visitor of the screens to the sign-in page, and signing out ends the sign-in', async () => {
    expect((await t.team.get('/screens')).headers.get('location')).toBe('/sign-in')
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    expect((await t.team.get('/screens', cookie)).status).toBe(200)
    await t.team.post('/sign-out', [], cookie)
    expect((await t.team.get('/screens', cookie)).status).toBe(303)
  })
})

describe('a hiring screen', () => {
  it('runs from invite to the team\'s results table and CSV', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const screenId = await t.team.newScreen(cookie)
    const [invite] = await t.team.newInvite(cookie, screenId)
    const rules = await (await t.team.get(`/invite/${invite}`)).text()
    expect(rules).toContain('10 minutes in all')
    const sessionId = await t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, []))
    // The candidate cannot see their result: this screen does not allow it.
    await t.team.answerAll(sessionId)
    expect((await t.app.request(`/api/v1/sessions/${sessionId}/result`)).status).toBe(403)
    expect(await (await t.team.get(`/sessions/${sessionId}/result`)).text()).toContain('Your answers are submitted')

    const table = await (await t.team.get(`/screens/${screenId}`, cookie)).text()
    expect(table).toContain('Ada Lovelace')
    expect(table).toMatch(/finished/)
    const csv = await (await t.team.get(`/screens/${screenId}/results.csv`, cookie)).text()
    const [header, row] = csv.trim().split('\r\n')
    expect(header).toContain('"candidate","email","status","started","finished","level","level probability","pass"')
    expect(row).toMatch(/^"Ada Lovelace","ada@example.com","finished","\d{4}-/)
    expect(row).toMatch(/"(pass|fail)"/)
    const report = await t.team.get(`/screens/${screenId}/candidates/${invite}`, cookie)
    expect(report.status).toBe(200)
    expect(await report.text()).toContain('Review of every answer')
  })

  it('exports a CSV whose text cannot run as a formula and whose numbers stay numbers', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const screenId = await t.team.newScreen(cookie, [['targetLevel', 'senior']])
    const names = ['=HYPERLINK("http://evil.example")', '-2+3', '+1', '@SUM(A1) <sum@example.com>']
    const invites = await t.team.newInvite(cookie, screenId, names.join('\n'))
    // Every answer wrong against a senior target: a clear fail, below the cut score.
    await t.team.answerAll(await t.team.sessionOf(await t.team.post(`/invite/${invites[0]}/start`, [])), wrongAnswer)
    const [header, ...rows] = csvRows(await (await t.team.get(`/screens/${screenId}/results.csv`, cookie)).text())
    const column = (name: string) => header!.indexOf(`"${name}"`)
    const finished = rows.find((r) => r[column('status')] === '"finished"')!
    expect(finished[column('candidate')]).toBe(`"'=HYPERLINK(""http://evil.example"")"`)
    expect(finished[column('pass')]).toBe('"fail"')
    expect(finished[column('margin')]).toMatch(/^-\d+(\.\d{1,2})?$/)
    expect(finished[column('level probability')]).toMatch(/^(0(\.\d{1,3})?|1)$/)
    expect(finished[column('time used (s)')]).toMatch(/^\d+$/)
    expect(finished[column('focus losses')]).toBe('0')
    expect(rows.map((r) => r[column('candidate')]).sort()).toEqual([`"'=HYPERLINK(""http://evil.example"")"`, `"'-2+3"`, `"'+1"`, `"'@SUM(A1)"`].sort())
  })

  it('lists candidates from a summary with the full result\'s figures, leaving path, phases and review to the report', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const screenId = await t.team.newScreen(cookie)
    const invites = await t.team.newInvite(cookie, screenId, 'Right\nWrong\nNot started')
    await t.team.answerAll(await t.team.sessionOf(await t.team.post(`/invite/${invites[0]}/start`, [])))
    await t.team.answerAll(await t.team.sessionOf(await t.team.post(`/invite/${invites[1]}/start`, [])), wrongAnswer)
    const deps = { db: t.db, catalog: catalogCache(), now: () => clock }
    const user = { id: (await signInUserId('lead@example.com'))!, email: 'lead@example.com' }
    const listed = (await screenResults(deps, user, screenId)).candidates
    const full = (await screenResultsInFull(deps, user, screenId)).candidates
    expect(listed.map((c) => c.result === null)).toEqual([false, false, true])
    listed.forEach(({ result }, i) => {
      if (!result) return
      const whole = full[i]!.result!
      expect(result).toEqual(Object.fromEntries(Object.keys(result).map((k) => [k, whole[k as keyof typeof whole]])))
      for (const costly of ['path', 'phases', 'nextPhase', 'review']) expect(result).not.toHaveProperty(costly)
    })
  })

  it('starts once: two starts at once yield one session, and reopening resumes it', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const [invite] = await t.team.newInvite(cookie, await t.team.newScreen(cookie))
    const ids = await Promise.all(Array.from({ length: 8 }, async () => t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, []))))
    expect(new Set(ids).size).toBe(1)
    expect(await t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, []))).toBe(ids[0])
    expect(await (await t.team.get(`/invite/${invite}`)).text()).toContain('Resume')
  })

  it('refuses an answer after the deadline with 410 and scores the session as it stands', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const [invite] = await t.team.newInvite(cookie, await t.team.newScreen(cookie, [['showResult', '1']]))
    const sessionId = await t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, []))
    const view = await (await t.app.request(`/api/v1/sessions/${sessionId}`)).json() as { question: PublicQuestion; deadline: number }
    const started = clock
    expect(view.deadline).toBe(started + 10 * 60_000)
    clock = view.deadline + 1
    const late = await t.app.request(`/api/v1/sessions/${sessionId}/responses`, jsonPost({ questionId: view.question.id, answer: rightAnswer(await keyOf(t.db, view.question.id)) }))
    expect(late.status).toBe(410)
    expect((await late.json() as { error: { message: string } }).error.message).toMatch(/time .* is up/)
    const result = await (await t.app.request(`/api/v1/sessions/${sessionId}/result`)).json() as { stopReason: string; answered: number; screen: { pass: boolean } }
    expect(result.stopReason).toBe('deadline')
    expect(result.answered).toBe(0)
    expect(result.screen.pass).toBe(false)
    expect(await (await t.team.get(`/invite/${invite}`)).text()).toContain('You have completed this screen')
  })

  it('shows a candidate their level and verdict when the screen allows it, but nothing that tells how each answer went', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const screenId = await t.team.newScreen(cookie, [['showResult', '1']])
    const [invite] = await t.team.newInvite(cookie, screenId)
    const sessionId = await t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, []))
    let view = await (await t.app.request(`/api/v1/sessions/${sessionId}`)).json() as { question: PublicQuestion; deadline: number }
    const deadline = view.deadline
    for (const right of [true, false, true]) {
      const key = await keyOf(t.db, view.question.id)
      const reply = await t.app.request(`/api/v1/sessions/${sessionId}/responses`, jsonPost({ questionId: view.question.id, answer: right ? rightAnswer(key) : wrongAnswer(key, view.question) }))
      expect(reply.status).toBe(200)
      view = (await reply.json() as { session: typeof view }).session
    }
    clock = deadline + 1
    const result = await (await t.app.request(`/api/v1/sessions/${sessionId}/result`)).json() as Record<string, unknown> & { answered: number; level: { id: string } }
    expect(result.answered).toBe(3)
    expect(result.level.id).toBeTruthy()
    // The estimate after each answer rises exactly when it was right; a topic asked once tells its answer.
    expect(result).toMatchObject({ correct: null, review: [], path: [], areas: [], topics: [], phases: [], nextPhase: null })
    const page = await (await t.team.get(`/sessions/${sessionId}/result`)).text()
    expect(page).toContain('stay with the hiring team')
    expect(page).not.toContain('Review of every answer')
    expect(page).not.toContain('class="path"')
    expect(page).not.toContain('By topic')
    expect(page).not.toMatch(/\d+ correct/)
    const report = await (await t.team.get(`/screens/${screenId}/candidates/${invite}`, cookie)).text()
    expect(report).toContain('Review of every answer')
    expect(report).toContain('class="path"')
  })

  it('gives a session without a single answer no level: the prior is not an estimate', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const screenId = await t.team.newScreen(cookie, [['showResult', '1']])
    const [invite] = await t.team.newInvite(cookie, screenId)
    const sessionId = await t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, []))
    const view = await (await t.app.request(`/api/v1/sessions/${sessionId}`)).json() as { deadline: number }
    clock = view.deadline + 1
    const own = await (await t.app.request(`/api/v1/sessions/${sessionId}/result`)).json() as { level: unknown; screen: { pass: boolean; margin: unknown; probabilityAtOrAbove: unknown } }
    expect(own).toMatchObject({ level: null, screen: { pass: false, margin: null, probabilityAtOrAbove: null } })
    const full = await screenResultsInFull({ db: t.db, catalog: catalogCache(), now: () => clock }, { id: (await signInUserId('lead@example.com'))!, email: 'lead@example.com' }, screenId)
    const result = full.candidates.find((c) => c.invite.id === invite)!.result!
    expect(result).toMatchObject({ level: null, phases: [], nextPhase: null })
    for (const area of result.areas) expect(area).toMatchObject({ answered: 0, theta: null, se: null, level: null, levelProbabilities: null })
    const token = await issueApiToken({ db: t.db, catalog: undefined as never, now: () => clock }, { id: (await signInUserId('lead@example.com'))!, email: 'lead@example.com' }, 'zero')
    const api = await t.app.request(`/api/v1/screens/${screenId}`, { headers: { authorization: `Bearer ${token}` } })
    const { candidates } = await api.json() as { candidates: { result: { level: unknown } | null }[] }
    expect(candidates.map((c) => c.result?.level)).toEqual([null])
    const page = await (await t.team.get(`/sessions/${sessionId}/result`)).text()
    expect(page).toContain('No estimate')
    expect(page).toContain('Fail')
    expect(page).not.toMatch(/Probability of being at or above|Estimated career level/)
    const csv = await (await t.team.get(`/screens/${screenId}/results.csv`, cookie)).text()
    const row = csv.split('\n').find((line) => line.includes(invite!))!
    expect(row.split(',').slice(5, 8)).toEqual(['""', '""', '"fail"'])
    const table = await (await t.team.get(`/screens/${screenId}`, cookie)).text()
    expect(table).not.toMatch(/(Junior|Mid-level|Senior|Principal) \(\d+%\)/)
  })

  it('keeps the deadline across reloads: reading the session does not move it', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const [invite] = await t.team.newInvite(cookie, await t.team.newScreen(cookie))
    const sessionId = await t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, []))
    const first = await (await t.app.request(`/api/v1/sessions/${sessionId}`)).json() as { deadline: number }
    clock += 60_000
    const again = await (await t.app.request(`/api/v1/sessions/${sessionId}`)).json() as { deadline: number }
    expect(again.deadline).toBe(first.deadline)
  })

  it('gives every candidate questions and options in an order of their own', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const invites = await t.team.newInvite(cookie, await t.team.newScreen(cookie, [['form', 'fixed']]), 'One\nTwo\nThree')
    const firsts = []
    for (const invite of invites) {
      const sessionId = await t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, []))
      const view = await (await t.app.request(`/api/v1/sessions/${sessionId}`)).json() as { question: PublicQuestion }
      firsts.push(JSON.stringify([view.question.id, view.question.options.map((o) => o.id)]))
    }
    expect(invites).toHaveLength(3)
    expect(new Set(firsts).size).toBeGreaterThan(1)
  })

  it('says so when an invite has expired', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const screenId = await t.team.newScreen(cookie)
    await t.team.post(`/screens/${screenId}/invites`, [['candidates', 'Late Larry'], ['expiresInDays', '1']], cookie)
    const page = await (await t.team.get(`/screens/${screenId}`, cookie)).text()
    const invite = /\/invite\/([A-Za-z0-9_-]{22})/.exec(page)![1]
    clock += 2 * 86_400_000
    expect(await (await t.team.get(`/invite/${invite}`)).text()).toContain('This invite has expired')
    expect((await t.team.post(`/invite/${invite}/start`, [])).status).toBe(410)
  })
})

describe('the invite form', () => {
  it('is checked by the API\'s schema: a bad e-mail, a number out of range or too many links get a 400 page that says why, and nothing is stored', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const screenId = await t.team.newScreen(cookie)
    const refusals: [[string, string][], RegExp][] = [
      [[['candidates', 'Ada <ada@example.com>\nBob <not an e-mail>']], /&quot;not an e-mail&quot; is not an e-mail address/],
      [[['candidates', 'bob@']], /&quot;bob@&quot; is not an e-mail address/],
      [[['count', '201']], /at most 200 invites at a time/],
      [[['count', '1000000000']], /at most 200 invites at a time/],
      [[['candidates', Array.from({ length: 201 }, (_, i) => `Candidate ${i}`).join('\n')]], /at most 200 invites at a time/],
      [[['count', '2'], ['expiresInDays', '0']], /from 1 to 365/],
      [[['count', '2'], ['expiresInDays', '366']], /from 1 to 365/],
      [[['count', '2'], ['expiresInDays', '1.5']], /from 1 to 365/],
      [[['count', '-1']], /whole number/],
      [[['count', 'lots']], /whole number/],
      [[['candidates', '  \n ']], /name at least one candidate/],
    ]
    for (const [fields, message] of refusals) {
      const res = await t.team.post(`/screens/${screenId}/invites`, fields, cookie)
      const html = await res.text()
      expect(res.status, JSON.stringify(fields)).toBe(400)
      expect(html, JSON.stringify(fields)).toMatch(message)
      expect(html).toMatch(/<p class="form-error" role="alert">/)
    }
    // What was typed comes back, so a long list is not lost.
    const typed = await (await t.team.post(`/screens/${screenId}/invites`, [['candidates', 'Ada <ada@example>'], ['count', '3']], cookie)).text()
    expect(typed).toContain('>Ada &lt;ada@example&gt;</textarea>')
    expect(typed).toMatch(/name="count"[^>]*value="3"/)
    expect(await t.team.inviteIds(cookie, screenId)).toEqual([])
    // Within the limits, the same form goes through.
    expect((await t.team.post(`/screens/${screenId}/invites`, [['candidates', 'Ada <ada@example.com>'], ['count', '199'], ['expiresInDays', '365']], cookie)).status).toBe(303)
    expect(await t.team.inviteIds(cookie, screenId)).toHaveLength(200)
  })
})

describe('caching', () => {
  it('keeps no copy of pages and files with candidates\' data or tokens: Cache-Control no-store', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const screenId = await t.team.newScreen(cookie)
    const [invite] = await t.team.newInvite(cookie, screenId)
    await t.team.answerAll(await t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, [])))
    const responses = [
      await t.team.get('/screens', cookie), await t.team.get(`/screens/${screenId}`, cookie), await t.team.get(`/screens/${screenId}/results.csv`, cookie),
      await t.team.get(`/screens/${screenId}/candidates/${invite}`, cookie), await t.team.get(`/invite/${invite}`),
      await t.team.get('/account', cookie), await t.team.post('/account/tokens', [['name', 'ci']], cookie),
      await t.team.post(`/screens/${screenId}/invites`, [['count', '999']], cookie),
    ]
    for (const res of responses) expect(res.headers.get('cache-control'), res.url).toBe('no-store')
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 400])
  })
})

describe('focus losses', () => {
  it('count a burst of reports once: the server drops those within 2 s of the last counted one', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const [invite] = await t.team.newInvite(cookie, await t.team.newScreen(cookie))
    const sessionId = await t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, []))
    const report = async () => expect((await t.team.post(`/sessions/${sessionId}/focus-loss`, [])).status).toBe(204)
    const counted = async () => (await t.db.select({ n: sessions.focusLosses }).from(sessions).where(eq(sessions.id, sessionId)))[0]!.n
    await Promise.all(Array.from({ length: 5 }, report))
    expect(await counted()).toBe(1)
    clock += 1999
    await report()
    expect(await counted()).toBe(1)
    clock += 1
    await report()
    await report()
    expect(await counted()).toBe(2)
  })

  it('are counted for hiring screens only, and only while they run', async () => {
    const practice = await (await t.app.request('/api/v1/sessions', jsonPost({ mode: 'practice', length: 5 }))).json() as { id: string }
    await t.team.post(`/sessions/${practice.id}/focus-loss`, [])
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const [invite] = await t.team.newInvite(cookie, await t.team.newScreen(cookie))
    const screen = await t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, []))
    clock += 11 * 60_000
    await t.team.post(`/sessions/${screen}/focus-loss`, [])
    const rows = await t.db.select({ id: sessions.id, n: sessions.focusLosses }).from(sessions)
    expect(rows.filter((r) => r.id === practice.id || r.id === screen).map((r) => r.n)).toEqual([0, 0])
  })

  it('of a session that does not exist get 404, and of a malformed id 400', async () => {
    expect((await t.team.post(`/sessions/${'A'.repeat(22)}/focus-loss`, [])).status).toBe(404)
    expect((await t.team.post('/sessions/not-an-id/focus-loss', [])).status).toBe(400)
  })
})

describe('malformed screen and invite ids', () => {
  it('get 400, and well-formed ones that match nothing 404, on the pages and the API', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const id = (await signInUserId('lead@example.com'))!
    const token = await issueApiToken({ db: t.db, catalog: undefined as never, now: () => clock }, { id, email: 'lead@example.com' }, 'ids')
    const api = (path: string, method = 'GET') => t.app.request(`http://localhost${path}`, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: JSON.stringify({ candidates: [{}] }) } : {}),
    })
    const unknown = 'A'.repeat(22)
    const screenId = await t.team.newScreen(cookie)
    for (const [bad, status] of [['bad!', 400], [unknown, 404]] as const) {
      expect((await t.team.get(`/screens/${screenId}/candidates/${bad}`, cookie)).status).toBe(status)
      expect((await t.team.get(`/invite/${bad}`)).status, `/invite/${bad}`).toBe(status)
      expect((await t.team.post(`/invite/${bad}/start`, [])).status).toBe(status)
      expect((await t.team.get(`/screens/${bad}`, cookie)).status).toBe(status)
      const read = await api(`/api/v1/screens/${bad}`)
      expect(read.status).toBe(status)
      expect(((await read.json()) as { error: { code: string } }).error.code).toBe(status === 400 ? 'bad-screen-id' : 'not-found')
      expect((await api(`/api/v1/screens/${bad}/invites`, 'POST')).status).toBe(status)
    }
  })
})

describe('creating a screen', () => {
  it('applies the scope rules of any session: unknown areas or topics are refused with 422 and nothing is stored', async () => {
    const id = (await signInUserId('lead@example.com'))!
    const token = await issueApiToken({ db: t.db, catalog: undefined as never, now: () => clock }, { id, email: 'lead@example.com' }, 'scope')
    const create = (body: object) => t.app.request('/api/v1/screens', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Scoped', targetLevel: 'mid', length: 5, timeLimitMinutes: 10, ...body }) })
    const count = async () => ((await (await t.app.request('/api/v1/screens', { headers: { authorization: `Bearer ${token}` } })).json()) as { screens: unknown[] }).screens.length
    const before = await count()
    const area = await create({ areas: ['cooking'] })
    expect(area.status).toBe(422)
    expect((await area.json() as { error: { code: string } }).error.code).toBe('unknown-area')
    expect((await create({ topics: ['souffles'] })).status).toBe(422)
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const page = await t.team.post('/screens', [['name', 'Cooking'], ['areas', 'cooking'], ['targetLevel', 'mid'], ['length', '5'], ['timeLimitMinutes', '10']], cookie)
    expect(page.status).toBe(422)
    expect(await page.text()).toContain('unknown area')
    expect(await count()).toBe(before)
    // A topic names its area for the team's table.
    const scoped = await create({ topics: ['postgresql'] })
    expect(scoped.status).toBe(201)
    expect(await scoped.json()).toMatchObject({ areas: ['databases'], topics: ['postgresql'] })
  })
})

describe('authorization', () => {
  it('a user sees only their own screens and candidates', async () => {
    const lead = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const other = await t.team.signIn('other@example.com', 'another long password here')
    const screenId = await t.team.newScreen(lead)
    const [invite] = await t.team.newInvite(lead, screenId)
    expect((await t.team.get(`/screens/${screenId}`, other)).status).toBe(404)
    expect((await t.team.get(`/screens/${screenId}/results.csv`, other)).status).toBe(404)
    expect((await t.team.get(`/screens/${screenId}/candidates/${invite}`, other)).status).toBe(404)
    expect((await t.team.post(`/screens/${screenId}/invites`, [['count', '3']], other)).status).toBe(404)
    expect(await (await t.team.get('/screens', other)).text()).not.toContain(screenId)
  })

  it('the JSON API needs a token and scopes everything to its user', async () => {
    const lead = await issueApiToken({ db: t.db, catalog: undefined as never, now: () => clock }, { id: (await signInUserId('lead@example.com'))!, email: 'lead@example.com' }, 'ci')
    const auth = (token: string) => ({ headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } })
    expect((await t.app.request('/api/v1/screens')).status).toBe(401)
    expect((await t.app.request('/api/v1/screens', auth('lvl_forged'))).status).toBe(401)
    const created = await t.app.request('/api/v1/screens', { method: 'POST', ...auth(lead), body: JSON.stringify({ name: 'API screen', targetLevel: 'senior', length: 5, timeLimitMinutes: 15 }) })
    expect(created.status).toBe(201)
    const screen = await created.json() as { id: string }
    const invites = await t.app.request(`/api/v1/screens/${screen.id}/invites`, { method: 'POST', ...auth(lead), body: JSON.stringify({ candidates: [{ candidateEmail: 'x@example.com' }] }) })
    expect(invites.status).toBe(201)
    expect((await invites.json() as { invites: { url: string }[] }).invites[0]!.url).toMatch(/\/invite\/[A-Za-z0-9_-]{22}$/)
    const otherToken = await issueApiToken({ db: t.db, catalog: undefined as never, now: () => clock }, { id: (await signInUserId('other@example.com'))!, email: 'other@example.com' }, 'ci')
    expect((await t.app.request(`/api/v1/screens/${screen.id}`, auth(otherToken))).status).toBe(404)
    expect((await t.app.request(`/api/v1/screens/${screen.id}`, auth(lead))).status).toBe(200)
  })

  it('the JSON API takes 200 invites of the longest names and e-mails at once, and replies with each one whole', async () => {
    const lead = await issueApiToken({ db: t.db, catalog: undefined as never, now: () => clock }, { id: (await signInUserId('lead@example.com'))!, email: 'lead@example.com' }, 'bulk')
    // The scheme name in any case, as some clients send it.
    const auth = { headers: { authorization: `bearer ${lead}`, 'content-type': 'application/json' } }
    const screen = await (await t.app.request('/api/v1/screens', { method: 'POST', ...auth, body: JSON.stringify({ name: 'Bulk', targetLevel: 'mid', length: 5, timeLimitMinutes: 10 }) })).json() as Record<string, unknown>
    expect(screen).not.toHaveProperty('userId')
    const candidates = Array.from({ length: 200 }, (_, i) => ({ candidateName: `${'N'.repeat(116)}${String(i).padStart(4, '0')}`, candidateEmail: `${'e'.repeat(60)}${i}@${'d'.repeat(60)}.${'x'.repeat(60)}.example.com` }))
    const res = await t.app.request(`/api/v1/screens/${screen.id}/invites`, { method: 'POST', ...auth, body: JSON.stringify({ candidates, expiresInDays: 3 }) })
    expect(res.status).toBe(201)
    const { invites } = await res.json() as { invites: { candidateName: string; createdAt: number; expiresAt: number; url: string }[] }
    expect(invites).toHaveLength(200)
    expect(invites[0]).toMatchObject({ candidateName: candidates[0]!.candidateName, createdAt: clock, expiresAt: clock + 3 * 86_400_000 })
    const huge = await t.app.request(`/api/v1/screens/${screen.id}/invites`, { method: 'POST', ...auth, body: JSON.stringify({ candidates, pad: 'x'.repeat(128 * 1024) }) })
    expect(huge.status).toBe(413)
    const unsigned = await t.app.request('/api/v1/screens')
    expect(unsigned.status).toBe(401)
    expect(unsigned.headers.get('www-authenticate')).toBe('Bearer realm="levelset"')
  })

  it('reports a candidate whose time ran out the same way whether or not anyone opened the session since', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const screenId = await t.team.newScreen(cookie)
    const [invite] = await t.team.newInvite(cookie, screenId)
    const sessionId = await t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, []))
    const { deadline } = await (await t.app.request(`/api/v1/sessions/${sessionId}`)).json() as { deadline: number }
    clock = deadline + 1
    const reported = async () => {
      const { candidates } = await screenResultsInFull({ db: t.db, catalog: catalogCache(), now: () => clock }, { id: (await signInUserId('lead@example.com'))!, email: 'lead@example.com' }, screenId)
      return candidates.map((c) => ({ state: c.state, stopReason: c.result?.stopReason, finishedAt: c.result?.finishedAt }))
    }
    const before = await reported()
    expect(before).toEqual([{ state: 'finished', stopReason: 'deadline', finishedAt: deadline }])
    await t.app.request(`/api/v1/sessions/${sessionId}`)
    expect(await reported()).toEqual(before)
  })

  it('renders what users typed as text, never as markup', async () => {
    const cookie = await t.team.signIn('lead@example.com', 'correct horse battery staple')
    const screenId = await t.team.newScreen(cookie, [['name', '<img src=x onerror=alert(1)>']])
    await t.team.newInvite(cookie, screenId, '<script>alert(1)</script> <evil@example.com>')
    const page = await (await t.team.get(`/screens/${screenId}`, cookie)).text()
    expect(page).not.toContain('<script>alert(1)</script>')
    expect(page).not.toContain('<img src=x')
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    // The candidate's own report, once they have finished, and the page their invite opens.
    const [invite] = await t.team.newInvite(cookie, screenId, '<img src=x onerror=alert(1)> <img@example.com>')
    await t.team.answerAll(await t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, [])))
    for (const path of [`/screens/${screenId}/candidates/${invite}`, `/invite/${invite}`]) {
      const html = await (await t.team.get(path, cookie)).text()
      expect(html, path).not.toContain('<img src=x')
      expect(html, path).not.toContain('<script>alert(1)')
    }
  })

  it('a candidate cannot reach the hiring pages, nor another candidate\'s invite', async () => {
    expect((await t.team.get('/screens')).status).toBe(303)
    expect((await t.team.get('/invite/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404)
  })
})

async function signInUserId(email: string) {
  const { findUserByEmail } = await import('../../src/store/users')
  return (await findUserByEmail(t.db, email))?.id
}

/** A CSV's rows as their raw cells, quotes kept, so a test sees exactly what a spreadsheet reads. */
function csvRows(csv: string): string[][] {
  return csv.split('\r\n').filter(Boolean).map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]!).slice(0, -1))
}
