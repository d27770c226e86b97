import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { userOfApiToken } from '../accounts'
import { AppError } from '../errors'
import { addInvites, createScreen, myScreens, screenResultsInFull } from '../screens'
import type { Deps } from '../sessions'
import type { InviteRow, ScreenRow } from '../store/screens'
import type { User } from '../store/users'
import { InviteInput, ScreenInput } from './schemas'
import { json } from './validate'
import { params } from '../params'

type Env = { Variables: { user: User } }

/** A screen as its owner's client sees it: the owner's internal id stays on the server. */
const publicScreen = ({ userId: _owner, ...screen }: ScreenRow) => screen

/** An invite as both the invite reply and the screen's candidates show it. */
const publicInvite = (i: InviteRow) => ({ id: i.id, candidateName: i.candidateName, candidateEmail: i.candidateEmail, createdAt: i.createdAt, expiresAt: i.expiresAt })

/** Hiring screens over JSON, for a user's API token (`Authorization: Bearer lvl_...`). */
export function screenApi(deps: Deps) {
  const bearer = createMiddleware<Env>(async (c, next) => {
    // The scheme name is case-insensitive (RFC 9110, section 11.1).
    const token = /^Bearer +(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1]
    const user = await userOfApiToken(deps, token)
    if (!user) {
      c.header('WWW-Authenticate', 'Bearer realm="levelset"')
      throw new AppError(401, 'unauthorized', 'a valid API token is needed: Authorization: Bearer <token>')
    }
    c.set('user', user)
    await next()
  })
  return new Hono<Env>()
    .use(bearer)
    .get('/', async (c) => c.json({ screens: (await myScreens(deps, c.var.user)).map(publicScreen) }))
    .post('/', json(ScreenInput), async (c) => c.json(publicScreen(await createScreen(deps, c.var.user, c.req.valid('json'))), 201))
    .get('/:id', params({ id: 'screen' }), async (c) => {
      const { screen, candidates } = await screenResultsInFull(deps, c.var.user, c.req.valid('param').id)
      return c.json({
        screen: publicScreen(screen),
        candidates: candidates.map(({ invite, state, session, result }) => ({
          invite: publicInvite(invite),
          state, startedAt: session?.createdAt ?? null, focusLosses: session?.focusLosses ?? null, result,
        })),
      })
    })
    .post('/:id/invites', params({ id: 'screen' }), json(InviteInput), async (c) => {
      const { candidates, expiresInDays } = c.req.valid('json')
      const invites = await addInvites(deps, c.var.user, c.req.valid('param').id, candidates, expiresInDays)
      const origin = new URL(c.req.url).origin
      return c.json({ invites: invites.map((i) => ({ ...publicInvite(i), url: `${origin}/invite/${i.id}` })) }, 201)
    })
}
