import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keyOf, rightAnswer } from '../helpers'
import { startEdge, type Edge } from './edge'

// The HTML pages through the Worker in workerd, as a browser without JavaScript uses them (form
// posts and redirects), and one htmx post; the forms carry a same-origin Origin, as browsers send.

let edge: Edge
beforeAll(async () => { edge = await startEdge() }, 60_000)
afterAll(() => edge?.close())

const get = (path: string) => fetch(new URL(path, edge.base), { redirect: 'manual' })
const post = (path: string, fields: [string, string][], extra: Record<string, string> = {}) => fetch(new URL(path, edge.base), {
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: edge.base.origin, ...extra },
  body: new URLSearchParams(fields).toString(),
})

/** The fields a plain browser would send for the right answer to the card's question. */
async function rightFields(html: string): Promise<[string, string][]> {
  const questionId = /name="questionId" value="([^"]+)"/.exec(html)![1]!
  const type = /name="type" value="([^"]+)"/.exec(html)![1]!
  const answer = rightAnswer(await keyOf(edge.db, questionId))
  const base: [string, string][] = [['questionId', questionId], ['type', type]]
  if (type === 'order') return [...base, ...(answer as string[]).map((id, i): [string, string] => [`rank-${id}`, String(i + 1)])]
  if (Array.isArray(answer)) return [...base, ...answer.map((id): [string, string] => ['answer', id])]
  return [...base, ['answer', String(answer)]]
}

describe('a quiz with plain form posts through the Worker', () => {
  it('starts from the home page form, answers with feedback pages, and reaches the result page', async () => {
    const home = await (await get('/')).text()
    expect(home).toMatch(/<form method="post" action="\/sessions"/)
    const started = await post('/sessions', [['mode', 'practice'], ['length', '5'], ['areas', 'databases']])
    expect(started.status).toBe(303)
    const session = started.headers.get('location')!
    expect(session).toMatch(/^\/sessions\/[A-Za-z0-9_-]{22}$/)
    for (let i = 0; i < 5; i++) {
      const page = await get(session)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain(`question ${i + 1} of 5`)
      const answered = await post(`${session}/responses`, await rightFields(html))
      expect(answered.status).toBe(303)
      const feedback = answered.headers.get('location')!
      expect(feedback).toBe(`${session}/feedback/${i}`)
      const fb = await get(feedback)
      expect(fb.status).toBe(200)
      const fbHtml = await fb.text()
      expect(fbHtml).toContain('Correct')
      expect(fbHtml).toContain('class="explanation"')
    }
    const done = await get(session)
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe(`${session}/result`)
    const result = await get(`${session}/result`)
    expect(result.status).toBe(200)
    expect(result.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await result.text()
    expect(html).toContain('Estimated career level')
    expect(html).toContain('Review of every answer')
  })

  it('swaps only the card for an htmx post', async () => {
    const started = await post('/sessions', [['mode', 'assessment'], ['length', '5']], { 'HX-Request': 'true' })
    expect(started.status).toBe(303)
    const session = started.headers.get('location')!
    const page = await (await get(session)).text()
    const res = await post(`${session}/responses`, await rightFields(page), { 'HX-Request': 'true' })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(/^<section id="card"/)
    expect(html).not.toContain('<html')
    expect(html).toMatch(/question 2 of (at most )?5/) // the next question, in place
  })

  it('refuses a cross-site form post', async () => {
    const res = await post('/sessions', [['mode', 'practice']], { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
  })
})

describe('signing in through the Worker', () => {
  // The timing decoy for unknown e-mails needs random bytes, which workerd forbids at global scope.
  it('refuses an unknown e-mail with the sign-in page and its message, not a 500', async () => {
    const res = await post('/sign-in', [['email', 'ghost@example.com'], ['password', 'not the password at all']])
    expect(res.status).toBe(401)
    const html = await res.text()
    expect(html).toContain('that e-mail and password do not match an account')
    expect(html).toMatch(/<form method="post" action="\/sign-in"/)
  })
})
