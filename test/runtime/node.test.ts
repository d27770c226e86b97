import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from '../e2e/server'

// The Node entry as `npm start` runs it, on a real port.

let server: Awaited<ReturnType<typeof startServer>>
beforeAll(async () => { server = await startServer() })
afterAll(() => server?.stop())

const get = (path: string) => fetch(`${server.url}${path}`)

describe('the Node server', () => {
  it('serves the static files itself, with the security headers of every response', async () => {
    for (const path of ['/static/styles.css', '/static/app.js', '/static/htmx.min.js']) {
      const file = await get(path)
      expect(file.status, path).toBe(200)
      expect(file.headers.get('content-security-policy'), path).toContain("script-src 'self'")
      expect(file.headers.get('x-content-type-options'), path).toBe('nosniff')
    }
    expect((await get('/static/styles.css')).headers.get('content-type')).toMatch(/text\/css/)
  })

  it('hands the app the socket, whose address keys the rate limits', async () => {
    const res = await fetch(`${server.url}/api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'practice', length: 5 }) })
    expect(res.status).toBe(201)
  })

  it('refuses a body over the limit, whether it declares its length or comes in chunks', async () => {
    const big = JSON.stringify({ mode: 'practice', topics: ['x'.repeat(20_000)] })
    const declared = await fetch(`${server.url}/api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big })
    const chunks = new ReadableStream({ start(c) { for (let i = 0; i < big.length; i += 4096) c.enqueue(new TextEncoder().encode(big.slice(i, i + 4096))); c.close() } })
    const chunked = await fetch(`${server.url}/api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunks, duplex: 'half' } as RequestInit)
    for (const res of [declared, chunked]) {
      expect(res.status).toBe(413)
      expect((await res.json() as { error: { code: string } }).error.code).toBe('body-too-large')
    }
    const small = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(JSON.stringify({ mode: 'practice', length: 5 }))); c.close() } })
    const fine = await fetch(`${server.url}/api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: small, duplex: 'half' } as RequestInit)
    expect(fine.status).toBe(201)
  })

  it("gives an unknown path the app's own 404: a page for people, JSON under /api/", async () => {
    for (const path of ['/no/such/page', '/static/no-such-file.css']) {
      const page = await get(path)
      expect(page.status).toBe(404)
      expect(page.headers.get('content-type')).toMatch(/text\/html/)
      const html = await page.text()
      expect(html).toContain('Page not found')
      expect(html).toContain('<link rel="stylesheet" href="/static/styles.css"')
    }
    const api = await get('/api/no-such-route')
    expect(api.status).toBe(404)
    expect(await api.json()).toEqual({ error: { code: 'not-found', message: 'not found' } })
  })
})

describe('starting with a bad setting', () => {
  it('stops before opening anything, naming the variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'levelset-node-'))
    try {
      const started = await startServer({ RATE_LIMIT_SESSIONS: 'lots' }, { dir, dbUrl: `file:${join(dir, 'never.db')}` }).catch((e: Error) => e)
      if (!(started instanceof Error)) await started.stop('keep') // a server that should not have started
      expect(started).toBeInstanceOf(Error)
      expect((started as Error).message).toMatch(/exited with 1:\nLevelset cannot start: RATE_LIMIT_SESSIONS must be a whole number above 0 \(requests per minute\), not "lots"/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
