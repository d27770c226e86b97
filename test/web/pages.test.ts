import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessions } from '../../src/store/schema'
import { keyOf, rightAnswer, testApp } from '../helpers'

let t: Awaited<ReturnType<typeof testApp>>
beforeAll(async () => { t = await testApp() })
afterAll(() => t.cleanup())

const origin = 'http://localhost'
const form = (fields: [string, string][], extra: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...extra },
  body: new URLSearchParams(fields).toString(),
})
const post = (path: string, fields: [string, string][], extra?: Record<string, string>) => t.app.request(`${origin}${path}`, form(fields, extra))

/** The fields a plain browser would send for the right answer to the card's question. */
async function rightFields(html: string): Promise<[string, string][]> {
  const questionId = /name="questionId" value="([^"]+)"/.exec(html)![1]!
  const type = /name="type" value="([^"]+)"/.exec(html)![1]!
  const answer = rightAnswer(await keyOf(t.db, questionId))
  const base: [string, string][] = [['questionId', questionId], ['type', type]]
  if (type === 'order') return [...base, ...(answer as string[]).map((id, i): [string, string] => [`rank-${id}`, String(i + 1)])]
  if (Array.isArray(answer)) return [...base, ...answer.map((id): [string, string] => ['answer', id])]
  return [...base, ['answer', String(answer)]]
}

describe('home page', () => {
  it('lists the areas with topics and counts, and a start form', async () => {
    const html = await (await t.app.request('/')).text()
    for (const name of ['Backend Frameworks', 'Databases', 'Cloud &amp; Infrastructure', 'Advanced Topics']) expect(html).toContain(name)
    expect(html).toMatch(/<form method="post" action="\/sessions"/)
    expect(html).toContain('src="/static/htmx.min.js"')
  })
  it('sends a strict Content-Security-Policy', async () => {
    const res = await t.app.request('/')
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await res.text()).not.toMatch(/<script>|style="/)
  })
})

describe('a quiz with plain form posts (no JavaScript)', () => {
  it('starts, answers with feedback pages, and reaches the result page', async () => {
    const started = await post('/sessions', [['mode', 'practice'], ['length', '5'], ['areas', 'databases']])
    expect(started.status).toBe(303)
    const session = started.headers.get('location')!
    expect(session).toMatch(/^\/sessions\/[A-Za-z0-9_-]{22}$/)
    for (let i = 0; i < 5; i++) {
      const page = await (await t.app.request(session)).text()
      expect(page).toContain(`question ${i + 1} of 5`)
      const answered = await post(`${session}/responses`, await rightFields(page))
      expect(answered.status).toBe(303)
      const feedback = answered.headers.get('location')!
      expect(feedback).toBe(`${session}/feedback/${i}`)
      const fb = await (await t.app.request(feedback)).text()
      expect(fb).toContain('Correct')
      expect(fb).toContain('class="explanation"')
    }
    const done = await t.app.request(session)
    expect(done.status).toBe(303)
    const result = await (await t.app.request(done.headers.get('location')!)).text()
    expect(result).toContain('Estimated career level')
    expect(result).toContain('Salary band')
    expect(result).toContain('Review of every answer')
  })

  it('refuses a malformed feedback position with 400 on a page that says so, and an unknown one with 404', async () => {
    const session = (await post('/sessions', [['mode', 'practice'], ['length', '5']])).headers.get('location')!
    for (const position of ['1e2', '-1', '0x1', '%20', '1.0']) {
      const res = await t.app.request(`${session}/feedback/${position}`)
      expect(res.status, position).toBe(400)
      expect(await res.text()).toContain('malformed answer position')
    }
    expect((await t.app.request(`${session}/feedback/100`)).status).toBe(404)
  })

  it('shows the question again with a message when nothing was chosen', async () => {
    const session = (await post('/sessions', [['mode', 'assessment'], ['length', '5']])).headers.get('location')!
    const page = await (await t.app.request(session)).text()
    const [qid, type] = (await rightFields(page)).slice(0, 2)
    const res = await post(`${session}/responses`, [qid!, type!])
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('role="alert"')
    expect(html).toContain(qid![1])
  })

  it('swaps only the card for htmx requests', async () => {
    const session = (await post('/sessions', [['mode', 'assessment'], ['length', '5']])).headers.get('location')!
    const page = await (await t.app.request(session)).text()
    const res = await post(`${session}/responses`, await rightFields(page), { 'HX-Request': 'true' })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(/^<section id="card"/)
    expect(html).not.toContain('<html')
  })

  it('refuses a cross-site form post with a page that says why and what to do', async () => {
    const res = await t.app.request(`${origin}/sessions`, form([['mode', 'practice']], { origin: 'https://evil.example' }))
    expect(res.status).toBe(403)
    const message = 'This form came from another site, or your browser did not say where it came from; reload the page and try again.'
    expect(await res.text()).toContain(message)
    const json = await t.app.request(`${origin}/api/v2/anything`, form([['mode', 'practice']], { origin: 'https://evil.example' }))
    expect(json.status).toBe(403)
    expect(await json.json()).toEqual({ error: { code: 'forbidden', message } })
  })

  it('shows the same message as the API on an error page', async () => {
    const res = await t.app.request('/sessions/AAAAAAAAAAAAAAAAAAAAAA')
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('session not found')
    const bad = await post('/sessions', [['mode', 'exam']])
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Mode: choose practice, assessment or screen practice')
  })

  it('says what to do about a start form field in the form\'s words, while the JSON API keeps its own', async () => {
    const page = await post('/sessions', [['mode', 'practice'], ['length', 'many']])
    expect(page.status).toBe(400)
    const html = await page.text()
    expect(html).toContain('<p class="message">Questions: choose a number from the list</p>')
    expect(html).not.toContain('expected number')
    const api = await t.app.request('/api/v1/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'practice', length: 'many' }) })
    expect(api.status).toBe(400)
    expect(((await api.json()) as { error: { message: string } }).error.message).toContain('length: Invalid input')
  })

  it('shows any other refusal in the API\'s words', async () => {
    const html = await (await t.app.request('/sessions/AAAAAAAAAAAAAAAAAAAAAA')).text()
    expect(html).toContain('<p class="message">session not found</p>')
  })
})

describe('the result page', () => {
  it('offers a practice run on the weakest topics of the next phase', async () => {
    const session = (await post('/sessions', [['mode', 'practice'], ['length', '5'], ['areas', 'databases']])).headers.get('location')!
    for (let i = 0; i < 5; i++) {
      const page = await (await t.app.request(session)).text()
      const [qid, type] = (await rightFields(page)).slice(0, 2)
      // A wrong-but-fitting answer: any option id that exists; the number path gets an absurd number.
      const option = /name="answer" value="([^"]+)"/.exec(page)?.[1]
      const rank = [...page.matchAll(/name="rank-([^"]+)"/g)].map((m, j): [string, string] => [`rank-${m[1]}`, String(j + 1)])
      const fields: [string, string][] = type![1] === 'order' ? rank : [['answer', type![1] === 'number' ? '-99999' : option!]]
      await post(`${session}/responses`, [qid!, type!, ...fields])
    }
    const result = await (await t.app.request(`${session}/result`)).text()
    const weak = [...result.matchAll(/name="topics" value="([a-z-]+)"/g)].map((m) => m[1]!)
    expect(weak.length).toBeGreaterThan(0)
    const practice = await post('/sessions', [['mode', 'practice'], ['length', '10'], ...weak.map((w): [string, string] => ['topics', w])])
    expect(practice.status).toBe(303)
    const id = practice.headers.get('location')!.split('/').pop()!
    const [row] = await t.db.select({ topics: sessions.topics, length: sessions.length }).from(sessions).where(eq(sessions.id, id))
    expect(row).toEqual({ topics: weak, length: 10 })
  })
})
