import { asc, eq } from 'drizzle-orm'
import type { Db } from './db'
import { responses, sessions } from './schema'

export type FinishedResponse = { sessionId: string; questionId: string; questionVersion: number; correct: boolean }

/**
 * Every scored response of every finished session (all modes), in session and answer order: the
 * data item calibration learns from. Sessions still active (or abandoned before their end) are left out.
 */
export async function readFinishedSessionResponses(db: Db): Promise<FinishedResponse[]> {
  return db
    .select({
      sessionId: responses.sessionId,
      questionId: responses.questionId,
      questionVersion: responses.questionVersion,
      correct: responses.correct,
    })
    .from(responses)
    .innerJoin(sessions, eq(responses.sessionId, sessions.id))
    .where(eq(sessions.status, 'finished'))
    .orderBy(asc(responses.sessionId), asc(responses.position))
}
