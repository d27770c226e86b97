import type { InStatement } from '@libsql/client'
import { count, eq } from 'drizzle-orm'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/runtime/database'
import type { Db } from '../../src/store/db'
import { responses, sessions } from '../../src/store/schema'
import { recordFocusLoss } from '../../src/store/screens'
import { checkReuseMs, createSession, keptSessions, finishSession, newSessionId, readSessionState, recordAnswer, type SessionRow } from '../../src/store/sessions'
import { testDatabase } from '../helpers'

let database: Awaited<ReturnType<typeof testDatabase>>
let batches: number
let reads: number
beforeEach(async () => {
  database = await testDatabase()
  // Count the transactions and the reads the real client runs; every call still goes to the database.
  const client = database.db.$client
  const batch = client.batch.bind(client)
  const execute = client.execute.bind(client)
  batches = 0
  reads = 0
  client.batch = ((...args: Parameters<typeof batch>) => (batches++, batch(...args))) as typeof client.batch
  client.execute = ((...args: Parameters<typeof execute>) => (reads += isRead(args[0]) ? 1 : 0, execute(...args))) as typeof client.execute
})
afterEach(() => database.cleanup())
/** Long enough that the next read checks for other connections' commits again. */
const afterReuse = () => new Promise((resolve) => setTimeout(resolve, 3 * checkReuseMs))
const sqlOf = (stmt: InStatement) => (typeof stmt === 'string' ? stmt : stmt.sql)
/** A statement that reads rows of a table, as a session's state is read. */
const isRead = (stmt: InStatement) => /^\s*select\b/i.test(sqlOf(stmt))

const newSession = (at: number, mode: SessionRow['mode'] = 'assessment') => createSession(database.db, {
  id: newSessionId(), mode, form: 'fixed', status: 'active', areas: [], topics: [], length: 10, experienceYears: null,
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
    expect(outcomes.map((moved) => moved?.position)).toEqual([...all.map(() => 1), undefined])
    expect(batches).toBe(1)
    const [stored] = await database.db.select({ n: count() }).from(responses)
    expect(stored!.n).toBe(12)
    for (const s of all) expect((await readSessionState(database.db, s.id))!.session.position).toBe(1)
  })

  it('refuses only the write that broke a constraint, and still stores the others of its group', async () => {
    const [a, b, c] = await Promise.all([newSession(1), newSession(2), newSession(3)])
    const moved = (await answer(a!, 'q-0'))!
    expect(moved).toEqual((await readSessionState(database.db, a!.id))!.session)
    // The same question again at the next position breaks the (session, question) unique key.
    batches = 0
    const outcomes = await Promise.all([answer(b!, 'q-0'), answer(moved, 'q-0'), answer(c!, 'q-0')])
    expect(outcomes.map((o) => o?.position)).toEqual([1, undefined, 1])
    expect(batches).toBe(4) // the group, rolled back; then each write on its own
    expect((await database.db.select().from(responses).where(eq(responses.sessionId, a!.id))).map((r) => r.position)).toEqual([0])
    const positions = await database.db.select({ id: sessions.id, position: sessions.position }).from(sessions)
    expect(Object.fromEntries(positions.map((p) => [p.id, p.position]))).toEqual({ [a!.id]: 1, [b!.id]: 1, [c!.id]: 1 })
  })
})

describe('kept session states', () => {
  /** The same file through a second connection that keeps nothing: what is stored. */
  let stored: Db
  let closeStored: () => void
  beforeEach(async () => ({ db: stored, close: closeStored } = await openDatabase(database.url, { owned: false })))
  afterEach(() => closeStored())
  const asStored = async (id: string) => {
    const state = await readSessionState(stored, id)
    return state && { session: state.session, responses: state.responses }
  }
  const asKept = async (id: string) => {
    const state = await readSessionState(database.db, id)
    return state && { session: state.session, responses: state.responses }
  }
  /** A read of the session whose statement runs now and whose reply waits for `release`. */
  async function readWithHeldReply(id: string) {
    const client = database.db.$client
    const { execute } = client
    let release = () => {}
    client.execute = (async (...args: Parameters<typeof execute>) => {
      const result = await execute.apply(client, args)
      if (isRead(args[0])) await new Promise<void>((resolve) => (release = resolve))
      return result
    }) as typeof execute
    const read = readSessionState(database.db, id)
    await new Promise((resolve) => setTimeout(resolve, 5))
    client.execute = execute
    return { read, release: () => release() }
  }
  /** A screen session stored by the other connection: this one must read it before it keeps it. */
  const startedElsewhere = () => createSession(stored, {
    id: newSessionId(), mode: 'screen', form: 'fixed', status: 'active', areas: [], topics: [], length: 10, experienceYears: null, seed: 1,
    position: 0, questionId: 'q-0', questionVersion: 1, presentedAt: 0, deadline: null, targetLevel: null, focusLosses: 0, focusLostAt: null,
    stopReason: null, createdAt: 0, finishedAt: null,
  })

  it('answers a session this process started or answered without reading the database, and forgets it once finished', async () => {
    const started = await newSession(1000)
    reads = 0
    const first = (await readSessionState(database.db, started.id))!
    const moved = (await recordAnswer(database.db, {
      session: first.session,
      response: { questionId: 'q-0', questionVersion: 1, answer: ['b', 'a'], correct: false, answeredAt: 2000, idempotencyKey: 'k-1' },
      next: { questionId: 'q-1', questionVersion: 1 },
    }))!
    const second = (await readSessionState(database.db, started.id))!
    await recordAnswer(database.db, { session: second.session, response: { questionId: 'q-1', questionVersion: 1, answer: 3, correct: true, answeredAt: 3000 }, next: { stopReason: 'max-length' } })
    expect(reads).toBe(0)
    // A finished session takes no more answers: keeping it would only hold memory.
    const last = await readSessionState(database.db, started.id)
    await readSessionState(database.db, started.id)
    expect(reads).toBe(2)
    expect(second.session).toEqual(moved)
    expect(last!.session.status).toBe('finished')
    expect({ session: last!.session, responses: last!.responses }).toEqual(await asStored(started.id))
  })

  it('keeps at most keptSessions sessions, letting the one kept first go first even if answered since', async () => {
    const [first, ...rest] = await Promise.all(Array.from({ length: keptSessions }, (_, i) => newSession(i)))
    await answer(first!, 'q-0')
    await newSession(keptSessions)
    reads = 0
    await readSessionState(database.db, rest[0]!.id)
    expect(reads).toBe(0)
    await readSessionState(database.db, first!.id)
    expect(reads).toBe(1)
  })

  it('drops a kept state when another write changes the session, so the next read sees the change', async () => {
    const screen = await newSession(1000, 'screen')
    await readSessionState(database.db, screen.id)
    await recordFocusLoss(database.db, screen.id, 1500, 0)
    expect((await asKept(screen.id))!.session.focusLosses).toBe(1)
    await finishSession(database.db, screen, 'deadline', 1600)
    expect(await asKept(screen.id)).toEqual(await asStored(screen.id))
    expect((await asStored(screen.id))!.session.stopReason).toBe('deadline')
  })

  it('does not keep what a read saw when a write to the session ran while the reply was on its way', async () => {
    const screen = await startedElsewhere()
    // A read of no session takes in the other connection's commit first.
    await afterReuse()
    await readSessionState(database.db, newSessionId())
    // Its reply waits until the deadline's finish below has been stored.
    const { read, release } = await readWithHeldReply(screen.id)
    await finishSession(database.db, screen, 'deadline', 1500)
    release()
    expect((await read)!.session.status).toBe('active')
    expect((await asKept(screen.id))!.session.status).toBe('finished')
  })

  it('does not keep an answer given to a state that another write had since replaced', async () => {
    const { id } = await startedElsewhere()
    const seen = (await readSessionState(database.db, id))!
    await recordFocusLoss(database.db, id, 10, 0)
    await readSessionState(database.db, id)
    expect(await recordAnswer(database.db, { session: seen.session, response: { questionId: 'q-0', questionVersion: 1, answer: 'a', correct: true, answeredAt: 20 }, next: { questionId: 'q-1', questionVersion: 1 } })).toBeDefined()
    expect((await asKept(id))!.session.focusLosses).toBe(1)
    expect(await asKept(id)).toEqual(await asStored(id))
  })

  it('does not keep an answer when another write to the session finishes in the ticks after the answer\'s commit', async () => {
    const client = database.db.$client
    const { execute, batch } = client
    for (let ticks = 0; ticks < 8; ticks++) {
      const screen = await newSession(1000, 'screen')
      const kept = (await readSessionState(database.db, screen.id))!
      let release = () => {}
      // The focus loss runs now; its reply comes `ticks` microtasks after the answer's commit returns.
      client.execute = (async (...args: Parameters<typeof execute>) => {
        const result = await execute.apply(client, args)
        await new Promise<void>((resolve) => (release = resolve))
        return result
      }) as typeof execute
      client.batch = (async (...args: Parameters<typeof batch>) => {
        const result = await batch.apply(client, args)
        release()
        for (let n = 0; n < ticks; n++) await Promise.resolve()
        return result
      }) as typeof batch
      const focus = recordFocusLoss(database.db, screen.id, 1500, 0)
      await new Promise((resolve) => setTimeout(resolve, 1))
      client.execute = execute
      await Promise.all([focus, recordAnswer(database.db, { session: kept.session, response: { questionId: 'q-0', questionVersion: 1, answer: 'a', correct: true, answeredAt: 2000 }, next: { questionId: 'q-1', questionVersion: 1 } })])
      client.batch = batch
      expect(await asKept(screen.id), `${ticks} ticks`).toEqual(await asStored(screen.id))
    }
  })

  it('drops every kept state when another connection has written to the database, for the reads that start a little later', async () => {
    const started = await newSession(1000, 'screen')
    await readSessionState(database.db, started.id)
    await recordFocusLoss(stored, started.id, 1500, 0)
    await afterReuse()
    expect((await asKept(started.id))!.session.focusLosses).toBe(1)
  })

  it('drops the kept state when a write fails after it ran', async () => {
    const started = await newSession(1000, 'screen')
    await readSessionState(database.db, started.id)
    const client = database.db.$client
    const { execute } = client
    client.execute = (async (...args: Parameters<typeof execute>) => {
      const result = await execute.apply(client, args)
      if (/^\s*update/i.test(sqlOf(args[0] as InStatement))) throw new Error('the reply was lost')
      return result
    }) as typeof execute
    await expect(recordFocusLoss(database.db, started.id, 1500, 0)).rejects.toThrow()
    client.execute = execute
    expect((await asKept(started.id))!.session.focusLosses).toBe(1)
  })

  it('does not keep a read whose reply came after another connection\'s commit was noticed', async () => {
    const [{ id }, other] = [await startedElsewhere(), await startedElsewhere()]
    await afterReuse()
    await readSessionState(database.db, newSessionId())
    const { read, release } = await readWithHeldReply(id)
    await recordFocusLoss(stored, id, 1500, 0)
    await afterReuse()
    // This read's check notices the commit, while the first read's reply is still on its way.
    await readSessionState(database.db, other.id)
    release()
    await read
    expect((await asKept(id))!.session.focusLosses).toBe(1)
  })

  it('never keeps a state older than the database, however reads, answers and other writes interleave', async () => {
    // A session started by another connection is read from the database; the operations start a
    // few microtasks apart and pause between their read and their write, so that each one's steps
    // land between the others'.
    const op = fc.record({ kind: fc.constantFrom('read', 'answer', 'answer', 'focus', 'finish'), delay: fc.nat(6), pause: fc.nat(6) })
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 6 }), async (ops) => {
      const { id } = await startedElsewhere()
      await Promise.all(ops.map(async ({ kind, delay, pause }, i) => {
        for (let d = 0; d < delay; d++) await Promise.resolve()
        if (kind === 'focus') return recordFocusLoss(database.db, id, 10 + i, 0)
        const state = (await readSessionState(database.db, id))!
        for (let d = 0; d < pause; d++) await Promise.resolve()
        if (kind === 'finish') return finishSession(database.db, state.session, 'deadline', 20 + i)
        if (kind === 'answer' && state.session.status === 'active') {
          const at = state.session.position
          return recordAnswer(database.db, { session: state.session, response: { questionId: `q-${at}`, questionVersion: 1, answer: 'a', correct: true, answeredAt: 30 + i }, next: { questionId: `q-${at + 1}`, questionVersion: 1 } })
        }
      }))
      expect(await asKept(id)).toEqual(await asStored(id))
    }), { numRuns: 150 })
  })
})
