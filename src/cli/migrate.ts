// npm run db:migrate [-- --url libsql://...] — applies db/migrations to a local or remote database.
import { migrateDatabase, openDatabase } from '../runtime/database'
import { databaseArgs } from './args'

const { url, authToken } = databaseArgs()
const { db, close } = await openDatabase(url, { authToken })
await migrateDatabase(db)
console.log('migrations applied')
close()
