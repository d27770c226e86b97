import { createClient, LibsqlBatchError, type Client } from '@libsql/client'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fileClient, pathOf } from '../../src/runtime/file-client'

// The local file client keeps its prepared statements; in everything else it answers as
// @libsql/client does, which each case checks against it on a database of its own.

let dir: string
let clients: Client[]
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'levelset-client-')); clients = [] })
afterEach(() => { clients.forEach((c) => c.close()); rmSync(dir, { recursive: true, force: true }) })

async function both(setup: string[]) {
  const ours = fileClient(`file:${join(dir, 'ours.db')}`)
  const theirs = createClient({ url: `file:${join(dir, 'theirs.db')}` })
  clients.push(ours, theirs)
  for (const sql of setup) { await ours.execute(sql); await theirs.execute(sql) }
  return { ours, theirs }
}

const table = 'create table t (id integer primary key, length integer, name text unique, data blob)'
const shape = (r: { columns: string[]; columnTypes: string[]; rows: ArrayLike<unknown>[]; rowsAffected: number; lastInsertRowid?: bigint | undefined }) => ({
  columns: r.columns, columnTypes: r.columnTypes, rowsAffected: r.rowsAffected, lastInsertRowid: r.lastInsertRowid,
  rows: r.rows.map((row) => ({ byIndex: Array.prototype.slice.call(row), byName: { ...row }, length: row.length })),
})

describe('the local file client', () => {
  it('reads file: URLs as @libsql/client does', () => {
    expect(pathOf('file:/tmp/a b.db')).toBe('/tmp/a b.db')
    expect(pathOf('file:///tmp/a%20b.db')).toBe('/tmp/a b.db')
    expect(pathOf('file:db/levelset.db')).toBe('db/levelset.db')
    expect(() => pathOf('libsql://example.turso.io')).toThrow(/not a file: URL/)
  })

  it('gives the same rows, columns and counts, by index and by name, a column named "length" included', async () => {
    const { ours, theirs } = await both([table])
    for (const name of ['x', 'y']) {
      const insert = { sql: 'insert into t (length, name, data) values (?, ?, ?)', args: [3, name, new Uint8Array([1, 2]).buffer] }
      expect(shape(await ours.execute(insert))).toEqual(shape(await theirs.execute(insert)))
    }
    const select = 'select id, length, name, data, name as name from t order by id'
    const [a, b] = [await ours.execute(select), await theirs.execute(select)]
    expect(shape(a)).toEqual(shape(b))
    expect(a.rows[0]!.length).toBe(5)
    expect(Object.keys(a.rows[0]!)).toEqual(['id', 'name', 'data'])
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
  })

  it('uses a kept statement again with new arguments, named ones too', async () => {
    const { ours } = await both([table, "insert into t (name) values ('a'), ('b')"])
    expect((await ours.execute('select name from t where id = ?', [1])).rows[0]!.name).toBe('a')
    expect((await ours.execute('select name from t where id = ?', [2])).rows[0]!.name).toBe('b')
    expect((await ours.execute({ sql: 'select name from t where id = :id', args: { ':id': 2 } })).rows[0]!.name).toBe('b')
  })

  it('refuses an integer a number would round, as @libsql/client does', async () => {
    const { ours, theirs } = await both([table, 'insert into t (id) values (9007199254740993)'])
    await expect(theirs.execute('select id from t')).rejects.toThrow(RangeError)
    await expect(ours.execute('select id from t')).rejects.toThrow(RangeError)
  })

  it('rolls a failed batch back whole and says which statement failed, and runs the same statements again after', async () => {
    const { ours, theirs } = await both([table, "insert into t (name) values ('taken')"])
    const batch = (name: string) => [{ sql: 'insert into t (name) values (?)', args: ['new'] }, { sql: 'insert into t (name) values (?)', args: [name] }]
    for (const c of [ours, theirs]) {
      const error = await c.batch(batch('taken')).catch((e: unknown) => e) as LibsqlBatchError
      expect(error).toBeInstanceOf(LibsqlBatchError)
      expect([error.statementIndex, error.code, error.extendedCode]).toEqual([1, 'SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT_UNIQUE'])
      expect((await c.execute('select count(*) as n from t')).rows[0]!.n).toBe(1)
    }
    const results = await ours.batch(batch('free'))
    expect(results.map((r) => r.rowsAffected)).toEqual([1, 1])
    expect((await ours.execute('select name from t order by id')).rows.map((r) => r.name)).toEqual(['taken', 'new', 'free'])
  })

  it('sees the new columns of a query it kept, after the schema changes', async () => {
    const { ours } = await both([table, "insert into t (name) values ('a')"])
    expect((await ours.execute('select * from t')).columns).toHaveLength(4)
    await ours.execute('alter table t add column extra text')
    expect((await ours.execute('select * from t')).columns).toHaveLength(5)
    await ours.migrate([{ sql: 'alter table t add column more text', args: [] }])
    expect((await ours.execute('select * from t')).columns).toHaveLength(6)
  })

  it('refuses interactive transactions, which other requests would interleave into', async () => {
    const { ours } = await both([])
    await expect(ours.transaction('write')).rejects.toThrow(/not supported.*batch/)
  })
})

const t2 = 'create table t (id integer primary key, a text, b text)'
// The same calls on our client and on @libsql/client, each on a database of its own, come out the same.
async function compare(setup: string[], f: (c: Client, path: string) => Promise<unknown>) {
  const out: unknown[] = []
  for (const [i, make] of [(u: string) => fileClient(u), (u: string) => createClient({ url: u })].entries()) {
    const path = join(dir, `${i}.db`)
    const c = make(`file:${path}`)
    clients.push(c)
    for (const s of setup) await c.execute(s)
    out.push(await f(c, path).catch((e: Error) => `${e.constructor.name}: ${e.message}`))
  }
  expect(out[0]).toEqual(out[1])
}
const plain = (rows: ArrayLike<unknown>[]) => rows.map((r) => ({ ...r }))

describe('the local file client, called as the app never calls it', () => {
  it('a reused statement given fewer positional args binds NULL, not the previous call\'s value', () => compare([t2], async (c) => {
    await c.execute({ sql: 'insert into t (a, b) values (?, ?)', args: ['x', 'y'] })
    await c.execute({ sql: 'insert into t (a, b) values (?, ?)', args: ['z'] })
    return plain((await c.execute('select a, b from t order by id')).rows)
  }))

  it('select * sees a column another connection added (on later calls)', () => compare([t2, "insert into t (a) values ('x')"], async (c, path) => {
    await c.execute('select * from t')
    const other = createClient({ url: `file:${path}` })
    await other.execute("alter table t add column extra text default 'E'")
    other.close()
    await c.execute('select * from t')
    const r = await c.execute('select * from t')
    return [r.columns, plain(r.rows)]
  }))

  it('a DDL statement after a comment clears the kept columns', () => compare([t2], async (c) => {
    await c.execute('select * from t')
    await c.execute('/* 0003 */ alter table t add column extra text')
    return (await c.execute('select * from t')).columns
  }))

  it('columns kept inside a batch whose DDL was rolled back are not kept', () => compare([t2], async (c) => {
    await c.batch(['alter table t add column extra text', 'select * from t', 'insert into t (id) values (1)', 'insert into t (id) values (1)']).catch(() => undefined)
    return (await c.execute('select * from t')).columns
  }))

  it('a batch stops once one of its statements ended the transaction, and commits nothing after it', () => compare([t2], async (c) => {
    await c.batch(["insert into t (a) values ('1')", 'rollback', "insert into t (a) values ('2')"]).catch(() => undefined)
    return plain((await c.execute('select a from t')).rows)
  }))

  it('a transaction left open by execute() does not wedge every later batch', () => compare([t2], async (c) => {
    await c.execute('begin')
    return c.batch(["insert into t (a) values ('1')"]).then(() => 'ok')
  }))

  it('columns named like Object.prototype members are readable by name', () => compare([], async (c) => {
    const row = (await c.execute('select 1 as constructor, 2 as toString, 3 as __proto__')).rows[0]!
    return Object.keys(row)
  }))

  it('a non-database error inside a batch is thrown as it is', () => compare([t2], async (c) =>
    c.batch([{ sql: 'insert into t (a) values (?)', args: [undefined as never] }]).catch((e: Error) => e.constructor.name)))

  it('a file: URL with a query or fragment is refused, not opened as a file named after it', async () => {
    const url = `file:${join(dir, 'x.db')}?mode=ro`
    expect(() => createClient({ url })).toThrow(/Unsupported URL query parameter/)
    let threw = false
    try { clients.push(fileClient(url)) } catch { threw = true }
    expect({ threw, files: readdirSync(dir) }).toEqual({ threw: true, files: [] })
  })
})
