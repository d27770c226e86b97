import { and, asc, desc, eq, getTableColumns, gt, isNull, lte, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from './db'
import { invites, meta, responses, screens, sessions } from './schema'
import { written, type SessionRow } from './sessions'

export type ScreenRow = typeof screens.$inferSelect
export type InviteRow = typeof invites.$inferSelect

export async function createScreen(db: Db, row: ScreenRow): Promise<ScreenRow> {
  const [created] = await db.insert(screens).values(row).returning()
  return created!
}

/** Only the owner's screens: every hiring query is scoped by the signed-in user. */
export async function listScreens(db: Db, userId: string): Promise<ScreenRow[]> {
  return db.select().from(screens).where(eq(screens.userId, userId)).orderBy(desc(screens.createdAt))
}

export async function findScreen(db: Db, userId: string, screenId: string): Promise<ScreenRow | undefined> {
  const [row] = await db.select().from(screens).where(and(eq(screens.id, screenId), eq(screens.userId, userId)))
  return row
}

export async function createInvites(db: Db, rows: InviteRow[]): Promise<InviteRow[]> {
  return db.insert(invites).values(rows).returning()
}

// The loaded bank's hash rides along with the reads that lead to the bank, so a re-seed is noticed.
const bankHashOf = (db: Db) => db.select({ value: meta.value }).from(meta).where(eq(meta.key, 'bank_hash'))

export type FoundInvite = { invite: InviteRow; screen: ScreenRow; session: SessionRow | null; bankHash: string | undefined }

export async function findInvite(db: Db, inviteId: string): Promise<FoundInvite | undefined> {
  const [[row], [hash]] = await db.batch([
    db.select({ invite: invites, screen: screens, session: sessions }).from(invites)
      .innerJoin(screens, eq(screens.id, invites.screenId)).leftJoin(sessions, eq(sessions.id, invites.sessionId)).where(eq(invites.id, inviteId)),
    bankHashOf(db),
  ])
  return row && { ...row, bankHash: hash?.value }
}

export async function findScreenOfSession(db: Db, sessionId: string): Promise<{ invite: InviteRow; screen: ScreenRow } | undefined> {
  const [row] = await db.select({ invite: invites, screen: screens }).from(invites)
    .innerJoin(screens, eq(screens.id, invites.screenId)).where(eq(invites.sessionId, sessionId))
  return row
}

/**
 * A screen's invites with their sessions and every response, for the results table, in one round
 * trip, with the bank's hash to tell whether the cached bank still holds the versions they answered;
 * or one invite's, for a candidate's report.
 */
export async function readScreenResults(db: Db, screenId: string, inviteId?: string) {
  const which = and(eq(invites.screenId, screenId), inviteId === undefined ? undefined : eq(invites.id, inviteId))
  const [rows, answers, [hash]] = await db.batch([
    db.select({ invite: invites, session: sessions }).from(invites)
      .leftJoin(sessions, eq(sessions.id, invites.sessionId)).where(which).orderBy(asc(invites.createdAt)),
    db.select({ response: responses }).from(responses).innerJoin(invites, eq(invites.sessionId, responses.sessionId))
      .where(which).orderBy(asc(responses.position)),
    bankHashOf(db),
  ])
  return { rows, responses: answers.map((a) => a.response), bankHash: hash?.value }
}

/**
 * Starts an invite: creates its session and marks it started, atomically. Both statements are
 * guarded by the invite still being open, so of two starts at once exactly one creates a session.
 */
export async function startInvite(db: Db, inviteId: string, session: SessionRow): Promise<boolean> {
  const open = and(eq(invites.id, inviteId), eq(invites.status, 'open'))
  // INSERT ... SELECT <the session's values> FROM invites WHERE <open>: no row unless the invite is open.
  // drizzle wants the selected fields in the table's column order.
  const values = Object.fromEntries(Object.keys(getTableColumns(sessions)).map((k) => {
    const v = session[k as keyof SessionRow]
    return [k, sql`${v === null ? null : typeof v === 'object' ? JSON.stringify(v) : v}`.as(k)]
  }))
  const [, started] = await written(db, session.id, db.batch([
    db.insert(sessions).select(db.select(values as Record<string, SQL.Aliased>).from(invites).where(open) as never),
    db.update(invites).set({ status: 'started', sessionId: session.id }).where(open),
  ]))
  return started.rowsAffected === 1
}

/**
 * Counts a focus loss of a running screen at `at`, unless one was counted less than `gapMs` before:
 * the guard is in the one statement, so it holds across processes and for requests at once. True
 * when it counted.
 */
export async function recordFocusLoss(db: Db, sessionId: string, at: number, gapMs: number): Promise<boolean> {
  const counted = await written(db, sessionId, db.update(sessions).set({ focusLosses: sql`${sessions.focusLosses} + 1`, focusLostAt: at })
    .where(and(
      eq(sessions.id, sessionId), eq(sessions.mode, 'screen'), eq(sessions.status, 'active'),
      or(isNull(sessions.deadline), gt(sessions.deadline, at)),
      or(isNull(sessions.focusLostAt), lte(sessions.focusLostAt, at - gapMs)),
    )))
  return counted.rowsAffected === 1
}
