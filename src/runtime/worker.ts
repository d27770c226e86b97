import { createClient } from '@libsql/client/web'
import { drizzle } from 'drizzle-orm/libsql/web'
import type { ExecutionContext } from 'hono'
import { createApp } from '../app'
import { ConfigError, limitsFromEnv } from '../limits'
import { catalogCache } from '../store/catalog'
import { schema } from '../store/db'

// Cloudflare Workers entry: a remote libSQL database (Turso, or any sqld) over HTTP with
// `@libsql/client/web`. Static files (public/ and htmx) are served by Workers static assets before a
// request reaches this code (see wrangler.toml and scripts/worker-assets.ts). The database is
// migrated and loaded from the CLI before a deploy (npm run db:migrate / db:seed -- --url ...).

export type Env = {
  /** `libsql://<db>-<org>.turso.io` (a secret: `wrangler secret put LIBSQL_URL`). */
  LIBSQL_URL?: string
  /** The database token (a secret: `wrangler secret put LIBSQL_AUTH_TOKEN`). */
  LIBSQL_AUTH_TOKEN?: string
  /** Rate limits per minute ([vars] in wrangler.toml); per isolate, a first line of defence. */
  RATE_LIMIT_SESSIONS?: string
  RATE_LIMIT_ANSWERS?: string
  RATE_LIMIT_SIGN_INS?: string
}

// One client, one app and one bank cache per isolate, built by the first request (env comes with it):
// later requests reuse the item bank instead of reloading it.
let isolate: { app: ReturnType<typeof createApp>; warm: () => Promise<unknown> } | undefined

function appFor(env: Env) {
  if (!env.LIBSQL_URL) throw new ConfigError('LIBSQL_URL is not set: `wrangler secret put LIBSQL_URL` (see .dev.vars.example)')
  const limits = limitsFromEnv(env)
  // No client-wide queue: past its default of 20 calls in flight, the client would run a queued call
  // when another request's call ends, as I/O of that other request, which workerd cancels as hung
  // (0 does not lift the limit in @libsql/client 0.18; Infinity does).
  const client = createClient({ url: env.LIBSQL_URL, concurrency: Infinity, ...(env.LIBSQL_AUTH_TOKEN ? { authToken: env.LIBSQL_AUTH_TOKEN } : {}) })
  const db = drizzle(client, { schema })
  const catalog = catalogCache()
  const app = createApp({
    db,
    catalog,
    // The client's address as Cloudflare saw it. Cloudflare and wrangler dev set it on every request,
    // so the named fallback bucket stays empty unless something else runs the Worker.
    clientKey: (c) => c.req.header('cf-connecting-ip') ?? 'no-cf-connecting-ip',
    limits,
  })
  return { app, warm: () => catalog.get(db).catch(() => undefined) }
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    try {
      isolate ??= appFor(env)
    } catch (e) {
      console.error(e)
      // Only our own configuration messages are shown: a client library's might quote a secret.
      const why = e instanceof ConfigError ? e.message : 'LIBSQL_URL is invalid'
      return new Response(`Levelset is misconfigured: ${why} (see the Worker logs).\n`, { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } })
    }
    // Concurrent requests share the first one's load of the bank: waitUntil lets that load finish
    // even if its own client goes away, so the others are not left waiting on a cancelled request.
    ctx.waitUntil(isolate.warm())
    return isolate.app.fetch(request, env, ctx)
  },
}
