import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser } from '../../src/accounts'
import { tokenHash } from '../../src/password'
import { hiringApp, lead } from '../screens/team'

let t: Awaited<ReturnType<typeof hiringApp>>
beforeAll(async () => {
  t = await hiringApp()
  await addUser({ db: t.db, now: Date.now }, 'other@example.com', lead.password)
})
afterAll(() => t.cleanup())

const screensWith = (token: string) => t.app.request('http://localhost/api/v1/screens', { headers: { authorization: `Bearer ${token}` } })
const tokenIds = (page: string) => [...page.matchAll(/name="id" value="([^"]+)"/g)].map((m) => m[1]!)

async function newToken(cookie: string, name: string) {
  const page = await (await t.team.post('/account/tokens', [['name', name]], cookie)).text()
  return { token: /<code>(lvl_[^<]+)<\/code>/.exec(page)![1]!, ids: tokenIds(page) }
}

describe('API tokens on the account page', () => {
  it('are revoked at once: the token is refused from the next request on, and the others keep working', async () => {
    const cookie = await t.team.signIn()
    const ci = await newToken(cookie, 'CI')
    const report = await newToken(cookie, 'Reports')
    expect((await screensWith(ci.token)).status).toBe(200)
    const [ciId] = ci.ids
    const page = await t.team.post('/account/tokens/revoke', [['id', ciId!]], cookie)
    expect(page.status).toBe(200)
    const text = await page.text()
    expect(text).toContain('Token “CI” revoked')
    expect(tokenIds(text)).toEqual(report.ids.filter((id) => id !== ciId))
    expect((await screensWith(ci.token)).status).toBe(401)
    expect((await screensWith(report.token)).status).toBe(200)
  })

  it('of one name differ by when they were made, and the one just made is marked', async () => {
    const cookie = await t.team.signIn('other@example.com', lead.password)
    await newToken(cookie, 'Deploys')
    const listed = await (await t.team.post('/account/tokens', [['name', 'Deploys']], cookie)).text()
    const labels = listed.match(/aria-label="Revoke token Deploys, created \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, id [^",]{6}(, new)?"/g)!
    expect(new Set(labels).size).toBe(2)
    // The mark is on the token just made, whatever the order of two made in the same millisecond.
    const made = await tokenHash(/<code>(lvl_[^<]+)<\/code>/.exec(listed)![1]!)
    expect(labels.filter((l) => l.endsWith(', new"'))).toEqual([expect.stringContaining(`id ${made.slice(0, 6)}, new`)])
    await t.team.post('/account/tokens/revoke', [['id', tokenIds(listed)[0]!]], cookie)
  })

  it('cannot be revoked by another user, nor with a made-up or malformed id', async () => {
    const owner = await newToken(await t.team.signIn(), 'Owner')
    const ownerId = owner.ids.at(-1)!
    const other = await t.team.signIn('other@example.com', lead.password)
    expect((await t.team.post('/account/tokens/revoke', [['id', ownerId]], other)).status).toBe(404)
    expect((await t.team.post('/account/tokens/revoke', [['id', 'A'.repeat(43) + '=']], other)).status).toBe(404)
    expect((await t.team.post('/account/tokens/revoke', [['id', 'nope']], other)).status).toBe(400)
    expect((await t.team.post('/account/tokens/revoke', [['id', ownerId]])).status).toBe(303)
    expect((await screensWith(owner.token)).status).toBe(200)
  })
})
