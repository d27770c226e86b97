// npm run db:seed [-- --url libsql://...] — validates questions/ and loads what changed.
import { migrateDatabase, openDatabase, seedDatabase } from '../runtime/database'
import { databaseArgs } from './args'

const { url, authToken, dir } = databaseArgs()
const { db, close } = await openDatabase(url, { authToken })
await migrateDatabase(db)
const report = await seedDatabase(db, dir)
console.log(report.changed ? `bank loaded: ${report.added} added, ${report.updated} updated, ${report.retired} retired` : 'bank unchanged')
close()
