import type { InArgs, InStatement, ResultSet } from '@libsql/client'
import { and, eq, fillPlaceholders, getTableColumns, sql, type Query } from 'drizzle-orm'
import type { Db } from './db'
import { meta, responses, sessions, type Answer } from './schema'

export type SessionRow = typeof sessions.$inferSelect
export type ResponseRow = typeof responses.$inferSelect

/** 128 random bits, base64url: a session link is its only credential, so it must not be guessable. */
export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
export const sessionIdPattern = /^[A-Za-z0-9_-]{22}$/

/** Stores a new session; with writes committing together, it shares the commit of this turn's answers. */
export async function createSession(db: Db, row: SessionRow): Promise<SessionRow> {
  const insert = sessionInserts.get(db) ?? sessionInserts.set(db, buildSessionInsert(db)).get(db)!
  // Each placeholder carries its column's encoder, so JSON columns are written as drizzle writes them
  // (even a null would be encoded, as "null": the sessions table has no nullable JSON column).
  if (!(await commitWrite(db, [{ sql: insert.sql, args: fillPlaceholders(insert.params, row) as InArgs }]))) throw new Error(`session id ${row.id} is taken`)
  return row
}

// Like the answer's write: generated once, with a placeholder for every column.
const sessionInserts = new WeakMap<Db, Query>()
function buildSessionInsert(db: Db): Query {
  const columns = Object.keys(getTableColumns(sessions)) as (keyof SessionRow)[]
  return db.insert(sessions).values(Object.fromEntries(columns.map((c) => [c, sql.placeholder(c)])) as never).toSQL()
}

export type SessionState = { session: SessionRow; responses: ResponseRow[]; bankHash: string | undefined }

// A response inside the state query's JSON array, in this column order.
type PackedResponse = [number, string, number, Answer, 0 | 1, number, number, string | null]

// One SELECT is one snapshot, so the session, its responses and the bank version agree without a
// transaction; prepared once per database, so an answer does not rebuild the SQL.
const stateQueries = new WeakMap<Db, ReturnType<typeof prepareStateQuery>>()
function prepareStateQuery(db: Db) {
  return db.select({
    ...getTableColumns(sessions),
    responses: sql<string>`(select json_group_array(json_array(${responses.position}, ${responses.questionId}, ${responses.questionVersion}, json(${responses.answer}), ${responses.correct}, ${responses.presentedAt}, ${responses.answeredAt}, ${responses.idempotencyKey})) from ${responses} where ${responses.sessionId} = ${sessions.id})`,
    bankHash: sql<string | null>`(select ${meta.value} from ${meta} where ${meta.key} = 'bank_hash')`,
  }).from(sessions).where(eq(sessions.id, sql.placeholder('id'))).prepare()
}

/** Everything an answer needs, in one statement. */
export async function readSessionState(db: Db, id: string): Promise<SessionState | undefined> {
  let query = stateQueries.get(db)
  if (!query) stateQueries.set(db, (query = prepareStateQuery(db)))
  const [row] = await query.all({ id })
  if (!row) return undefined
  const { responses: packed, bankHash, ...session } = row
  const rows = (JSON.parse(packed) as PackedResponse[]).map(([position, questionId, questionVersion, answer, correct, presentedAt, answeredAt, idempotencyKey]) =>
    ({ sessionId: id, position, questionId, questionVersion, answer, correct: correct === 1, presentedAt, answeredAt, idempotencyKey }))
  return { session, responses: rows.sort((a, b) => a.position - b.position), bankHash: bankHash ?? undefined }
}

export type RecordedAnswer = {
  session: SessionRow
  response: { questionId: string; questionVersion: number; answer: Answer; correct: boolean; answeredAt: number; idempotencyKey?: string | undefined }
  next: { questionId: string; questionVersion: number } | { stopReason: string }
}

/**
 * Stores an answer and moves the session on, atomically. The response's primary key (session,
 * position) and the position guard make a racing duplicate fail as a whole, so it can be answered
 * from what the winner stored.
 */
export function recordAnswer(db: Db, { session, response, next }: RecordedAnswer): Promise<boolean> {
  const q = writeQueries(db)
  const values = {
    id: session.id, position: session.position, nextPosition: session.position + 1, at: response.answeredAt,
    questionId: response.questionId, questionVersion: response.questionVersion, answer: JSON.stringify(response.answer),
    correct: response.correct ? 1 : 0, presentedAt: session.presentedAt ?? response.answeredAt, idempotencyKey: response.idempotencyKey ?? null,
    ...('questionId' in next ? { nextQuestionId: next.questionId, nextQuestionVersion: next.questionVersion } : { stopReason: next.stopReason }),
  }
  const bind = (query: Query): InStatement => ({ sql: query.sql, args: fillPlaceholders(query.params, values) as InArgs })
  return commitWrite(db, [bind(q.insert), bind('questionId' in next ? q.move : q.finish)]).then((results) => results?.[1]!.rowsAffected === 1)
}

// The write's statements, generated by drizzle once per database with placeholders: an answer only
// binds its values. Building them anew for every answer was a twentieth of the server's time.
const writes = new WeakMap<Db, ReturnType<typeof buildWrites>>()
const writeQueries = (db: Db) => writes.get(db) ?? writes.set(db, buildWrites(db)).get(db)!

function buildWrites(db: Db) {
  const p = (name: string) => sql`${sql.placeholder(name)}`
  // Every statement carries the same guard, so they apply together or not at all.
  const guard = and(eq(sessions.id, sql.placeholder('id')), eq(sessions.position, sql.placeholder('position')), eq(sessions.status, 'active'))
  const insert = db.insert(responses).select(db.select({
    sessionId: p('id').as('session_id'),
    position: p('position').as('position'),
    questionId: p('questionId').as('question_id'),
    questionVersion: p('questionVersion').as('question_version'),
    answer: p('answer').as('answer'),
    correct: p('correct').as('correct'),
    presentedAt: p('presentedAt').as('presented_at'),
    answeredAt: p('at').as('answered_at'),
    idempotencyKey: p('idempotencyKey').as('idempotency_key'),
  }).from(sessions).where(guard)).toSQL()
  const move = db.update(sessions)
    .set({ questionId: p('nextQuestionId'), questionVersion: p('nextQuestionVersion'), presentedAt: p('at'), position: p('nextPosition') })
    .where(guard).toSQL()
  const finish = db.update(sessions)
    .set({ status: 'finished', questionId: null, questionVersion: null, stopReason: p('stopReason'), finishedAt: p('at'), position: p('nextPosition') })
    .where(guard).toSQL()
  return { insert, move, finish }
}

type Pending = { stmts: InStatement[]; resolve: (results: ResultSet[] | undefined) => void; reject: (e: unknown) => void }
const pendingWrites = new WeakMap<Db, Pending[]>()
const groupCommitting = new WeakSet<Db>()

/**
 * Lets the writes to this database commit together (see commitWrite). For one process that owns
 * its database, as the Node server does; not on Workers, where a request must not wait on I/O that
 * another request started.
 */
export function commitWritesTogether(db: Db): void {
  groupCommitting.add(db)
}

/**
 * Runs the statements in one transaction; undefined when a unique key refused them. Group commit:
 * the writes that arrive in the same turn of the event loop commit in one transaction, one fsync
 * for all of them instead of one each. Each answer's write is guarded on its own session's
 * position, so one that loses a race changes nothing and the others still apply.
 */
function commitWrite(db: Db, stmts: InStatement[]): Promise<ResultSet[] | undefined> {
  return new Promise((resolve, reject) => {
    if (!groupCommitting.has(db)) return void commitAlone(db, { stmts, resolve, reject })
    let group = pendingWrites.get(db)
    if (!group) {
      pendingWrites.set(db, (group = []))
      // After this turn's I/O (the check phase), so that answers read in the same turn join; and no
      // sooner than minCommitGap after the last commit, so that under a steady trickle one fsync
      // carries several writes instead of one each.
      const wait = minCommitGap - (performance.now() - (lastCommit.get(db) ?? -Infinity))
      if (wait > 0) setTimeout(() => void flush(db), wait)
      else setImmediate(() => void flush(db))
    }
    group.push({ stmts, resolve, reject })
  })
}

/**
 * In ms. 100 takers paced at 1,600 requests a second committed 980 times a second, 1.6 writes
 * each, with a fifth of the server's time in commits; 3 ms cut that to 330 commits of 5 writes.
 * A write that finds the server idle still commits at once.
 */
const minCommitGap = 3
const lastCommit = new WeakMap<Db, number>()

async function flush(db: Db): Promise<void> {
  const group = pendingWrites.get(db)!
  pendingWrites.delete(db)
  lastCommit.set(db, performance.now())
  try {
    const results = await db.$client.batch(group.flatMap((p) => p.stmts))
    let at = 0
    for (const p of group) p.resolve(results.slice(at, (at += p.stmts.length)))
  } catch (e) {
    // A constraint failure rolls the whole group back: each write again on its own, so that only
    // the one that caused it is refused.
    if (group.length > 1) return void Promise.all(group.map((p) => commitAlone(db, p)))
    settle(group[0]!, e)
  }
}

async function commitAlone(db: Db, p: Pending): Promise<void> {
  try {
    p.resolve(await db.$client.batch(p.stmts))
  } catch (e) {
    settle(p, e)
  }
}

// A duplicate that lost its race to the unique keys is not an error: the caller answers it from
// what the winner stored.
const settle = (p: Pending, e: unknown) => (isConstraintError(e) ? p.resolve(undefined) : p.reject(e))

/** Ends a session without a new answer (deadline passed, or nothing left to ask). */
export async function finishSession(db: Db, session: SessionRow, stopReason: string, at: number): Promise<void> {
  await db.update(sessions).set({ status: 'finished', stopReason, finishedAt: at, questionId: null, questionVersion: null })
    .where(and(eq(sessions.id, session.id), eq(sessions.status, 'active')))
}

export function isConstraintError(e: unknown): boolean {
  for (let err = e as { code?: string; message?: string; cause?: unknown } | undefined; err; err = err.cause as typeof err) {
    if (String(err.code ?? '').startsWith('SQLITE_CONSTRAINT') || /constraint failed/i.test(err.message ?? '')) return true
  }
  return false
}
