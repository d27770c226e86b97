import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { createRequire } from 'node:module'
import { createApp } from '../app'
import { catalogCache } from '../store/catalog'
import { migrateDatabase, openDatabase, seedDatabase } from './database'

// Node entry: an embedded libSQL file by default, static files from public/ and htmx from its package.

const port = Number(process.env.PORT ?? 8787)
const hostname = process.env.HOST ?? '127.0.0.1'
const synchronous = process.env.LIBSQL_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL'
const { db } = await openDatabase(process.env.LIBSQL_URL, process.env.LIBSQL_AUTH_TOKEN, synchronous)
await migrateDatabase(db)
const seeded = await seedDatabase(db)
if (seeded.changed) console.log(`question bank loaded: ${seeded.added} added, ${seeded.updated} updated, ${seeded.retired} retired`)

const htmx = createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js')
const server = new Hono()
// The framework's ceiling for `npm run bench`: a route that touches nothing, on this same server.
if (process.env.LEVELSET_BENCH === '1') server.get('/__bench/bare', (c) => c.text('ok'))
server.get('/static/htmx.min.js', serveStatic({ path: htmx }))
server.use('/static/*', serveStatic({ root: 'public', rewriteRequestPath: (p) => p.replace(/^\/static/, '') }))
const perMinute = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined)
// Load the bank before the first request, so that no taker waits for it.
const catalog = catalogCache()
await catalog.get(db)
server.route('/', createApp({
  db,
  catalog,
  clientKey: (c) => getConnInfo(c).remote.address ?? 'unknown',
  limits: {
    ...(perMinute('RATE_LIMIT_SESSIONS') ? { sessionsPerMinute: perMinute('RATE_LIMIT_SESSIONS')! } : {}),
    ...(perMinute('RATE_LIMIT_ANSWERS') ? { answersPerMinute: perMinute('RATE_LIMIT_ANSWERS')! } : {}),
  },
}))

serve({ fetch: server.fetch, port, hostname }, (info) => {
  console.log(`Levelset is listening on http://${info.address}:${info.port}/`)
})
