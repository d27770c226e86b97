import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import * as z from 'zod'
import { apiTokensOf, issueApiToken, signIn, signOut, userOfSignIn } from '../accounts'
import { AppError } from '../errors'
import { addInvites, candidateReport, createScreen, myScreens, noteFocusLoss, openInvite, resultsCsv, screenResults, startFromInvite } from '../screens'
import type { Deps } from '../sessions'
import type { User } from '../store/users'
import { ScreenInput, invitesFromText } from '../api/schemas'
import { readForm } from './form'
import { ResultPage } from './result'
import { AccountPage, SignInPage } from './sign-in'
import { candidateName, InvitePage, ScreensPage, ScreenPage } from './screens'

const cookieName = 'levelset_signin'
type Env = { Variables: { user: User } }
type Body = Record<string, string | File | (string | File)[]>
const text = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined)
const list = (body: Body, key: string) => [body[key] ?? []].flat().filter((v): v is string => typeof v === 'string')

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value)
  if (!result.success) throw new AppError(400, 'invalid-form', result.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; '))
  return result.data
}

/** Hiring-team pages (signed in with a cookie) and the candidate's invite pages. */
export function hiringRoutes(deps: Deps) {
  const web = new Hono<Env>()

  const signedIn = createMiddleware<Env>(async (c, next) => {
    const user = await userOfSignIn(deps, getCookie(c, cookieName))
    if (!user) return c.redirect('/sign-in', 303)
    c.set('user', user)
    await next()
  })

  web.get('/sign-in', (c) => c.render(<SignInPage />, { title: 'Sign in' }))
  web.post('/sign-in', async (c) => {
    const body = await readForm(c)
    const email = text(body, 'email') ?? ''
    try {
      const { token, expiresAt } = await signIn(deps, email, text(body, 'password') ?? '')
      setCookie(c, cookieName, token, { httpOnly: true, sameSite: 'Lax', path: '/', secure: new URL(c.req.url).protocol === 'https:', expires: new Date(expiresAt) })
      return c.redirect('/screens', 303)
    } catch (e) {
      if (!(e instanceof AppError)) throw e
      c.status(e.status)
      return c.render(<SignInPage error={e.message} email={email} />, { title: 'Sign in' })
    }
  })
  web.post('/sign-out', async (c) => {
    const token = getCookie(c, cookieName)
    if (token) await signOut(deps, token)
    deleteCookie(c, cookieName, { path: '/' })
    return c.redirect('/', 303)
  })

  web.get('/account', signedIn, async (c) => c.render(<AccountPage email={c.var.user.email} tokens={await apiTokensOf(deps, c.var.user)} />, { title: 'Account' }))
  web.post('/account/tokens', signedIn, async (c) => {
    const name = parse(z.string().trim().min(1).max(60), text(await readForm(c), 'name'))
    const token = await issueApiToken(deps, c.var.user, name)
    return c.render(<AccountPage email={c.var.user.email} tokens={await apiTokensOf(deps, c.var.user)} newToken={token} />, { title: 'Account' })
  })

  web.get('/screens', signedIn, async (c) => c.render(<ScreensPage screens={await myScreens(deps, c.var.user)} catalog={await deps.catalog.get(deps.db)} />, { title: 'Screens' }))
  web.post('/screens', signedIn, async (c) => {
    const body = await readForm(c)
    const areas = list(body, 'areas')
    const input = parse(ScreenInput, {
      name: text(body, 'name'), ...(areas.length ? { areas } : {}), targetLevel: text(body, 'targetLevel'), length: Number(text(body, 'length')),
      timeLimitMinutes: Number(text(body, 'timeLimitMinutes')), form: text(body, 'form') ?? 'adaptive', showResult: text(body, 'showResult') === '1',
    })
    const screen = await createScreen(deps, c.var.user, input)
    return c.redirect(`/screens/${screen.id}`, 303)
  })
  web.get('/screens/:id', signedIn, async (c) => {
    const { screen, candidates, catalog } = await screenResults(deps, c.var.user, c.req.param('id'))
    return c.render(<ScreenPage screen={screen} candidates={candidates} catalog={catalog} origin={new URL(c.req.url).origin} />, { title: screen.name })
  })
  web.post('/screens/:id/invites', signedIn, async (c) => {
    const body = await readForm(c)
    const count = Number(text(body, 'count') || 0)
    const days = Number(text(body, 'expiresInDays') || 0)
    const candidates = [...invitesFromText(text(body, 'candidates') ?? ''), ...Array.from({ length: Number.isInteger(count) && count > 0 && count <= 200 ? count : 0 }, () => ({}))]
    if (!candidates.length) throw new AppError(400, 'no-candidates', 'name at least one candidate or ask for a number of links')
    if (candidates.length > 200) throw new AppError(400, 'too-many-candidates', 'at most 200 invites at a time')
    await addInvites(deps, c.var.user, c.req.param('id'), candidates, Number.isInteger(days) && days > 0 && days <= 365 ? days : undefined)
    return c.redirect(`/screens/${c.req.param('id')}`, 303)
  })
  web.get('/screens/:id/results.csv', signedIn, async (c) => {
    const { screen, candidates, catalog } = await screenResults(deps, c.var.user, c.req.param('id'))
    c.header('Content-Disposition', `attachment; filename="screen-${screen.id}.csv"`)
    return c.body(resultsCsv(screen, candidates, catalog), 200, { 'Content-Type': 'text/csv; charset=utf-8' })
  })
  web.get('/screens/:id/candidates/:invite', signedIn, async (c) => {
    const { screen, candidate } = await candidateReport(deps, c.var.user, c.req.param('id'), c.req.param('invite'))
    if (!candidate.result) throw new AppError(409, 'not-finished', 'this candidate has not finished the screen yet')
    return c.render(
      <>
        <p><a href={`/screens/${screen.id}`}>← {screen.name}</a></p>
        <section class="card"><h1>{candidateName(candidate.invite)}</h1><p>Focus losses: {candidate.session?.focusLosses ?? 0} (information only).</p></section>
        <ResultPage r={candidate.result} />
      </>,
      { title: 'Candidate report' },
    )
  })

  web.get('/invite/:id', async (c) => {
    const { screen, invite, state } = await openInvite(deps, c.req.param('id'))
    return c.render(<InvitePage screen={screen} invite={invite} state={state} catalog={await deps.catalog.get(deps.db)} />, { title: screen.name })
  })
  web.post('/invite/:id/start', async (c) => c.redirect(`/sessions/${await startFromInvite(deps, c.req.param('id'))}`, 303))
  web.post('/sessions/:id/focus-loss', async (c: Context) => {
    await noteFocusLoss(deps, c.req.param('id')!)
    return c.body(null, 204)
  })
  return web
}
