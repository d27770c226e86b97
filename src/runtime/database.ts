import { createClient } from '@libsql/client'
import { drizzle } from 'drizzle-orm/libsql'
import { migrate } from 'drizzle-orm/libsql/migrator'
import { fileURLToPath } from 'node:url'
import { fileClient } from './file-client'
import { loadBank } from '../bank/load'
import { seedBank, type SeedReport } from '../bank/seed'
import { schema, type Db } from '../store/db'
import { ownDatabase } from '../store/sessions'

// Node-side database set-up shared by the server entry, the CLI and the tests.

export const migrationsFolder = fileURLToPath(new URL('../../db/migrations', import.meta.url))
export const questionsFolder = fileURLToPath(new URL('../../questions', import.meta.url))
export const defaultUrl = `file:${fileURLToPath(new URL('../../db/levelset.db', import.meta.url))}`

export type Synchronous = 'FULL' | 'NORMAL'

export type OpenOptions = {
  authToken?: string | undefined
  synchronous?: Synchronous | undefined
  /** Off for a second connection that must see only what is stored, as the benchmark's raw ceiling. */
  owned?: boolean | undefined
}

/**
 * Opens a libSQL database. For a local file: WAL so readers never wait for the writer, a busy
 * timeout so a second writer (another process) waits instead of failing, and the `synchronous`
 * level: FULL by default, an fsync per commit, so an answer that got a 2xx survives a crash of the
 * process and of the machine; NORMAL (LIBSQL_SYNCHRONOUS=NORMAL) survives a process crash only.
 * This process owns a local file (ownDatabase): writes that arrive together share one commit and
 * its fsync, and the sessions it stores are kept in memory.
 */
export async function openDatabase(url = defaultUrl, { authToken, synchronous = 'FULL', owned = true }: OpenOptions = {}): Promise<{ db: Db; close: () => void }> {
  // One connection for a local file, which keeps its prepared statements (see fileClient).
  const client = url.startsWith('file:') ? fileClient(url) : createClient({ url, ...(authToken ? { authToken } : {}) })
  if (url.startsWith('file:')) {
    await client.execute('PRAGMA journal_mode = WAL')
    await client.execute('PRAGMA busy_timeout = 5000')
    await client.execute(`PRAGMA synchronous = ${synchronous}`)
    await client.execute('PRAGMA foreign_keys = ON')
  }
  const db = drizzle(client, { schema })
  // A remote database is shared by design.
  if (owned && url.startsWith('file:')) await ownDatabase(db)
  return { db, close: () => client.close() }
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
