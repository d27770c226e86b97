import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { sql } from 'drizzle-orm'
import { apiRoutes } from './api/routes'
import { AppError } from './errors'
import { catalogCache, type CatalogCache } from './store/catalog'
import type { Db } from './store/db'
import type { Deps } from './sessions'
import { webRoutes } from './web/routes'
import { errorCard, errorPage } from './web/error'

export type AppOptions = { db: Db; catalog?: CatalogCache; now?: () => number; maxBodyBytes?: number }

/** The whole app, free of any runtime: each entry hands in its database and serves static files itself. */
export function createApp(options: AppOptions) {
  const deps: Deps = { db: options.db, catalog: options.catalog ?? catalogCache(), now: options.now ?? Date.now }
  const app = new Hono()

  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"], objectSrc: ["'none'"],
    },
    referrerPolicy: 'same-origin',
  }))
  app.use(bodyLimit({
    maxSize: options.maxBodyBytes ?? 16 * 1024,
    onError: () => {
      throw new AppError(413, 'body-too-large', 'request body is too large')
    },
  }))

  app.get('/healthz', async (c) => {
    await deps.db.run(sql`select 1`)
    return c.json({ status: 'ok' })
  })
  app.route('/api/v1', apiRoutes(deps))
  app.route('/', webRoutes(deps))

  app.notFound((c) => (isApi(c.req.path) ? c.json(errorBody(404, 'not-found', 'not found'), 404) : c.html(errorPage(404, 'Page not found'), 404)))
  app.onError((err, c) => {
    const { status, code, message, details } = describe(err)
    if (status >= 500) console.error(err)
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
