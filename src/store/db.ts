import type { Client } from '@libsql/client'
import { sql } from 'drizzle-orm'
import type { LibSQLDatabase } from 'drizzle-orm/libsql'
import * as schema from './schema'

/** The database every query takes first; each runtime builds it from its own libSQL client. */
export type Db = LibSQLDatabase<typeof schema> & { $client: Client }
export { schema }

/** One trivial query: resolves when the database answers, rejects when it cannot be reached. */
export async function ping(db: Db): Promise<void> {
  await db.run(sql`select 1`)
}
