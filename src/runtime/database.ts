import { createClient } from '@libsql/client'
import { drizzle } from 'drizzle-orm/libsql'
import { migrate } from 'drizzle-orm/libsql/migrator'
import { fileURLToPath } from 'node:url'
import { loadBank } from '../bank/load'
import { seedBank, type SeedReport } from '../bank/seed'
import { schema, type Db } from '../store/db'

// Node-side database set-up shared by the server entry, the CLI and the tests.

export const migrationsFolder = fileURLToPath(new URL('../../db/migrations', import.meta.url))
export const questionsFolder = fileURLToPath(new URL('../../questions', import.meta.url))
export const defaultUrl = `file:${fileURLToPath(new URL('../../db/levelset.db', import.meta.url))}`

/**
 * Opens a libSQL database. For a local file: WAL so readers never wait for the writer, a busy
 * timeout so a second writer waits instead of failing, and synchronous=FULL so an answer that got
 * a 2xx survives a crash of the process or of the machine.
 */
export async function openDatabase(url = defaultUrl, authToken?: string): Promise<{ db: Db; close: () => void }> {
  const client = createClient({ url, ...(authToken ? { authToken } : {}) })
  if (url.startsWith('file:')) {
    await client.execute('PRAGMA journal_mode = WAL')
    await client.execute('PRAGMA busy_timeout = 5000')
    await client.execute('PRAGMA synchronous = FULL')
    await client.execute('PRAGMA foreign_keys = ON')
  }
  return { db: drizzle(client, { schema }), close: () => client.close() }
}

export async function migrateDatabase(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder })
}

/** Validates the bank files and loads them when they changed; a bank with problems is refused whole. */
export async function seedDatabase(db: Db, dir = questionsFolder): Promise<SeedReport> {
  const bank = await loadBank(dir)
  if (bank.problems.length) {
    const list = bank.problems.slice(0, 20).map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')
    throw new Error(`the question bank has ${bank.problems.length} problem(s); run npm run bank:check\n${list}`)
  }
  return seedBank(db, bank)
}
