import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser } from '../../src/accounts'
import { testApp } from '../helpers'

let t: Awaited<ReturnType<typeof testApp>>
beforeAll(async () => {
  t = await testApp()
  await addUser({ db: t.db, now: Date.now }, 'lead@example.com', 'correct horse battery staple')
})
afterAll(() => t.cleanup())

/** A form post to `url` as a browser on that same origin sends it. */
const post = (url: string, fields: Record<string, string>, cookie?: string) => t.app.request(url, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin, ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(fields).toString(),
})
const signIn = (origin: string) => post(`${origin}/sign-in`, { email: 'lead@example.com', password: 'correct horse battery staple' })
const attributes = (setCookie: string) => setCookie.split(';').slice(1).map((a) => a.trim().split('=')[0]!.toLowerCase())

describe('the sign-in cookie', () => {
  it('is Secure, HttpOnly and SameSite=Lax over https', async () => {
    const res = await signIn('https://levelset.example')
    expect(res.status).toBe(303)
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/^levelset_signin=[A-Za-z0-9_-]{43};/)
    expect(attributes(cookie)).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite', 'path', 'expires']))
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).toMatch(/Path=\/(;|$)/)
  })

  it('is Secure over plain http to any other host, as behind a proxy that ends TLS', async () => {
    const cookie = (await signIn('http://levelset.example')).headers.get('set-cookie')!
    expect(attributes(cookie)).toContain('secure')
  })

  it('leaves out Secure only for plain http to this machine, so that local runs can sign in', async () => {
    for (const origin of ['http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787']) {
      const cookie = (await signIn(origin)).headers.get('set-cookie')!
      expect(attributes(cookie)).not.toContain('secure')
      expect(attributes(cookie)).toEqual(expect.arrayContaining(['httponly', 'samesite', 'path']))
      expect(cookie).toMatch(/SameSite=Lax/)
    }
  })

  it('is cleared on sign-out with the same attributes, and the sign-in ends', async () => {
    const origin = 'https://levelset.example'
    const cookie = (await signIn(origin)).headers.get('set-cookie')!.split(';')[0]!
    expect((await t.app.request(`${origin}/screens`, { headers: { cookie } })).status).toBe(200)
    const out = await post(`${origin}/sign-out`, {}, cookie)
    expect(out.status).toBe(303)
    const cleared = out.headers.get('set-cookie')!
    expect(cleared).toMatch(/^levelset_signin=;/)
    expect(attributes(cleared)).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite', 'path', 'max-age']))
    expect((await t.app.request(`${origin}/screens`, { headers: { cookie } })).status).toBe(303)
  })
})

describe('signing in from a page that needs it', () => {
  const origin = 'https://levelset.example'
  const signInWith = (next: string) => post(`${origin}/sign-in`, { email: 'lead@example.com', password: 'correct horse battery staple', next })

  it('sends a signed-out visitor to sign in with the page they asked for, and there after it', async () => {
    const asked = await t.app.request(`${origin}/screens/AAAAAAAAAAAAAAAAAAAAAA/candidates/BBBBBBBBBBBBBBBBBBBBBB`)
    expect(asked.status).toBe(303)
    const signInPage = asked.headers.get('location')!
    expect(signInPage).toBe('/sign-in?next=%2Fscreens%2FAAAAAAAAAAAAAAAAAAAAAA%2Fcandidates%2FBBBBBBBBBBBBBBBBBBBBBB')
    const form = await (await t.app.request(`${origin}${signInPage}`)).text()
    expect(form).toContain('<input type="hidden" name="next" value="/screens/AAAAAAAAAAAAAAAAAAAAAA/candidates/BBBBBBBBBBBBBBBBBBBBBB"')
    const signedIn = await signInWith('/screens/AAAAAAAAAAAAAAAAAAAAAA/candidates/BBBBBBBBBBBBBBBBBBBBBB')
    expect(signedIn.status).toBe(303)
    expect(signedIn.headers.get('location')).toBe('/screens/AAAAAAAAAAAAAAAAAAAAAA/candidates/BBBBBBBBBBBBBBBBBBBBBB')
  })

  it('keeps the page to go to when the password was wrong', async () => {
    const res = await post(`${origin}/sign-in`, { email: 'lead@example.com', password: 'not the password at all', next: '/screens/AAAAAAAAAAAAAAAAAAAAAA' })
    expect(res.status).toBe(401)
    expect(await res.text()).toContain('<input type="hidden" name="next" value="/screens/AAAAAAAAAAAAAAAAAAAAAA"')
  })

  it('goes only to a path on this site: another host, however written, gets the usual page (no open redirect)', async () => {
    const elsewhere = ['//evil.example', '//evil.example/screens', 'https://evil.example/', 'http:evil.example', '/\\evil.example', '\\\\evil.example', '/\t/evil.example', 'javascript:alert(1)', 'screens', '']
    for (const next of elsewhere) {
      const res = await signInWith(next)
      expect(res.headers.get('location'), JSON.stringify(next)).toBe('/screens')
      const page = await (await t.app.request(`${origin}/sign-in?next=${encodeURIComponent(next)}`)).text()
      expect(page, JSON.stringify(next)).not.toContain('name="next"')
    }
  })
})
