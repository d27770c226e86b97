import Database from 'libsql'
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

// A test-only Hrana-over-HTTP server: the JSON pipeline endpoint of the Hrana 2 and 3 specification
// (POST /v2/pipeline, /v3/pipeline; GET /v2, /v3 for version checks), which `@libsql/client/web`
// speaks to Turso and sqld. Each stream is its own connection to a real libSQL file, kept between
// requests by an unguessable baton, so a transaction can span requests as it does on sqld.
// Not implemented: the Protobuf encoding and cursors (GET /v3-protobuf answers 404, so clients fall
// back to JSON pipelines) and `describe`. Production talks to Turso or sqld, never to this.

type Value = { type: 'null' } | { type: 'integer'; value: string } | { type: 'float'; value: number } | { type: 'text'; value: string } | { type: 'blob'; base64: string }
type Stmt = { sql?: string | null; sql_id?: number | null; args?: Value[]; named_args?: { name: string; value: Value }[]; want_rows?: boolean }
type Cond = { type: 'ok' | 'error'; step: number } | { type: 'not'; cond: Cond } | { type: 'and' | 'or'; conds: Cond[] } | { type: 'is_autocommit' }
type StreamRequest =
  | { type: 'close' | 'get_autocommit' }
  | { type: 'execute'; stmt: Stmt }
  | { type: 'batch'; batch: { steps: { condition?: Cond | null; stmt: Stmt }[] } }
  | { type: 'sequence' | 'describe'; sql?: string | null; sql_id?: number | null }
  | { type: 'store_sql'; sql_id: number; sql: string }
  | { type: 'close_sql'; sql_id: number }
type HranaError = { message: string; code?: string | null }
type StmtResult = { cols: { name: string | null; decltype: string | null }[]; rows: Value[][]; affected_row_count: number; last_insert_rowid: string | null }

class ProtoError extends Error {
  constructor(message: string, readonly code = 'PROTOCOL_ERROR') { super(message) }
}

type Stream = { db: Database.Database; sqls: Map<number, string>; timer?: NodeJS.Timeout }

export type HranaStats = {
  /** POSTs to a pipeline endpoint: one per network round trip a client makes. */
  pipelines: number
  /** The request types of each pipeline, in order. */
  log: string[][]
}

export type HranaServer = { url: string; stats: HranaStats; close: () => Promise<void> }

/**
 * Serves the libSQL file at `path` on 127.0.0.1. With `authToken`, every request must carry
 * `Authorization: Bearer <token>`. Connections enforce foreign keys, like the Node entry's.
 */
export async function startHranaServer(options: { path: string; authToken?: string; streamIdleMs?: number }): Promise<HranaServer> {
  const idleMs = options.streamIdleMs ?? 10_000
  const streams = new Map<string, Stream>()
  const stats: HranaStats = { pipelines: 0, log: [] }

  const setup = new Database(options.path)
  setup.exec('PRAGMA journal_mode = WAL')
  setup.close()

  const openStream = (): Stream => {
    const db = new Database(options.path)
    db.exec('PRAGMA foreign_keys = ON')
    return { db, sqls: new Map() }
  }
  const dropStream = (stream: Stream) => {
    clearTimeout(stream.timer)
    if (stream.db.open) stream.db.close() // closing rolls back a transaction left open
  }
  const park = (stream: Stream): string => {
    const baton = randomBytes(18).toString('base64url')
    clearTimeout(stream.timer)
    stream.timer = setTimeout(() => { streams.delete(baton); dropStream(stream) }, idleMs).unref()
    streams.set(baton, stream)
    return baton
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { message: String((e as Error)?.message ?? e), code: 'INTERNAL' }))
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (options.authToken !== undefined && req.headers.authorization !== `Bearer ${options.authToken}`) {
      return send(res, 401, { message: 'missing or wrong authorization token', code: 'UNAUTHORIZED' })
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (req.method === 'GET' && (path === '/v2' || path === '/v3')) return send(res, 200, {})
    if (req.method !== 'POST' || (path !== '/v2/pipeline' && path !== '/v3/pipeline')) {
      return send(res, 404, { message: `${req.method} ${path} is not served here`, code: 'NOT_FOUND' })
    }
    const version = path === '/v3/pipeline' ? 3 : 2
    let body: { baton?: string | null; requests?: StreamRequest[] }
    try {
      body = JSON.parse(await readBody(req)) as typeof body
      if (!Array.isArray(body.requests)) throw new Error('requests must be an array')
    } catch (e) {
      return send(res, 400, { message: `malformed pipeline request: ${(e as Error).message}`, code: 'PROTOCOL_ERROR' })
    }
    let stream: Stream | undefined
    if (body.baton == null) stream = openStream()
    else {
      stream = streams.get(body.baton)
      if (!stream) return send(res, 400, { message: 'the baton is unknown or its stream has expired', code: 'STREAM_EXPIRED' })
      streams.delete(body.baton)
    }
    stats.pipelines++
    stats.log.push(body.requests.map((r) => r.type))

    const results: ({ type: 'ok'; response: object } | { type: 'error'; error: HranaError })[] = []
    let open = true
    for (const request of body.requests) {
      if (!open) { results.push({ type: 'error', error: { message: 'the stream is closed', code: 'STREAM_CLOSED' } }); continue }
      try {
        if (request.type === 'close') open = false
        results.push({ type: 'ok', response: run(stream, request, version) })
      } catch (e) {
        results.push({ type: 'error', error: toError(e) })
      }
    }
    if (!open) dropStream(stream)
    send(res, 200, { baton: open ? park(stream) : null, base_url: null, results })
  }

  function run(stream: Stream, request: StreamRequest, version: number): object {
    switch (request.type) {
      case 'close': return { type: 'close' }
      case 'execute': return { type: 'execute', result: execute(stream, request.stmt) }
      case 'batch': return { type: 'batch', result: batch(stream, request.batch.steps, version) }
      case 'sequence': stream.db.exec(sqlOf(stream, request)); return { type: 'sequence' }
      case 'store_sql':
        if (stream.sqls.has(request.sql_id)) throw new ProtoError(`SQL text ${request.sql_id} is already stored`)
        stream.sqls.set(request.sql_id, request.sql)
        return { type: 'store_sql' }
      case 'close_sql': stream.sqls.delete(request.sql_id); return { type: 'close_sql' }
      case 'get_autocommit':
        if (version < 3) throw new ProtoError('get_autocommit needs Hrana 3')
        return { type: 'get_autocommit', is_autocommit: !stream.db.inTransaction }
      case 'describe': throw new ProtoError('describe is not implemented by this test server', 'NOT_IMPLEMENTED')
      default: throw new ProtoError(`unknown request type ${JSON.stringify((request as { type: unknown }).type)}`)
    }
  }

  function batch(stream: Stream, steps: { condition?: Cond | null; stmt: Stmt }[], version: number) {
    const stepResults: (StmtResult | null)[] = []
    const stepErrors: (HranaError | null)[] = []
    const holds = (cond: Cond): boolean => {
      switch (cond.type) {
        case 'ok': return stepResults[cond.step] != null
        case 'error': return stepErrors[cond.step] != null
        case 'not': return !holds(cond.cond)
        case 'and': return cond.conds.every(holds)
        case 'or': return cond.conds.some(holds)
        case 'is_autocommit':
          if (version < 3) throw new ProtoError('is_autocommit needs Hrana 3')
          return !stream.db.inTransaction
        default: throw new ProtoError(`unknown condition ${JSON.stringify((cond as { type: unknown }).type)}`)
      }
    }
    for (const step of steps) {
      if (step.condition != null && !holds(step.condition)) { stepResults.push(null); stepErrors.push(null); continue }
      try {
        stepResults.push(execute(stream, step.stmt))
        stepErrors.push(null)
      } catch (e) {
        if (e instanceof ProtoError) throw e
        stepResults.push(null)
        stepErrors.push(toError(e))
      }
    }
    return { step_results: stepResults, step_errors: stepErrors }
  }

  function execute(stream: Stream, stmt: Stmt): StmtResult {
    const db = stream.db
    const statement = db.prepare(sqlOf(stream, stmt)).safeIntegers(true)
    const args = bindings(stmt)
    const before = totalChanges(db)
    if (statement.reader) {
      statement.raw(true)
      const cols = statement.columns().map((c) => ({ name: c.name, decltype: c.type }))
      const rows = (statement.all(args) as unknown[][]).map((row) => row.map(encode))
      const changed = totalChanges(db) !== before
      const [changes, rowid] = changed ? (db.prepare('SELECT changes(), last_insert_rowid()').raw(true).safeIntegers(true).get() as bigint[]) : [0n, null]
      return { cols, rows: stmt.want_rows === false ? [] : rows, affected_row_count: Number(changes), last_insert_rowid: rowid == null ? null : String(rowid) }
    }
    const info = statement.run(args)
    return { cols: [], rows: [], affected_row_count: Number(info.changes), last_insert_rowid: String(info.lastInsertRowid) }
  }

  function sqlOf(stream: Stream, from: { sql?: string | null; sql_id?: number | null }): string {
    if ((from.sql == null) === (from.sql_id == null)) throw new ProtoError('exactly one of sql and sql_id must be given')
    if (from.sql != null) return from.sql
    const sql = stream.sqls.get(from.sql_id!)
    if (sql === undefined) throw new ProtoError(`SQL text ${from.sql_id} is not stored`)
    return sql
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: async () => {
      for (const stream of streams.values()) dropStream(stream)
      streams.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

const totalChanges = (db: Database.Database) => (db.prepare('SELECT total_changes()').raw(true).safeIntegers(true).get() as bigint[])[0]

function bindings(stmt: Stmt): unknown[] | Record<string, unknown> {
  const positional = (stmt.args ?? []).map(decode)
  const named = stmt.named_args ?? []
  if (named.length === 0) return positional
  if (positional.length > 0) throw new ProtoError('mixing positional and named arguments is not supported', 'NOT_IMPLEMENTED')
  // libSQL binds names without their prefix sign (:, @ or $).
  return Object.fromEntries(named.map((a) => [a.name.replace(/^[:@$]/, ''), decode(a.value)]))
}

function decode(value: Value): unknown {
  switch (value.type) {
    case 'null': return null
    case 'integer': return BigInt(value.value)
    case 'float': return value.value
    case 'text': return value.value
    case 'blob': return Buffer.from(value.base64, 'base64')
    default: throw new ProtoError(`unknown value type ${JSON.stringify((value as { type: unknown }).type)}`)
  }
}

function encode(value: unknown): Value {
  if (value === null || value === undefined) return { type: 'null' }
  if (typeof value === 'bigint') return { type: 'integer', value: String(value) }
  if (typeof value === 'number') return { type: 'float', value }
  if (typeof value === 'string') return { type: 'text', value }
  if (value instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(value).toString('base64') }
  throw new Error(`cannot encode a ${typeof value}`)
}

function toError(e: unknown): HranaError {
  const err = e as { message?: string; code?: string }
  return { message: err.message ?? String(e), code: err.code ?? null }
}

function send(res: ServerResponse, status: number, body: object) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
