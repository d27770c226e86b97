import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { createRequire } from 'node:module'
import { createApp } from '../app'
import { ConfigError, limitsFromEnv } from '../limits'
import { securityHeaders } from '../security-headers'
import { catalogCache } from '../store/catalog'
import { migrateDatabase, openDatabase, seedDatabase } from './database'

// Node entry: an embedded libSQL file by default, static files from public/ and htmx from its package.

// Settings first, so that a mistake stops the start before anything is opened.
const limits = (() => {
  try {
    return limitsFromEnv(process.env)
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e
    console.error(`Levelset cannot start: ${e.message}`)
    process.exit(1)
  }
})()
const port = Number(process.env.PORT ?? 8787)
const hostname = process.env.HOST ?? '127.0.0.1'
const synchronous = process.env.LIBSQL_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL'
const { db } = await openDatabase(process.env.LIBSQL_URL, { authToken: process.env.LIBSQL_AUTH_TOKEN, synchronous })
await migrateDatabase(db)
const seeded = await seedDatabase(db)
if (seeded.changed) console.log(`question bank loaded: ${seeded.added} added, ${seeded.updated} updated, ${seeded.retired} retired`)

const htmx = createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js')
const server = new Hono()
// The framework's ceiling for `npm run bench`: a route that touches nothing, on this same server.
if (process.env.LEVELSET_BENCH === '1') server.get('/__bench/bare', (c) => c.text('ok'))
server.use('/static/*', securityHeaders)
server.get('/static/htmx.min.js', serveStatic({ path: htmx }))
server.use('/static/*', serveStatic({ root: 'public', rewriteRequestPath: (p) => p.replace(/^\/static/, '') }))
// Load the bank before the first request, so that no taker waits for it.
const catalog = catalogCache()
await catalog.get(db)
// A TCP socket always has a remote address; only a Unix socket would not, and then there is one client.
const app = createApp({ db, catalog, limits, clientKey: (c) => getConnInfo(c).remote.address ?? 'local-socket' })
// Everything that is not a static file goes to the app whole, so that an unknown path gets the app's
// own 404 (a page, or JSON under /api/) rather than this outer router's plain-text one.
server.all('*', (c) => app.fetch(c.req.raw, c.env))

serve({ fetch: server.fetch, port, hostname }, (info) => {
  console.log(`Levelset is listening on http://${info.address}:${info.port}/`)
})
