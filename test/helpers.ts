import { and, eq } from 'drizzle-orm'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, type AppOptions } from '../src/app'
import type { Answer, Key } from '../src/engine/score'
import { migrateDatabase, openDatabase, seedDatabase } from '../src/runtime/database'
import type { Db } from '../src/store/db'
import { questions } from '../src/store/schema'

/** A fresh libSQL file in a temp folder, migrated and loaded with the real bank. */
export async function testDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'levelset-'))
  const url = `file:${join(dir, 'test.db')}`
  const { db, close } = await openDatabase(url)
  await migrateDatabase(db)
  await seedDatabase(db)
  return { db, url, dir, cleanup: () => { close(); rmSync(dir, { recursive: true, force: true }) } }
}

/**
 * The real app on a temp database; rate limits are lifted unless a test sets its own. Requests are
 * from one client unless they name another in an `x-test-client` header.
 */
export async function testApp(options: Partial<Omit<AppOptions, 'db'>> = {}) {
  const database = await testDatabase()
  const app = createApp({
    db: database.db,
    limits: { sessionsPerMinute: 1e6, answersPerMinute: 1e6, signInsPerMinute: 1e6 },
    clientKey: (c) => c.req.header('x-test-client') ?? 'test-client',
    ...options,
  })
  return { ...database, app }
}

export type PublicQuestion = { id: string; type: string; stemHtml: string; options: { id: string; html: string }[] }

/** The stored key of a question, read straight from the database as only the server can. */
export async function keyOf(db: Db, questionId: string): Promise<Key> {
  const [row] = await db.select({ key: questions.key }).from(questions).where(and(eq(questions.id, questionId), eq(questions.current, true)))
  return row!.key as Key
}

export function rightAnswer(key: Key): Answer {
  switch (key.kind) {
    case 'option': return key.option
    case 'set': return key.options
    case 'order': return key.options
    case 'number': return key.value
  }
}

/** An answer that fits the question but is wrong. */
export function wrongAnswer(key: Key, q: PublicQuestion): Answer {
  switch (key.kind) {
    case 'option': return q.options.find((o) => o.id !== key.option)!.id
    case 'set': return [q.options.find((o) => !key.options.includes(o.id))!.id]
    case 'order': return [...key.options].reverse()
    case 'number': return key.value + key.tolerance + 1000
  }
}

export const jsonPost = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
