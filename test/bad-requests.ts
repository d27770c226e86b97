import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { expect } from 'vitest'
import { addUser, issueApiToken } from '../src/accounts'
import type { Db } from '../src/store/db'

// Generated bad requests against every route, shared by the app's fuzz test and the Worker's: none
// may get a 5xx or show a stack trace, every API refusal has the error shape, every HTML refusal
// says why, and no refused request writes anything.

/** Sends a request to the app under test, by whatever transport the test has. */
export type Send = (path: string, init: RequestInit) => Response | Promise<Response>

/** What the fuzzing aims at besides forged ids: a real session, its question, a screen, a signed-in cookie. */
export type Targets = { session: string; question: string; screen: string; signedIn: string; token: string }

/** A practice session, and a signed-in hiring user with a screen, so the fuzzing reaches past the sign-in checks. */
export async function fuzzTargets(send: Send, db: Db, origin: string): Promise<Targets> {
  const started = await send('/api/v1/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'practice', length: 10 }) })
  const s = await started.json() as { id: string; question: { id: string } }
  const user = await addUser({ db, now: Date.now }, 'fuzz@example.com', 'a long enough password')
  const token = await issueApiToken({ db, catalog: undefined as never, now: Date.now }, user, 'fuzz')
  const form = (fields: Record<string, string>, cookie = '') => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie }, body: new URLSearchParams(fields).toString() })
  const signIn = await send('/sign-in', form({ email: 'fuzz@example.com', password: 'a long enough password' }))
  expect(signIn.status).toBe(303)
  const signedIn = signIn.headers.get('set-cookie')!.split(';')[0]!
  const screen = await send('/screens', form({ name: 'Fuzz', targetLevel: 'mid', length: '5', timeLimitMinutes: '10' }, signedIn))
  expect(screen.status).toBe(303)
  return { session: s.id, question: s.question.id, screen: screen.headers.get('location')!.split('/').pop()!, signedIn, token }
}

const weird = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', ' ', '\u0000', '\uFFFF', '\uD800', '𝕏'.repeat(100), '../../etc/passwd', '%00', '<script>alert(1)</script>', "' OR 1=1 --", 'x'.repeat(5000)),
)
// Lone surrogates cannot be URI-encoded; send their raw (invalid UTF-8) bytes instead.
const enc = (s: string) => {
  try { return encodeURIComponent(s) } catch { return '%ED%A0%80' }
}
const sessionId = fc.oneof(
  fc.constant('__real__'),
  fc.constant('__screen__'),
  fc.stringMatching(/^[A-Za-z0-9_-]{22}$/),
  weird.map((s) => enc(s).slice(0, 300) || 'x'),
)
// Every route with its own method, so that most requests get past routing to validation; any path
// with any method as well.
const id = (f: (id: string) => string): fc.Arbitrary<string> => sessionId.map(f)
const routes: [string, fc.Arbitrary<string>][] = [
  ...(['/', '/healthz', '/api/v1/areas', '/api/v1/openapi.json', '/screens', '/account', '/sign-in', '/api/v1/screens', '/api/v2/nothing', '/static/../package.json'] as const)
    .map((path): [string, fc.Arbitrary<string>] => ['GET', fc.constant(path)]),
  ...(['/api/v1/sessions', '/sessions', '/sign-in', '/sign-out', '/screens', '/api/v1/screens', '/account/tokens', '/account/tokens/revoke'] as const)
    .map((path): [string, fc.Arbitrary<string>] => ['POST', fc.constant(path)]),
  ['GET', id((s) => `/api/v1/sessions/${s}`)],
  ['POST', id((s) => `/api/v1/sessions/${s}/responses`)],
  ['GET', id((s) => `/api/v1/sessions/${s}/result`)],
  ['GET', id((s) => `/sessions/${s}`)],
  ['GET', id((s) => `/sessions/${s}/card`)],
  ['GET', id((s) => `/sessions/${s}/result`)],
  ['POST', id((s) => `/sessions/${s}/responses`)],
  ['POST', id((s) => `/sessions/${s}/focus-loss`)],
  ['GET', fc.tuple(sessionId, weird).map(([s, p]) => `/sessions/${s}/feedback/${enc(p) || '0'}`)],
  ['GET', id((s) => `/invite/${s}`)],
  ['POST', id((s) => `/invite/${s}/start`)],
  ['GET', id((s) => `/screens/${s}`)],
  ['GET', id((s) => `/screens/${s}/results.csv`)],
  ['POST', id((s) => `/screens/${s}/invites`)],
  ['GET', fc.tuple(sessionId, sessionId).map(([s, invite]) => `/screens/${s}/candidates/${invite}`)],
  ['GET', id((s) => `/api/v1/screens/${s}`)],
  ['POST', id((s) => `/api/v1/screens/${s}/invites`)],
]
const anyMethod = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD')
const target = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(...routes.map(([method, path]) => fc.record({ method: fc.constant(method), path }))) },
  { weight: 1, arbitrary: fc.record({ method: anyMethod, path: fc.oneof(...routes.map(([, path]) => path)) }) },
)
const jsonBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({ mode: fc.oneof(fc.constantFrom('practice', 'assessment', 'screen-practice'), weird), length: fc.anything(), areas: fc.anything(), extra: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.record({ questionId: fc.oneof(fc.constant('__question__'), weird), answer: fc.anything(), idempotencyKey: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.constantFrom('{', '{"mode":', '[1,2', 'null', '"x"', '{"__proto__":{"admin":true}}', '\u0000'),
  weird,
)
const contentType = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', '', 'image/png')
const badRequest = fc.record({ target, body: jsonBody, contentType, hx: fc.boolean(), signedIn: fc.boolean() })
  .map(({ target, ...r }) => ({ ...target, ...r }))

const userTables = async (db: Db) =>
  (await db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != 'fuzz_writes' order by name`)).map((t) => t.name)

/** Every row of every table, in order: what is stored. */
async function snapshot(db: Db): Promise<string> {
  const out: Record<string, unknown[]> = {}
  for (const table of await userTables(db)) out[table] = await db.all(sql.raw(`select * from "${table}" order by rowid`))
  return JSON.stringify(out)
}

/**
 * Counts every row written to any table, by whichever connection writes it (the server's own, or
 * the Worker's through Hrana), so that each refused request can be checked to have written none.
 */
async function countWrites(db: Db): Promise<() => Promise<number>> {
  await db.run(sql`create table fuzz_writes (n integer not null)`)
  await db.run(sql`insert into fuzz_writes values (0)`)
  for (const table of await userTables(db)) {
    for (const op of ['insert', 'update', 'delete']) {
      await db.run(sql.raw(`create trigger "fuzz_${table}_${op}" after ${op} on "${table}" begin update fuzz_writes set n = n + 1; end`))
    }
  }
  return async () => (await db.get<{ n: number }>(sql`select n from fuzz_writes`))!.n
}

/**
 * Sends `runs` generated requests, each checked as it comes back. The generator aims at refusals
 * (no valid request among them for this seed writes anything), so afterwards the database must hold
 * exactly what it held before.
 */
export async function sendBadRequests(send: Send, db: Db, origin: string, targets: Targets, runs: number): Promise<void> {
  const before = await snapshot(db)
  const writes = await countWrites(db)
  let sent = 0
  await fc.assert(
    fc.asyncProperty(badRequest, async (r) => {
      const path = r.path.replace('__real__', targets.session).replace('__screen__', targets.screen)
      // Forms from other sites are refused by CSRF protection; same-origin ones get through to validation.
      const headers: Record<string, string> = { origin }
      if (r.contentType) headers['content-type'] = r.contentType
      if (r.hx) headers['hx-request'] = 'true'
      // Signed in: the cookie for the pages, the token for the API. Signing out is a valid write;
      // every other signed-in request here is a bad one.
      if (r.signedIn && r.path !== '/sign-out') {
        if (r.path.startsWith('/api/')) headers.authorization = `Bearer ${targets.token}`
        else headers.cookie = targets.signedIn
      }
      const withBody = !['GET', 'HEAD'].includes(r.method)
      const written = await writes()
      const res = await send(path, { method: r.method, headers, ...(withBody ? { body: r.body.replace('__question__', targets.question) } : {}) })
      sent++
      const text = r.method === 'HEAD' ? '' : await res.text()
      expect(res.status, `${r.method} ${path}: ${text.slice(0, 300)}`).toBeLessThan(500)
      if (res.status >= 400) expect(await writes(), `${r.method} ${path} was refused with ${res.status} but wrote`).toBe(written)
      if (res.status >= 400 && new URL(path, origin).pathname.startsWith('/api/') && r.method !== 'HEAD') {
        const body = JSON.parse(text) as { error: { code: unknown; message: unknown } }
        expect(typeof body.error.code).toBe('string')
        expect(typeof body.error.message).toBe('string')
      }
      // The HTML side says why on the page, or in the card that htmx swaps in.
      if (res.status >= 400 && r.method !== 'HEAD' && res.headers.get('content-type')?.includes('text/html')) expect(text).toMatch(/role="alert"/)
      expect(text).not.toMatch(/at .*\.ts:\d+|Error: .*\n\s+at /)
    }),
    { numRuns: runs, seed: 20261126 },
  )
  expect(sent).toBe(runs)
  expect(await writes()).toBe(0)
  expect(await snapshot(db)).toBe(before)
}
