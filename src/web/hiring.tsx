import { Hono, type Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import * as z from 'zod'
import { apiTokensOf, issueApiToken, revokeApiToken } from '../accounts'
import { tokenHash } from '../password'
import { AppError } from '../errors'
import { addInvites, candidateReport, createScreen, currentCatalog, myScreens, noteFocusLoss, openInvite, resultsCsv, screenResults, startFromInvite } from '../screens'
import type { Deps } from '../sessions'
import type { User } from '../store/users'
import { signedIn } from './account'
import { inviteInput, one, parseForm, readForm, screenInput } from './form'
import { ResultPage } from './result'
import { AccountPage } from './sign-in'
import { candidateName, InvitePage, ScreensPage, ScreenPage } from './screens'
import { params } from '../params'

type Env = { Variables: { user: User } }

/** The `created` count of the address after making invites; anything else there says nothing. */
const createdCount = (value: string | undefined) => (value && /^[1-9]\d{0,4}$/.test(value) ? Number(value) : undefined)

// These pages carry candidates' names, e-mails, results and API tokens: no browser or proxy cache
// may keep a copy, for the back button or the next user of a shared machine to find.
const noStore = createMiddleware(async (c, next) => {
  await next()
  c.header('Cache-Control', 'no-store')
})

/** Hiring-team pages (signed in with a cookie) and the candidate's invite pages. */
export function hiringRoutes(deps: Deps) {
  const web = new Hono<Env>()
  for (const path of ['/account', '/account/*', '/screens', '/screens/*', '/invite/*']) web.use(path, noStore)
  const team = signedIn(deps)

  web.get('/account', team, async (c) => c.render(<AccountPage email={c.var.user.email} tokens={await apiTokensOf(deps, c.var.user)} />, { title: 'Account' }))
  web.post('/account/tokens', team, async (c) => {
    const name = parseForm(z.string().trim().min(1).max(60), one((await readForm(c)).name))
    const token = await issueApiToken(deps, c.var.user, name)
    const page = <AccountPage email={c.var.user.email} tokens={await apiTokensOf(deps, c.var.user)} newToken={token} newTokenId={await tokenHash(token)} />
    return c.render(page, { title: 'Account' })
  })
  web.post('/account/tokens/revoke', team, async (c) => {
    const id = parseForm(z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'not a token id'), one((await readForm(c)).id))
    const tokens = await apiTokensOf(deps, c.var.user)
    await revokeApiToken(deps, c.var.user, id)
    // The list as it was, less the revoked one: read once.
    const page = <AccountPage email={c.var.user.email} tokens={tokens.filter((t) => t.id !== id)} revoked={tokens.find((t) => t.id === id)?.name} />
    return c.render(page, { title: 'Account' })
  })

  web.get('/screens', team, async (c) => {
    const [screens, catalog] = await Promise.all([myScreens(deps, c.var.user), currentCatalog(deps)])
    return c.render(<ScreensPage screens={screens} catalog={catalog} />, { title: 'Screens' })
  })
  web.post('/screens', team, async (c) => {
    const screen = await createScreen(deps, c.var.user, screenInput(await readForm(c)))
    return c.redirect(`/screens/${screen.id}`, 303)
  })
  const screenPage = async (c: Context<Env>, screenId: string, invite?: { error: string; candidates: string; count: string; expiresInDays: string }) => {
    const { screen, candidates, catalog } = await screenResults(deps, c.var.user, screenId)
    const created = invite ? undefined : createdCount(c.req.query('created'))
    return c.render(<ScreenPage screen={screen} candidates={candidates} catalog={catalog} origin={new URL(c.req.url).origin} invite={invite} created={created} />, { title: screen.name })
  }
  web.get('/screens/:id', team, params({ id: 'screen' }), (c) => screenPage(c, c.req.valid('param').id))
  web.post('/screens/:id/invites', team, params({ id: 'screen' }), async (c) => {
    const { id } = c.req.valid('param')
    const body = await readForm(c)
    let input
    try {
      input = inviteInput(body)
    } catch (e) {
      // The same page again with the reason and what was typed, so a long list is not lost.
      if (!(e instanceof AppError)) throw e
      c.status(e.status)
      return screenPage(c, id, { error: e.message, candidates: one(body.candidates) ?? '', count: one(body.count) ?? '', expiresInDays: one(body.expiresInDays) ?? '' })
    }
    const invites = await addInvites(deps, c.var.user, id, input.candidates, input.expiresInDays)
    // The count rides on the redirect, so that the page after it can say the links were made.
    return c.redirect(`/screens/${id}?created=${invites.length}#invite-links`, 303)
  })
  web.get('/screens/:id/results.csv', team, params({ id: 'screen' }), async (c) => {
    const { screen, candidates, catalog } = await screenResults(deps, c.var.user, c.req.valid('param').id)
    c.header('Content-Disposition', `attachment; filename="screen-${screen.id}.csv"`)
    return c.body(resultsCsv(screen, candidates, catalog), 200, { 'Content-Type': 'text/csv; charset=utf-8' })
  })
  web.get('/screens/:id/candidates/:invite', team, params({ id: 'screen', invite: 'invite' }), async (c) => {
    const { id, invite } = c.req.valid('param')
    const { screen, candidate } = await candidateReport(deps, c.var.user, id, invite)
    if (!candidate.result) throw new AppError(409, 'not-finished', 'this candidate has not finished the screen yet')
    return c.render(
      <>
        <p><a href={`/screens/${screen.id}`}>← {screen.name}</a></p>
        <section class="card"><h1>{candidateName(candidate.invite)}</h1><p>Focus losses: {candidate.session?.focusLosses ?? 0} (information only).</p></section>
        <ResultPage r={candidate.result} team />
      </>,
      { title: 'Candidate report' },
    )
  })

  web.get('/invite/:id', params({ id: 'invite' }), async (c) => {
    const { screen, invite, state, catalog } = await openInvite(deps, c.req.valid('param').id)
    return c.render(<InvitePage screen={screen} invite={invite} state={state} catalog={catalog} />, { title: screen.name })
  })
  web.post('/invite/:id/start', params({ id: 'invite' }), async (c) => c.redirect(`/sessions/${await startFromInvite(deps, c.req.valid('param').id)}`, 303))
  web.post('/sessions/:id/focus-loss', params({ id: 'session' }), async (c) => {
    await noteFocusLoss(deps, c.req.valid('param').id)
    return c.body(null, 204)
  })
  return web
}
