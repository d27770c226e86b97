import type { LibSQLDatabase } from 'drizzle-orm/libsql'
import * as schema from './schema'

/** The database every query takes first; each runtime builds it from its own libSQL client. */
export type Db = LibSQLDatabase<typeof schema>
export { schema }
