import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../../src/runtime/database'
import type { Db } from '../../src/store/db'
import { keyOf, rightAnswer, wrongAnswer, type PublicQuestion } from '../helpers'
import { startHranaServer, type HranaServer } from '../hrana/server'
import { edgeToken as token, startWorkerd, type Workerd } from './edge'

// The Worker as it deploys: bundled by wrangler from wrangler.toml, run in workerd (the Workers
// runtime) on 127.0.0.1, talking Hrana over HTTP to a libSQL file, the database migrated and
// loaded beforehand by the CLI over the same protocol, as for Turso.

const wrangler = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js')
const exec = promisify(execFile)
const run = (args: string[], env: Record<string, string> = {}) =>
  exec(process.execPath, args, { env: { ...process.env, ...env }, timeout: 60_000 }).then((r) => r.stdout)

let dir: string
let hrana: HranaServer
let worker: Workerd
let base: URL
let file: { db: Db; close: () => void }

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'levelset-workerd-'))
  hrana = await startHranaServer({ path: join(dir, 'edge.db'), authToken: token })
  file = await openDatabase(`file:${join(dir, 'edge.db')}`) // to read answer keys, as only the server can
}, 60_000)
afterAll(async () => {
  await worker?.dispose()
  file?.close()
  await hrana?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('setting up a remote database from the CLI', () => {
  it('migrates and loads the bank over HTTP with the token from the environment', async () => {
    const env = { LIBSQL_AUTH_TOKEN: token }
    const questions = join(dir, 'questions') // a snapshot, so that edits in the work tree meanwhile change nothing
    cpSync('questions', questions, { recursive: true })
    expect(await run(['--import', 'tsx', 'src/cli/migrate.ts', '--url', hrana.url], env)).toContain('migrations applied')
    expect(await run(['--import', 'tsx', 'src/cli/seed.ts', '--url', hrana.url, '--dir', questions], env)).toMatch(/bank loaded: \d+ added/)
    expect(await run(['--import', 'tsx', 'src/cli/seed.ts', '--url', hrana.url, '--dir', questions], env)).toContain('bank unchanged')
    await expect(run(['--import', 'tsx', 'src/cli/migrate.ts', '--url', hrana.url], { LIBSQL_AUTH_TOKEN: 'wrong' })).rejects.toThrow()
  })
})

describe('the Worker bundle', () => {
  it('holds nothing from Node or the embedded libSQL driver, and stays under 150 KiB gzip', async () => {
    const out = join(dir, 'bundle')
    await run([wrangler, 'deploy', '--dry-run', '--outdir', out, '--metafile'])
    const meta = JSON.parse(readFileSync(join(out, 'bundle-meta.json'), 'utf8')) as { inputs: Record<string, { imports: { path: string; external?: boolean }[] }> }
    const inputs = Object.keys(meta.inputs)
    expect(inputs).toContain('src/runtime/worker.ts')
    expect(inputs.filter((f) => /node_modules\/(libsql|@libsql\/(linux|darwin|win32)[^/]*)\/|@libsql\/client\/lib-esm\/(node|sqlite3)\.js|@hono\/node-server/.test(f))).toEqual([])
    const imports = Object.values(meta.inputs).flatMap((i) => i.imports).filter((i) => i.path.startsWith('node:') || (i.external && i.path !== '<runtime>'))
    expect(imports).toEqual([])
    const code = readdirSync(out).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(out, f)))
    const gzip = code.reduce((n, bytes) => n + gzipSync(bytes, { level: 9 }).length, 0)
    expect(gzip).toBeLessThan(150 * 1024)
  })
})

describe('the Worker in workerd', () => {
  beforeAll(async () => {
    const started = await startWorkerd(hrana.url)
    worker = started.worker
    base = started.base
  }, 60_000)

  const get = (path: string) => fetch(new URL(path, base))
  const post = (path: string, body: string) => fetch(new URL(path, base), { method: 'POST', headers: { 'content-type': 'application/json' }, body })

  it('serves the health check, the pages and the static assets (htmx from its package)', async () => {
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' })
    const home = await get('/')
    expect(home.status).toBe(200)
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'")
    const htmx = await get('/static/htmx.min.js')
    expect(htmx.status).toBe(200)
    expect(await htmx.text()).toBe(readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8'))
    expect((await get('/static/styles.css')).headers.get('content-type')).toMatch(/^text\/css/)
    // Served before the Worker runs, they get the app's security headers from the assets' _headers.
    for (const path of ['/static/styles.css', '/static/app.js', '/static/htmx.min.js']) {
      const file = await get(path)
      expect(file.headers.get('content-security-policy'), path).toBe(home.headers.get('content-security-policy'))
      expect(file.headers.get('x-content-type-options'), path).toBe('nosniff')
    }
  })

  it('runs a whole assessment: start, answer to the end in two round trips each, read the result', async () => {
    const res = await post('/api/v1/sessions', JSON.stringify({ mode: 'assessment', areas: ['databases'], length: 10 }))
    expect(res.status).toBe(201)
    const started = await res.json() as { id: string; question: PublicQuestion }
    let question: PublicQuestion | undefined = started.question
    const roundTrips: number[] = []
    for (let i = 0; question; i++) {
      const key = await keyOf(file.db, question.id)
      const before = hrana.stats.pipelines
      const reply = await post(`/api/v1/sessions/${started.id}/responses`, JSON.stringify({ questionId: question.id, answer: i < 5 ? rightAnswer(key) : wrongAnswer(key, question) }))
      expect(reply.status).toBe(200)
      roundTrips.push(hrana.stats.pipelines - before)
      question = (await reply.json() as { session: { question?: PublicQuestion } }).session.question
    }
    expect(roundTrips).toEqual(Array(10).fill(2))
    const result = await get(`/api/v1/sessions/${started.id}/result`)
    expect(result.status).toBe(200)
    const body = await result.json() as { answered: number; correct: number; level: { id: string } }
    expect(body).toMatchObject({ answered: 10, correct: 5 })
    expect(['junior', 'mid', 'senior', 'principal']).toContain(body.level.id)
  })

  it('answers errors as the Node server does: unknown session 404, malformed body 400', async () => {
    const unknown = await get(`/api/v1/sessions/${'A'.repeat(22)}`)
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } })
    const started = await (await post('/api/v1/sessions', JSON.stringify({ mode: 'practice', length: 5 }))).json() as { id: string }
    const malformed = await post(`/api/v1/sessions/${started.id}/responses`, '{"questionId": ')
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ error: { code: expect.any(String) } })
    expect((await get('/no/such/page')).status).toBe(404)
  })
})

describe('the Worker with a bad setting', () => {
  it('answers every request with a 500 that names the variable, and serves nothing else', async () => {
    const bad = await startWorkerd(hrana.url, { RATE_LIMIT_SESSIONS: '0' })
    try {
      const log = vi.spyOn(console, 'error').mockImplementation(() => {}) // wrangler's copy of the Worker's own log line
      const res = await fetch(new URL('/', bad.base))
      log.mockRestore()
      expect(res.status).toBe(500)
      expect(await res.text()).toBe('Levelset is misconfigured: RATE_LIMIT_SESSIONS must be a whole number above 0 (requests per minute), not "0" (see the Worker logs).\n')
    } finally {
      await bad.worker.dispose()
    }
  }, 60_000)
})
