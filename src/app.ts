import { Hono, type Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { rateLimiter } from './rate-limit'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { normalEmail } from './accounts'
import { apiRoutes } from './api/routes'
import { AppError } from './errors'
import { defaultLimits, type Limits } from './limits'
import { catalogCache, type CatalogCache } from './store/catalog'
import { securityHeaders } from './security-headers'
import { ping, type Db } from './store/db'
import type { Deps } from './sessions'
import { readForm } from './web/form'
import { webRoutes } from './web/routes'
import { errorCard, errorPage } from './web/error'

export type AppOptions = {
  db: Db
  catalog?: CatalogCache
  now?: () => number
  maxBodyBytes?: number
  limits?: Partial<Limits>
  /**
   * Who is asking, for rate limits: the entry knows (socket address on Node, CF-Connecting-IP on
   * Workers). Required, so that no entry puts every client in one shared bucket by forgetting it.
   */
  clientKey: (c: Context) => string
}

const invitePaths = /^\/(api\/v1\/)?screens\/[^/]+\/invites$/

/** The whole app, free of any runtime: each entry hands in its database and serves static files itself. */
export function createApp(options: AppOptions) {
  const deps: Deps = { db: options.db, catalog: options.catalog ?? catalogCache(), now: options.now ?? Date.now }
  const app = new Hono()

  app.use(securityHeaders)
  const limitBody = (maxSize: number) => {
    const tooLarge = () => {
      throw new AppError(413, 'body-too-large', `request body is too large (at most ${Math.round(maxSize / 1024)} KiB)`)
    }
    const counted = bodyLimit({ maxSize, onError: tooLarge })
    // A declared length is checked without touching the body (the HTTP parser holds the body to
    // it), and no route reads a GET's body. Reading c.req.raw.body, as bodyLimit does first, makes
    // the Node adapter build a whole web Request and stream: a tenth of an answer's time.
    return createMiddleware(async (c, next) => {
      const length = c.req.header('content-length')
      const declared = c.req.header('transfer-encoding') === undefined && length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined
      if (declared === undefined && c.req.method !== 'GET' && c.req.method !== 'HEAD') return counted(c, next)
      if ((declared ?? 0) > maxSize) tooLarge()
      await next()
    })
  }
  const small = limitBody(options.maxBodyBytes ?? 16 * 1024)
  // 200 invites with names and e-mails of the longest the schema allows come to about 85 KB.
  const invites = limitBody(128 * 1024)
  app.use((c, next) => (invitePaths.test(c.req.path) ? invites : small)(c, next))

  const limits = { ...defaultLimits, ...options.limits }
  const { clientKey } = options
  const perClientStarts = rateLimiter({ capacity: limits.sessionsPerMinute, perSeconds: 60 }, deps.now)
  const perClientAnswers = rateLimiter({ capacity: limits.answersPerMinute * 10, perSeconds: 60 }, deps.now)
  const perSessionAnswers = rateLimiter({ capacity: limits.answersPerMinute, perSeconds: 60 }, deps.now)
  // Password guessing is limited from each client and against each account, whichever runs out first.
  const perClientSignIns = rateLimiter({ capacity: limits.signInsPerMinute, perSeconds: 60 }, deps.now)
  const perEmailSignIns = rateLimiter({ capacity: limits.signInsPerMinute, perSeconds: 60 }, deps.now)
  const refuse = (wait: number, what = 'too many requests') => {
    if (wait > 0) throw new AppError(429, 'rate-limited', `${what}; try again in ${wait} s`, { retryAfter: wait })
  }
  const starts = createMiddleware(async (c, next) => {
    refuse(perClientStarts.take(clientKey(c)))
    await next()
  })
  const answers = createMiddleware(async (c, next) => {
    refuse(perSessionAnswers.take(c.req.param('id') ?? '') || perClientAnswers.take(clientKey(c)))
    await next()
  })
  const signIns = createMiddleware(async (c, next) => {
    // The handler reads the same form again from Hono's body cache.
    const email = await readForm(c).then((body) => (typeof body.email === 'string' ? body.email : ''), () => '')
    refuse(perClientSignIns.take(clientKey(c)) || perEmailSignIns.take(normalEmail(email).slice(0, 254)), 'too many sign-in attempts')
    await next()
  })
  app.post('/api/v1/sessions', starts)
  app.post('/sessions', starts)
  app.post('/invite/:id/start', starts)
  app.post('/api/v1/sessions/:id/responses', answers)
  app.post('/sessions/:id/responses', answers)
  app.post('/sign-in', signIns)

  app.get('/healthz', async (c) => {
    try {
      await ping(deps.db)
    } catch (e) {
      console.error('health check: the database does not answer', e)
      return c.json(errorBody(503, 'unavailable', 'the database does not answer'), 503)
    }
    return c.json({ status: 'ok' })
  })
  app.route('/api/v1', apiRoutes(deps))
  app.route('/', webRoutes(deps))

  app.notFound((c) => (isApi(c.req.path) ? c.json(errorBody(404, 'not-found', 'not found'), 404) : c.html(errorPage(404, 'Page not found'), 404)))
  app.onError((err, c) => {
    const { status, code, message, details } = describe(err)
    if (status >= 500) console.error(err)
    if (status === 429) c.header('Retry-After', String((details as { retryAfter: number }).retryAfter))
    if (isApi(c.req.path)) return c.json(errorBody(status, code, message, details), status)
    // htmx swaps 4xx answers into the card, so it gets a card, not a whole page.
    return c.html(c.req.header('HX-Request') === 'true' ? errorCard(c.req.path, message) : errorPage(status, message), status)
  })
  return app
}

const isApi = (path: string) => path.startsWith('/api/')
const errorBody = (_status: number, code: string, message: string, details?: unknown) => ({ error: { code, message, ...(details === undefined ? {} : { details }) } })

function describe(err: Error): { status: AppError['status']; code: string; message: string; details?: unknown } {
  if (err instanceof AppError) return err
  if (err instanceof HTTPException) {
    // Hono's own refusals (malformed JSON, wrong content type) are the client's mistake.
    return { status: err.status as AppError['status'], code: 'bad-request', message: err.message || 'bad request' }
  }
  return { status: 500, code: 'internal', message: 'something went wrong on our side' }
}
