import fc from 'fast-check'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser } from '../../src/accounts'
import { startEdge, type Edge } from './edge'

// A smaller run of test/api/fuzz.test.ts through the Worker in workerd: generated bad requests to
// every route get no 5xx, API refusals keep the JSON error shape, and the harness's database file
// holds afterwards exactly what it held before.

let edge: Edge
let origin: string
let realSession: string
let realQuestion: string
let realScreen: string
let signedIn: string
beforeAll(async () => {
  edge = await startEdge()
  origin = edge.base.origin
  const started = await fetch(new URL('/api/v1/sessions', edge.base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'practice', length: 10 }) })
  const s = await started.json() as { id: string; question: { id: string } }
  realSession = s.id
  realQuestion = s.question.id
  // A signed-in hiring user with a screen, so the fuzzing reaches past the sign-in checks too.
  await addUser({ db: edge.db, now: Date.now }, 'fuzz@example.com', 'a long enough password')
  const form = (fields: Record<string, string>, cookie = '') => ({ method: 'POST', redirect: 'manual' as const, headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie }, body: new URLSearchParams(fields).toString() })
  const res = await fetch(new URL('/sign-in', edge.base), form({ email: 'fuzz@example.com', password: 'a long enough password' }))
  expect(res.status).toBe(303)
  signedIn = res.headers.get('set-cookie')!.split(';')[0]!
  const screen = await fetch(new URL('/screens', edge.base), form({ name: 'Fuzz', targetLevel: 'mid', length: '5', timeLimitMinutes: '10' }, signedIn))
  expect(screen.status).toBe(303)
  realScreen = screen.headers.get('location')!.split('/').pop()!
}, 60_000)
afterAll(() => edge?.close())

const tables = ['sessions', 'responses', 'questions', 'users', 'sign_ins', 'api_tokens', 'screens', 'invites', 'meta']
async function snapshot() {
  const out: Record<string, unknown[]> = {}
  for (const table of tables) out[table] = (await edge.db.all(sql.raw(`select * from ${table} order by rowid`))) as unknown[]
  return JSON.stringify(out)
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
const path = fc.oneof(
  fc.constantFrom('/', '/healthz', '/api/v1/areas', '/api/v1/sessions', '/sessions', '/sign-in', '/sign-out', '/screens', '/account', '/api/v1/screens', '/api/v1/openapi.json', '/api/v2/nothing', '/static/../package.json'),
  sessionId.map((id) => `/api/v1/sessions/${id}`),
  sessionId.map((id) => `/api/v1/sessions/${id}/responses`),
  sessionId.map((id) => `/api/v1/sessions/${id}/result`),
  sessionId.map((id) => `/sessions/${id}`),
  sessionId.map((id) => `/sessions/${id}/responses`),
  fc.tuple(sessionId, weird).map(([id, p]) => `/sessions/${id}/feedback/${enc(p) || '0'}`),
  sessionId.map((id) => `/invite/${id}`),
  sessionId.map((id) => `/invite/${id}/start`),
  sessionId.map((id) => `/screens/${id}`),
  sessionId.map((id) => `/screens/${id}/results.csv`),
  sessionId.map((id) => `/api/v1/screens/${id}/invites`),
  sessionId.map((id) => `/screens/${id}/invites`),
  fc.tuple(sessionId, sessionId).map(([id, invite]) => `/screens/${id}/candidates/${invite}`),
  fc.constantFrom('/account/tokens', '/screens'),
)
const jsonBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({ mode: fc.oneof(fc.constantFrom('practice', 'assessment', 'screen-practice'), weird), length: fc.anything(), areas: fc.anything(), extra: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.record({ questionId: fc.oneof(fc.constant('__question__'), weird), answer: fc.anything(), idempotencyKey: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.constantFrom('{', '{"mode":', '[1,2', 'null', '"x"', '{"__proto__":{"admin":true}}', '\u0000'),
  weird,
)
const contentType = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', '', 'image/png')
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD')
const request = fc.record({ method, path, body: jsonBody, contentType, hx: fc.boolean(), signedIn: fc.boolean() })

const runs = 500

describe('generated bad requests through the Worker', () => {
  it('never get a 5xx, keep the error shape, and change nothing stored', async () => {
    const before = await snapshot()
    let sent = 0
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const url = new URL(r.path.replace('__real__', realSession).replace('__screen__', realScreen), edge.base)
        // Forms from other sites are refused by CSRF protection; same-origin ones get through to validation.
        const headers: Record<string, string> = { origin }
        if (r.contentType) headers['content-type'] = r.contentType
        if (r.hx) headers['hx-request'] = 'true'
        // Signing out is a valid write; every other signed-in request here is a bad one.
        if (r.signedIn && r.path !== '/sign-out') headers.cookie = signedIn
        const withBody = !['GET', 'HEAD'].includes(r.method)
        const res = await fetch(url, { method: r.method, headers, redirect: 'manual', ...(withBody ? { body: r.body.replace('__question__', realQuestion) } : {}) })
        sent++
        const text = r.method === 'HEAD' ? '' : await res.text()
        expect(res.status, `${r.method} ${r.path}: ${text.slice(0, 300)}`).toBeLessThan(500)
        if (res.status >= 400 && url.pathname.startsWith('/api/') && r.method !== 'HEAD') {
          const body = JSON.parse(text) as { error: { code: unknown; message: unknown } }
          expect(typeof body.error.code).toBe('string')
          expect(typeof body.error.message).toBe('string')
        }
        expect(text).not.toMatch(/at .*\.ts:\d+|Error: .*\n\s+at /)
      }),
      { numRuns: runs, seed: 20261126 },
    )
    expect(sent).toBe(runs)
    expect(await snapshot()).toBe(before)
  }, 60_000)
})
