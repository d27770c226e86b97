import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hiringApp } from '../screens/team'

let t: Awaited<ReturnType<typeof hiringApp>>
let cookie: string
beforeAll(async () => {
  t = await hiringApp()
  cookie = await t.team.signIn()
})
afterAll(() => t.cleanup())

describe('inviting candidates', () => {
  it('says how many invite links were made, and lists each open link on its own', async () => {
    const screenId = await t.team.newScreen(cookie)
    const made = await t.team.post(`/screens/${screenId}/invites`, [['candidates', 'Ada Lovelace\nGrace Hopper']], cookie)
    expect(made.status).toBe(303)
    const after = made.headers.get('location')!
    expect(after).toBe(`/screens/${screenId}?created=2#invite-links`)
    const page = await (await t.team.get(after.split('#')[0]!, cookie)).text()
    expect(page).toContain('<p class="created" role="status">2 invite links created.</p>')
    expect(page.match(/aria-label="invite link for [^"]+"/g)).toEqual(['aria-label="invite link for Ada Lovelace"', 'aria-label="invite link for Grace Hopper"'])
    // Only the redirect says it: the page on its own, or with a made-up count, does not.
    expect(await (await t.team.get(`/screens/${screenId}`, cookie)).text()).not.toContain('created.')
    expect(await (await t.team.get(`/screens/${screenId}?created=<b>`, cookie)).text()).not.toContain('created.')
  })
})

describe('a candidate report', () => {
  it('is the team\'s page: the candidate is its one h1, and the taker\'s own actions are not offered', async () => {
    const screenId = await t.team.newScreen(cookie, [['showResult', '1']])
    const [invite] = await t.team.newInvite(cookie, screenId)
    const sessionId = await t.team.sessionOf(await t.team.post(`/invite/${invite}/start`, []))
    await t.team.answerAll(sessionId)
    const report = await (await t.team.get(`/screens/${screenId}/candidates/${invite}`, cookie)).text()
    expect(report.match(/<h1[ >].*?<\/h1>/g)).toEqual(['<h1>Ada Lovelace &lt;ada@example.com&gt;</h1>'])
    expect(report).toMatch(/<h2 class="verdict-(pass|fail)">(Pass|Fail)<\/h2>/)
    expect(report).not.toContain('Take another quiz')
    expect(report).not.toContain('Practise these topics')
    // Its review speaks of the candidate's answers, not the reader's.
    expect(report).not.toMatch(/your choice|Your answer|Your order/)
    expect(report).toMatch(/the candidate&#39;s choice|The candidate&#39;s (answer|order)/)
    // The candidate's own page keeps them.
    const own = await (await t.team.get(`/sessions/${sessionId}/result`)).text()
    expect(own).toContain('Take another quiz')
  })
})
