import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from './db'
import { meta, responses, sessions, type Answer } from './schema'

export type SessionRow = typeof sessions.$inferSelect
export type ResponseRow = typeof responses.$inferSelect
export type NewSession = typeof sessions.$inferInsert

/** 128 random bits, base64url: a session link is its only credential, so it must not be guessable. */
export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
export const sessionIdPattern = /^[A-Za-z0-9_-]{22}$/

export async function createSession(db: Db, input: NewSession): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values(input).returning()
  return row!
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
  const moved = 'questionId' in next
    ? { questionId: next.questionId, questionVersion: next.questionVersion, presentedAt: response.answeredAt }
    : { status: 'finished' as const, questionId: null, questionVersion: null, stopReason: next.stopReason, finishedAt: response.answeredAt }
  const guard = and(eq(sessions.id, session.id), eq(sessions.position, session.position), eq(sessions.status, 'active'))
  const row = { ...response, sessionId: session.id, position: session.position, presentedAt: session.presentedAt ?? response.answeredAt }
  // Both statements carry the same guard, so they apply together or not at all.
  const insert = db.insert(responses).select(db.select({
    sessionId: sql`${row.sessionId}`.as('session_id'),
    position: sql`${row.position}`.as('position'),
    questionId: sql`${row.questionId}`.as('question_id'),
    questionVersion: sql`${row.questionVersion}`.as('question_version'),
    answer: sql`${JSON.stringify(row.answer)}`.as('answer'),
    correct: sql`${row.correct ? 1 : 0}`.as('correct'),
    presentedAt: sql`${row.presentedAt}`.as('presented_at'),
    answeredAt: sql`${row.answeredAt}`.as('answered_at'),
    idempotencyKey: sql`${row.idempotencyKey ?? null}`.as('idempotency_key'),
  }).from(sessions).where(guard))
  const update = db.update(sessions).set({ ...moved, position: session.position + 1 }).where(guard)
  const write: Write = [insert, update]
  return groupCommitting.has(db) ? commitTogether(db, write) : new Promise((resolve, reject) => void commitAlone(db, { write, resolve, reject }))
}

type Write = [BatchItem<'sqlite'>, BatchItem<'sqlite'>]
type Pending = { write: Write; resolve: (applied: boolean) => void; reject: (e: unknown) => void }
const pendingWrites = new WeakMap<Db, Pending[]>()
const groupCommitting = new WeakSet<Db>()

/**
 * Lets answers to this database commit together (see commitTogether). For one process that owns
 * its database, as the Node server does; not on Workers, where a request must not wait on I/O that
 * another request started.
 */
export function commitAnswersTogether(db: Db): void {
  groupCommitting.add(db)
}

/**
 * Group commit: the answers that reach their write in the same turn of the event loop commit in
 * one transaction, one fsync for all of them instead of one each. Each write is guarded on its own
 * session's position, so one that loses a race changes nothing and the others still apply.
 */
function commitTogether(db: Db, write: Write): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let group = pendingWrites.get(db)
    if (!group) {
      pendingWrites.set(db, (group = []))
      // After this turn's I/O (the check phase), so that answers read in the same turn join.
      setImmediate(() => void flush(db))
    }
    group.push({ write, resolve, reject })
  })
}

async function flush(db: Db): Promise<void> {
  const group = pendingWrites.get(db)!
  pendingWrites.delete(db)
  try {
    const results = await db.batch(group.flatMap((p) => p.write) as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]) as { rowsAffected: number }[]
    group.forEach((p, i) => p.resolve(results[2 * i + 1]!.rowsAffected === 1))
  } catch (e) {
    // A constraint failure rolls the whole group back: each write again on its own, so that only
    // the one that caused it is refused.
    if (group.length > 1) return void Promise.all(group.map((p) => commitAlone(db, p)))
    settle(group[0]!, e)
  }
}

async function commitAlone(db: Db, p: Pending): Promise<void> {
  try {
    const [, update] = await db.batch(p.write)
    p.resolve((update as { rowsAffected: number }).rowsAffected === 1)
  } catch (e) {
    settle(p, e)
  }
}

// A duplicate that lost its race to the unique keys is not an error: the caller answers it from
// what the winner stored.
const settle = (p: Pending, e: unknown) => (isConstraintError(e) ? p.resolve(false) : p.reject(e))

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
