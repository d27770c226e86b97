import { LibsqlBatchError, LibsqlError, type Client, type InArgs, type InStatement, type ResultSet, type Row, type TransactionMode, type Value } from '@libsql/client'
import Database from 'libsql'
import { Buffer } from 'node:buffer'
import { fileURLToPath } from 'node:url'
import { keptIn } from '../engine/kept'

/**
 * A libSQL client for a local database file that keeps its prepared statements. @libsql/client
 * prepares every statement again on every call and asks for its columns twice: on the answer route
 * that was a sixth of the server's time, and keeping them made the server a third faster under load
 * (`npm run bench`). One connection, as the Node server uses it; every call runs synchronously on
 * it, so there is nothing to pool.
 */
export function fileClient(url: string): Client {
  return new FileClient(pathOf(url))
}

/** file:/abs/path, file:///abs/path or file:relative/path, as @libsql/client accepts them. */
export function pathOf(url: string): string {
  if (!url.startsWith('file:')) throw new LibsqlError(`not a file: URL: ${url}`, 'URL_INVALID')
  if (/[?#]/.test(url)) throw new LibsqlError(`query parameters and fragments are not supported in a file: URL: ${url}`, 'URL_PARAM_NOT_SUPPORTED')
  return url.startsWith('file://') ? fileURLToPath(url) : decodeURIComponent(url.slice('file:'.length))
}

type Statement = Database.Statement
type Prepared = { statement: Statement; args: number; reads: { columns: string[]; columnTypes: string[]; makeRow: (raw: unknown[]) => Row } | null }

// Enough for every statement the app writes, with room for the IN lists whose length varies.
const cacheSize = 256

class FileClient implements Client {
  closed = false
  protocol = 'file'
  #db: Database.Database
  #path: string
  #prepared = new Map<string, Prepared>()

  constructor(path: string) {
    this.#path = path
    this.#db = new Database(path)
  }

  async execute(stmt: InStatement | string, args?: InArgs): Promise<ResultSet> {
    this.#checkOpen()
    try {
      return this.#run(typeof stmt === 'string' ? { sql: stmt, args: args ?? [] } : stmt)
    } finally {
      this.#leaveNoTransaction()
    }
  }

  // As @libsql/client does when a call gives its connection back: nothing a call leaves open carries over.
  #leaveNoTransaction() {
    if (this.#db.inTransaction) {
      this.#db.exec('ROLLBACK')
      this.#prepared.clear()
    }
  }

  async batch(stmts: (InStatement | [string, InArgs?])[], mode: TransactionMode = 'deferred'): Promise<ResultSet[]> {
    this.#checkOpen()
    return this.#inTransaction(beginOf(mode), stmts.map((s) => (Array.isArray(s) ? { sql: s[0], args: s[1] ?? [] } : s)))
  }

  /** drizzle's migrator: a batch with foreign keys off, as SQLite requires for a table rebuild. */
  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    this.#checkOpen()
    this.#run('PRAGMA foreign_keys = off')
    try {
      return this.#inTransaction(beginOf('deferred'), stmts)
    } finally {
      this.#run('PRAGMA foreign_keys = on')
    }
  }

  // Calls on one connection interleave at every await, so another request's statements would land
  // inside an interactive transaction. The app writes with batches only.
  async transaction(): Promise<never> {
    throw new LibsqlError('interactive transactions are not supported on the local file client; use batch()', 'TRANSACTION_UNSUPPORTED')
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#checkOpen()
    try {
      this.#db.exec(sql)
    } catch (e) {
      throw mapError(e)
    } finally {
      this.#prepared.clear()
      this.#leaveNoTransaction()
    }
  }

  async sync(): Promise<undefined> {
    return undefined
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.#prepared.clear()
    this.#db.close()
  }

  reconnect(): void {
    this.close()
    this.#db = new Database(this.#path)
    this.closed = false
  }

  #checkOpen() {
    if (this.closed) throw new LibsqlError('the client is closed', 'CLIENT_CLOSED')
  }

  #inTransaction(begin: string, stmts: InStatement[]): ResultSet[] {
    this.#run(begin)
    try {
      const results = stmts.map((s, i) => {
        if (!this.#db.inTransaction) throw new LibsqlBatchError('The transaction has been rolled back', i, 'TRANSACTION_CLOSED')
        try {
          return this.#run(s)
        } catch (e) {
          if (!(e instanceof LibsqlError)) throw e
          throw new LibsqlBatchError(e.message, i, e.code, e.extendedCode, e.rawCode, e)
        }
      })
      this.#run('COMMIT')
      return results
    } finally {
      // A rollback may undo a schema change whose columns were kept since.
      this.#leaveNoTransaction()
    }
  }

  #run(stmt: InStatement): ResultSet {
    const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: [] } : stmt
    try {
      const prepared = this.#prepare(sql)
      const { statement } = prepared
      let bound: unknown
      if (Array.isArray(args)) {
        // A kept statement keeps its bindings: the ones this call leaves out are NULL, as on a new one.
        const list = args.map(toSql)
        if (list.length < prepared.args) list.push(...Array(prepared.args - list.length).fill(null))
        prepared.args = list.length
        bound = list
      } else bound = namedArgs(args ?? {})
      let { reads } = prepared
      if (!reads) {
        const info = statement.run(bound)
        // SQLite prepares a kept statement again after a schema change, but the columns kept with it
        // would be the old ones.
        if (changesSchema.test(sql)) this.#prepared.clear()
        return resultSet([], [], [], info.changes, BigInt(info.lastInsertRowid))
      }
      const raw = statement.all(bound) as unknown[][]
      // Another connection may have changed the schema, and SQLite prepared the statement again.
      if (raw.length && raw[0]!.length !== reads.columns.length) prepared.reads = reads = readsOf(statement)
      return resultSet(reads.columns, reads.columnTypes, raw.map(reads.makeRow), 0, undefined)
    } catch (e) {
      throw mapError(e)
    }
  }

  #prepare(sql: string): Prepared {
    return keptIn(this.#prepared, sql, cacheSize, () => {
      const statement = this.#db.prepare(sql)
      statement.safeIntegers(true)
      return { statement, args: 0, reads: statement.reader ? readsOf(statement.raw(true)) : null }
    })
  }
}

const changesSchema = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(create|alter|drop)\b/i

function readsOf(statement: Statement): NonNullable<Prepared['reads']> {
  const columns = statement.columns()
  return { columns: columns.map((c) => c.name), columnTypes: columns.map((c) => c.type ?? ''), makeRow: rowMaker(columns.map((c) => c.name)) }
}

function beginOf(mode: TransactionMode): string {
  return mode === 'write' ? 'BEGIN IMMEDIATE' : mode === 'read' ? 'BEGIN TRANSACTION READONLY' : 'BEGIN DEFERRED'
}

const values = Symbol('values')

/**
 * A Row as @libsql/client gives it: the columns by name (enumerable, the first of a repeated name
 * wins) and by index and length (not enumerable, from a prototype shared by the statement's rows).
 */
function rowMaker(columns: string[]): (raw: unknown[]) => Row {
  const shape: PropertyDescriptorMap = { length: { value: columns.length } }
  columns.forEach((_, i) => (shape[i] = { get(this: { [values]: Value[] }) { return this[values][i] } }))
  const proto = Object.create(null, shape) as object
  // As in @libsql/client, a column named like an index or "length" is reached by index only.
  const named = columns.flatMap((name, i) => (columns.indexOf(name) === i && !Object.hasOwn(shape, name) ? [[name, i] as const] : []))
  return (raw) => {
    const converted = raw.map(fromSql)
    const row = Object.create(proto) as Record<string | symbol, unknown>
    Object.defineProperty(row, values, { value: converted })
    // Nothing above the row has setters (its prototype's prototype is null), so even __proto__ lands as a column.
    for (const [name, i] of named) row[name] = converted[i]
    return row as unknown as Row
  }
}

function resultSet(columns: string[], columnTypes: string[], rows: Row[], rowsAffected: number, lastInsertRowid: bigint | undefined): ResultSet {
  return {
    columns, columnTypes, rows, rowsAffected, lastInsertRowid,
    toJSON: () => ({ columns, columnTypes, rows: rows.map((r) => Array.from(r, jsonValue)), rowsAffected, lastInsertRowid: lastInsertRowid?.toString() ?? null }),
  }
}

const jsonValue = (v: Value) => (v instanceof ArrayBuffer ? Buffer.from(v).toString('base64') : typeof v === 'bigint' ? String(v) : v)

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER)

// Integers come back as bigint and leave as numbers, refused where a number would round: the same
// contract as @libsql/client's default intMode.
function fromSql(v: unknown): Value {
  if (typeof v === 'bigint') {
    if (v > maxSafe || v < -maxSafe) throw new RangeError('Received integer which cannot be safely represented as a JavaScript number')
    return Number(v)
  }
  if (v instanceof Buffer) return v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) as ArrayBuffer
  return v as Value
}

function toSql(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments')
  if (typeof v === 'boolean') return v ? 1 : 0
  if (v instanceof ArrayBuffer) return Buffer.from(v)
  if (v instanceof Date) return v.valueOf()
  if (v === undefined) throw new TypeError('undefined cannot be passed as argument to the database')
  return v
}

function namedArgs(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [/^[@$:]/.test(k) ? k.slice(1) : k, toSql(v)]))
}

const baseCodes: Record<number, string> = {
  1: 'SQLITE_ERROR', 2: 'SQLITE_INTERNAL', 3: 'SQLITE_PERM', 4: 'SQLITE_ABORT', 5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM', 8: 'SQLITE_READONLY', 9: 'SQLITE_INTERRUPT', 10: 'SQLITE_IOERR', 11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND', 13: 'SQLITE_FULL', 14: 'SQLITE_CANTOPEN', 15: 'SQLITE_PROTOCOL', 16: 'SQLITE_EMPTY',
  17: 'SQLITE_SCHEMA', 18: 'SQLITE_TOOBIG', 19: 'SQLITE_CONSTRAINT', 20: 'SQLITE_MISMATCH', 21: 'SQLITE_MISUSE',
  22: 'SQLITE_NOLFS', 23: 'SQLITE_AUTH', 24: 'SQLITE_FORMAT', 25: 'SQLITE_RANGE', 26: 'SQLITE_NOTADB',
}

// The codes @libsql/client gives: the base code (SQLITE_CONSTRAINT) and the extended one.
function mapError(e: unknown): unknown {
  if (!(e instanceof Database.SqliteError)) return e
  const raw = (e as { rawCode?: number }).rawCode
  const code = raw === undefined ? 'SQLITE_UNKNOWN' : baseCodes[raw & 0xff] ?? `SQLITE_UNKNOWN_${raw & 0xff}`
  return new LibsqlError(e.message, code, e.code, raw, e)
}
