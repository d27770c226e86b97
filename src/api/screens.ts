import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { userOfApiToken } from '../accounts'
import { AppError } from '../errors'
import { addInvites, createScreen, myScreens, screenResultsInFull } from '../screens'
import type { Deps } from '../sessions'
import type { User } from '../store/users'
import { InviteInput, ScreenInput } from './schemas'
import { json } from './validate'

type Env = { Variables: { user: User } }

/** Hiring screens over JSON, for a user's API token (`Authorization: Bearer lvl_...`). */
export function screenApi(deps: Deps) {
  const bearer = createMiddleware<Env>(async (c, next) => {
    const token = /^Bearer (\S+)$/.exec(c.req.header('Authorization') ?? '')?.[1]
    const user = await userOfApiToken(deps, token)
    if (!user) throw new AppError(401, 'unauthorized', 'a valid API token is needed: Authorization: Bearer <token>')
    c.set('user', user)
    await next()
  })
  return new Hono<Env>()
    .use(bearer)
    .get('/', async (c) => c.json({ screens: await myScreens(deps, c.var.user) }))
    .post('/', json(ScreenInput), async (c) => c.json(await createScreen(deps, c.var.user, c.req.valid('json')), 201))
    .get('/:id', async (c) => {
      const { screen, candidates } = await screenResultsInFull(deps, c.var.user, c.req.param('id'))
      return c.json({
        screen,
        candidates: candidates.map(({ invite, state, session, result }) => ({
          invite: { id: invite.id, candidateName: invite.candidateName, candidateEmail: invite.candidateEmail, createdAt: invite.createdAt, expiresAt: invite.expiresAt },
          state, startedAt: session?.createdAt ?? null, focusLosses: session?.focusLosses ?? null, result,
        })),
      })
    })
    .post('/:id/invites', json(InviteInput), async (c) => {
      const { candidates, expiresInDays } = c.req.valid('json')
      const invites = await addInvites(deps, c.var.user, c.req.param('id'), candidates, expiresInDays)
      const origin = new URL(c.req.url).origin
      return c.json({ invites: invites.map((i) => ({ id: i.id, url: `${origin}/invite/${i.id}`, candidateName: i.candidateName, candidateEmail: i.candidateEmail })) }, 201)
    })
}
