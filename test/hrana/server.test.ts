import { createClient, type Client } from '@libsql/client/web'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHranaServer, type HranaServer } from './server'

// The test harness itself, held to the Hrana spec through the client the Worker uses.

let dir: string
let hrana: HranaServer
let client: Client
const pipeline = (body: unknown, token = 'secret', version = 2) => fetch(`${hrana.url}/v${version}/pipeline`, {
  method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body),
})

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'levelset-hrana-'))
  hrana = await startHranaServer({ path: join(dir, 'h.db'), authToken: 'secret', streamIdleMs: 500 })
  client = createClient({ url: hrana.url, authToken: 'secret' })
  await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, score REAL, data BLOB)')
})
afterAll(async () => {
  client.close()
  await hrana.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the Hrana test server', () => {
  it('round-trips every value type, with column names, declared types, affected rows and rowid', async () => {
    const insert = await client.execute({ sql: 'INSERT INTO t (name, score, data) VALUES (?, ?, ?)', args: ['ada', 2.5, new Uint8Array([0, 255]).buffer] })
    expect(insert.rowsAffected).toBe(1)
    expect(insert.lastInsertRowid).toBe(1n)
    const rs = await client.execute({ sql: 'SELECT id, name, score, data, NULL AS empty FROM t WHERE name = :name', args: { name: 'ada' } })
    expect(rs.columns).toEqual(['id', 'name', 'score', 'data', 'empty'])
    expect(rs.columnTypes.slice(0, 4)).toEqual(['INTEGER', 'TEXT', 'REAL', 'BLOB'])
    const row = rs.rows[0]!
    expect([row.id, row.name, row.score, row.empty]).toEqual([1, 'ada', 2.5, null])
    expect([...new Uint8Array(row.data as ArrayBuffer)]).toEqual([0, 255])
    const big = await createClient({ url: hrana.url, authToken: 'secret', intMode: 'bigint' }).execute('SELECT 9007199254740993 AS big')
    expect(big.rows[0]!.big).toBe(9007199254740993n)
    const returning = await client.execute({ sql: 'UPDATE t SET score = score + 1 RETURNING score', args: [] })
    expect(returning.rows.map((r) => r.score)).toEqual([3.5])
    expect(returning.rowsAffected).toBe(1)
  })

  it('runs a batch as one transaction: a failing step rolls the whole batch back', async () => {
    await expect(client.batch([
      { sql: 'INSERT INTO t (name) VALUES (?)', args: ['bob'] },
      { sql: 'INSERT INTO t (name) VALUES (?)', args: ['ada'] }, // unique violation
    ], 'write')).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) })
    const rs = await client.execute("SELECT count(*) AS n FROM t WHERE name = 'bob'")
    expect(rs.rows[0]!.n).toBe(0)
  })

  it('evaluates step conditions (ok, error, not, and, or) and reports skipped steps as null', async () => {
    const res = await pipeline({ baton: null, requests: [{ type: 'batch', batch: { steps: [
      { stmt: { sql: 'SELECT 1' } },
      { stmt: { sql: 'SELECT nope' } },
      { condition: { type: 'ok', step: 1 }, stmt: { sql: 'SELECT 2' } },
      { condition: { type: 'and', conds: [{ type: 'ok', step: 0 }, { type: 'error', step: 1 }] }, stmt: { sql: 'SELECT 3' } },
      { condition: { type: 'or', conds: [{ type: 'ok', step: 2 }, { type: 'not', cond: { type: 'ok', step: 0 } }] }, stmt: { sql: 'SELECT 4' } },
    ] } }, { type: 'close' }] })
    const body = await res.json() as { baton: string | null; results: { type: string; response: { result: { step_results: unknown[]; step_errors: unknown[] } } }[] }
    expect(body.baton).toBeNull()
    const { step_results, step_errors } = body.results[0]!.response.result
    expect(step_results.map((r) => r !== null)).toEqual([true, false, false, true, false])
    expect(step_errors.map((e) => e !== null)).toEqual([false, true, false, false, false])
    expect(body.results[1]).toEqual({ type: 'ok', response: { type: 'close' } })
  })

  it('keeps a stream (and its transaction) between requests by baton, and forgets it when it expires', async () => {
    const tx = await client.transaction('write')
    await tx.execute({ sql: 'INSERT INTO t (name) VALUES (?)', args: ['cy'] })
    expect((await client.execute("SELECT count(*) AS n FROM t WHERE name = 'cy'")).rows[0]!.n).toBe(0) // not committed yet
    await tx.commit()
    expect((await client.execute("SELECT count(*) AS n FROM t WHERE name = 'cy'")).rows[0]!.n).toBe(1)

    const first = await (await pipeline({ baton: null, requests: [{ type: 'store_sql', sql_id: 1, sql: 'SELECT 42' }] })).json() as { baton: string }
    expect(first.baton).toEqual(expect.any(String))
    const second = await (await pipeline({ baton: first.baton, requests: [{ type: 'execute', stmt: { sql_id: 1 } }] })).json() as { baton: string; results: { response: { result: { rows: unknown[][] } } }[] }
    expect(second.results[0]!.response.result.rows).toEqual([[{ type: 'integer', value: '42' }]])
    expect(second.baton).not.toBe(first.baton)
    expect((await pipeline({ baton: first.baton, requests: [] })).status).toBe(400) // a used baton is spent
    await new Promise((r) => setTimeout(r, 700))
    expect((await pipeline({ baton: second.baton, requests: [] })).status).toBe(400) // expired
  })

  it('answers get_autocommit on v3 only, refuses a wrong token, and 404s the Protobuf endpoints', async () => {
    const v3 = await (await pipeline({ baton: null, requests: [{ type: 'get_autocommit' }, { type: 'close' }] }, 'secret', 3)).json() as { results: unknown[] }
    expect(v3.results[0]).toEqual({ type: 'ok', response: { type: 'get_autocommit', is_autocommit: true } })
    const v2 = await (await pipeline({ baton: null, requests: [{ type: 'get_autocommit' }, { type: 'close' }] })).json() as { results: { type: string }[] }
    expect(v2.results[0]!.type).toBe('error')
    expect((await pipeline({ baton: null, requests: [] }, 'wrong')).status).toBe(401)
    await expect(createClient({ url: hrana.url, authToken: 'wrong' }).execute('SELECT 1')).rejects.toThrow()
    expect((await fetch(`${hrana.url}/v3-protobuf`, { headers: { authorization: 'Bearer secret' } })).status).toBe(404)
  })
})
