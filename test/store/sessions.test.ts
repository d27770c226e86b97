import type { Client } from '@libsql/client'
import { count, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { responses, sessions } from '../../src/store/schema'
import { createSession, newSessionId, readSessionState, recordAnswer, type SessionRow } from '../../src/store/sessions'
import { testDatabase } from '../helpers'

let database: Awaited<ReturnType<typeof testDatabase>>
let batches: number
beforeEach(async () => {
  database = await testDatabase()
  // Count the transactions the real client runs; every call still goes to the database.
  const client = (database.db as unknown as { $client: Client }).$client
  const batch = client.batch.bind(client)
  batches = 0
  client.batch = ((...args: Parameters<typeof batch>) => (batches++, batch(...args))) as typeof client.batch
})
afterEach(() => database.cleanup())

const newSession = (at: number) => createSession(database.db, {
  id: newSessionId(), mode: 'assessment', form: 'fixed', status: 'active', areas: [], topics: [], length: 10, experienceYears: null,
  seed: 1, position: 0, questionId: 'q-0', questionVersion: 1, presentedAt: at, deadline: null, targetLevel: null, focusLosses: 0, focusLostAt: null,
  stopReason: null, createdAt: at, finishedAt: null,
})
const answer = (session: SessionRow, questionId: string) => recordAnswer(database.db, {
  session,
  response: { questionId, questionVersion: 1, answer: 'a', correct: true, answeredAt: session.presentedAt! + 1000 },
  next: { questionId: `${questionId}-next`, questionVersion: 1 },
})

describe('recording answers', () => {
  it('commits the answers that reach their write together in one transaction, each with its own outcome', async () => {
    const all = await Promise.all(Array.from({ length: 12 }, (_, i) => newSession(1000 + i)))
    batches = 0
    const stale = all[0]!
    const outcomes = await Promise.all([...all.map((s) => answer(s, 'q-0')), answer(stale, 'q-0')])
    expect(outcomes).toEqual([...all.map(() => true), false])
    expect(batches).toBe(1)
    const [stored] = await database.db.select({ n: count() }).from(responses)
    expect(stored!.n).toBe(12)
    for (const s of all) expect((await readSessionState(database.db, s.id))!.session.position).toBe(1)
  })

  it('refuses only the write that broke a constraint, and still stores the others of its group', async () => {
    const [a, b, c] = await Promise.all([newSession(1), newSession(2), newSession(3)])
    expect(await answer(a!, 'q-0')).toBe(true)
    const moved = (await readSessionState(database.db, a!.id))!.session
    // The same question again at the next position breaks the (session, question) unique key.
    batches = 0
    const outcomes = await Promise.all([answer(b!, 'q-0'), answer(moved, 'q-0'), answer(c!, 'q-0')])
    expect(outcomes).toEqual([true, false, true])
    expect(batches).toBe(4) // the group, rolled back; then each write on its own
    expect((await database.db.select().from(responses).where(eq(responses.sessionId, a!.id))).map((r) => r.position)).toEqual([0])
    const positions = await database.db.select({ id: sessions.id, position: sessions.position }).from(sessions)
    expect(Object.fromEntries(positions.map((p) => [p.id, p.position]))).toEqual({ [a!.id]: 1, [b!.id]: 1, [c!.id]: 1 })
  })
})
