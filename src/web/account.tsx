import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { signIn, signOut, userOfSignIn } from '../accounts'
import { AppError } from '../errors'
import type { Deps } from '../sessions'
import type { User } from '../store/users'
import { readForm } from './form'
import { SignInPage } from './sign-in'

// The sign-in cookie of the hiring team's pages: the routes that set and clear it, and the check
// that reads it.

// No __Host- prefix: it requires Secure, so the name would differ between local http and https, and
// every reader of the cookie would have to know which.
const cookieName = 'levelset_signin'
const localHosts = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Secure unless the request is plain http to this machine. Behind a proxy that ends TLS the app sees
 * http to the public name, so the test is "local", not "https": elsewhere plain http gets no working
 * sign-in rather than a cookie that travels in clear text.
 */
function signInCookieSecure(url: string): boolean {
  const { protocol, hostname } = new URL(url)
  return !(protocol === 'http:' && localHosts.has(hostname))
}

const cookieOptions = (c: Context) => ({ httpOnly: true, sameSite: 'Lax', path: '/', secure: signInCookieSecure(c.req.url) }) as const

const signInToken = (c: Context) => getCookie(c, cookieName)

/** Lets a signed-in user on, with `c.var.user`; anyone else goes to the sign-in page. */
export const signedIn = (deps: Deps) => createMiddleware<{ Variables: { user: User } }>(async (c, next) => {
  const user = await userOfSignIn(deps, signInToken(c))
  if (!user) return c.redirect('/sign-in', 303)
  c.set('user', user)
  await next()
})

export function accountRoutes(deps: Deps) {
  const web = new Hono()
  web.get('/sign-in', (c) => c.render(<SignInPage />, { title: 'Sign in' }))
  web.post('/sign-in', async (c) => {
    const body = await readForm(c)
    const email = typeof body.email === 'string' ? body.email : ''
    try {
      const { token, expiresAt } = await signIn(deps, email, typeof body.password === 'string' ? body.password : '')
      setCookie(c, cookieName, token, { ...cookieOptions(c), expires: new Date(expiresAt) })
      return c.redirect('/screens', 303)
    } catch (e) {
      if (!(e instanceof AppError)) throw e
      c.status(e.status)
      return c.render(<SignInPage error={e.message} email={email} />, { title: 'Sign in' })
    }
  })
  web.post('/sign-out', async (c) => {
    const token = signInToken(c)
    if (token) await signOut(deps, token)
    deleteCookie(c, cookieName, cookieOptions(c))
    return c.redirect('/', 303)
  })
  return web
}
