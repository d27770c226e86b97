import type { InArgs, InStatement, ResultSet } from '@libsql/client'
import { and, eq, fillPlaceholders, getTableColumns, sql, type Query } from 'drizzle-orm'
import { readBankHash } from './catalog'
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
  // Each placeholder carries its column's encoder, so JSON columns are written as drizzle writes them
  // (even a null would be encoded, as "null": the sessions table has no nullable JSON column).
  const stored = await written(db, row.id, commitWrite(db, [bind(writeQueries(db).start, row)]),
    (result) => (result ? { session: row, responses: [], bankHash: undefined } : undefined))
  if (!stored) throw new Error(`session id ${row.id} is taken`)
  return row
}

/**
 * A session as stored, with its responses by position. Kept states are shared between requests:
 * nothing may change one in place.
 */
export type SessionState = {
  session: Readonly<SessionRow>
  responses: readonly ResponseRow[]
  /**
   * The bank's version when this state was read; for a kept state, when another connection's commit
   * was last seen (undefined before any: the bank is the one this process loaded).
   */
  bankHash: string | undefined
}

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

/** Everything an answer needs, in one statement; no statement for a session this process keeps. */
export async function readSessionState(db: Db, id: string): Promise<SessionState | undefined> {
  const keeping = keptStates.get(db)
  if (keeping) await dropIfWrittenElsewhere(db, keeping)
  const hit = keeping?.states.get(id)
  if (hit) return keeping!.bankHash === undefined ? hit : { ...hit, bankHash: keeping!.bankHash }
  const writes = keeping?.writes
  let query = stateQueries.get(db)
  if (!query) stateQueries.set(db, (query = prepareStateQuery(db)))
  const [row] = await query.all({ id })
  if (!row) return undefined
  const { responses: packed, bankHash, ...session } = row
  const rows = (JSON.parse(packed) as PackedResponse[]).map(([position, questionId, questionVersion, answer, correct, presentedAt, answeredAt, idempotencyKey]) =>
    ({ sessionId: id, position, questionId, questionVersion, answer, correct: correct === 1, presentedAt, answeredAt, idempotencyKey }))
  const state = { session, responses: rows.sort((a, b) => a.position - b.position), bankHash: bankHash ?? undefined }
  // What was read may be older than a write that committed while the read's reply was on its way.
  if (keeping && keeping.writes === writes && !keeping.states.has(id)) keep(keeping, { ...state, bankHash: undefined })
  return state
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
export async function recordAnswer(db: Db, { session, response, next }: RecordedAnswer): Promise<SessionRow | undefined> {
  const q = writeQueries(db)
  const values = {
    id: session.id, position: session.position, nextPosition: session.position + 1, at: response.answeredAt,
    questionId: response.questionId, questionVersion: response.questionVersion, answer: JSON.stringify(response.answer),
    correct: response.correct ? 1 : 0, presentedAt: session.presentedAt ?? response.answeredAt, idempotencyKey: response.idempotencyKey ?? null,
    ...('questionId' in next ? { nextQuestionId: next.questionId, nextQuestionVersion: next.questionVersion } : { stopReason: next.stopReason }),
  }
  // The session row as the move or finish statement leaves it, and the response as inserted.
  const moved: SessionRow = 'questionId' in next
    ? { ...session, position: values.nextPosition, questionId: next.questionId, questionVersion: next.questionVersion, presentedAt: values.at }
    : { ...session, position: values.nextPosition, status: 'finished', questionId: null, questionVersion: null, stopReason: next.stopReason, finishedAt: values.at }
  const stored: ResponseRow = { ...response, sessionId: session.id, position: session.position, presentedAt: values.presentedAt, idempotencyKey: values.idempotencyKey }
  // The guarded move or finish changed its one row: the answer is stored.
  const applied = (batch: ResultSet[] | undefined) => batch?.[1]!.rowsAffected === 1
  const results = await written(db, session.id, commitWrite(db, [bind(q.insert, values), bind('questionId' in next ? q.move : q.finish, values)]),
    // Kept only when the answer was given to the kept state itself.
    (batch, before) => (applied(batch) && before?.session === session
      ? { session: moved, responses: [...before.responses, stored], bankHash: undefined }
      : undefined))
  return applied(results) ? moved : undefined
}

// The writes' statements, generated by drizzle once per database with placeholders: a request only
// binds its values. Building them anew for every answer was a twentieth of the server's time.
const writes = new WeakMap<Db, ReturnType<typeof buildWrites>>()
const writeQueries = (db: Db) => writes.get(db) ?? writes.set(db, buildWrites(db)).get(db)!
const bind = (query: Query, values: Record<string, unknown>): InStatement => ({ sql: query.sql, args: fillPlaceholders(query.params, values) as InArgs })

function buildWrites(db: Db) {
  const columns = Object.keys(getTableColumns(sessions))
  const start = db.insert(sessions).values(Object.fromEntries(columns.map((c) => [c, sql.placeholder(c)])) as never).toSQL()
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
  return { start, insert, move, finish }
}

// The states of the sessions this process stores and reads, when it owns its database (ownDatabase):
// an answer then reads nothing. Every write to a session replaces or drops its kept state once it
// has run (written): only a state known to be the stored one is kept.
type Keeping = {
  states: Map<string, SessionState>
  writes: number
  dataVersion: unknown
  bankHash: string | undefined
  check?: Promise<void> | undefined
  checkedAt: number
}
const keptStates = new WeakMap<Db, Keeping>()
/** Bounded: a session state with its answers is a few KB; the one kept first goes first. */
export const keptSessions = 4096

/**
 * Only an active session is kept: a finished one takes no more answers, and keeping it held its
 * memory until 4,096 newer sessions pushed it out.
 */
function keep({ states }: Keeping, state: SessionState): void {
  const { id, status } = state.session
  if (status !== 'active') return void states.delete(id)
  // A new state takes its session's place. Moving it to the back on every answer made the map
  // rehash, and under load its tables lived long enough to fill the old generation.
  if (!states.has(id) && states.size >= keptSessions) states.delete(states.keys().next().value!)
  states.set(id, state)
}

/**
 * Another connection's commit (a second server, or `npm run db:seed` with a new bank) moves SQLite's
 * data_version. Then nothing kept can be trusted, and the bank's hash is read again for the kept
 * states to carry, so that the catalog is reloaded if the bank changed. One check serves the reads
 * of the next checkReuseMs: a commit elsewhere is noticed by every read that starts that long after
 * it. A check for every read was a twentieth of the server's time under load.
 */
function dropIfWrittenElsewhere(db: Db, keeping: Keeping): Promise<void> {
  const now = performance.now()
  if (keeping.check && now - keeping.checkedAt < checkReuseMs) return keeping.check
  keeping.checkedAt = now
  return (keeping.check = dataVersion(db).then(async (version) => {
    if (version === keeping.dataVersion) return
    keeping.states.clear()
    keeping.writes++
    keeping.dataVersion = version
    keeping.bankHash = await readBankHash(db)
  }))
}
export const checkReuseMs = 2

const dataVersion = async (db: Db) => (await db.$client.execute('PRAGMA data_version')).rows[0]![0]

/**
 * Runs a write to a session: every one goes through here. Once the write has run, the session's
 * kept state is replaced by the state `after` gives, or else dropped; `after` is told the state the
 * write found if no other write to the session came between. Both in the same tick, so no write
 * can finish between the check and the keep. A write that failed drops the kept state.
 */
export async function written<T>(db: Db, sessionId: string, write: PromiseLike<T>,
  after?: (result: T, before: SessionState | undefined) => SessionState | undefined): Promise<T> {
  const keeping = keptStates.get(db)
  const before = keeping?.states.get(sessionId)
  let result: T
  try {
    result = await write
  } catch (e) {
    if (keeping) drop(keeping, sessionId)
    throw e
  }
  if (!keeping) return result
  // Still the very object this write found: no other write to the session finished meanwhile.
  const unchanged = before !== undefined && keeping.states.get(sessionId) === before
  const state = after?.(result, unchanged ? before : undefined)
  if (state) {
    keeping.writes++
    keep(keeping, state)
  } else drop(keeping, sessionId)
  return result
}

function drop(keeping: Keeping, sessionId: string): void {
  keeping.writes++
  keeping.states.delete(sessionId)
}

type Pending = { stmts: InStatement[]; resolve: (results: ResultSet[] | undefined) => void; reject: (e: unknown) => void }
const pendingWrites = new WeakMap<Db, Pending[]>()
const groupCommitting = new WeakSet<Db>()

/**
 * For one process that owns its database, as the Node server does: writes commit together (see
 * commitWrite), and the sessions it stores are kept in memory (see written). Not on Workers, where
 * a request must not wait on I/O that another request started, and isolates share the database.
 */
export async function ownDatabase(db: Db): Promise<void> {
  groupCommitting.add(db)
  keptStates.set(db, { states: new Map(), writes: 0, dataVersion: await dataVersion(db), bankHash: undefined, checkedAt: -Infinity })
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
  await written(db, session.id, db.update(sessions).set({ status: 'finished', stopReason, finishedAt: at, questionId: null, questionVersion: null })
    .where(and(eq(sessions.id, session.id), eq(sessions.status, 'active'))))
}

export function isConstraintError(e: unknown): boolean {
  for (let err = e as { code?: string; message?: string; cause?: unknown } | undefined; err; err = err.cause as typeof err) {
    if (String(err.code ?? '').startsWith('SQLITE_CONSTRAINT') || /constraint failed/i.test(err.message ?? '')) return true
  }
  return false
}
