// npm run user:add -- --email lead@example.com [--url libsql://...]
// The password comes from LEVELSET_PASSWORD or standard input; with neither, a strong one is made and printed once.
import { parseArgs } from 'node:util'
import { addUser } from '../accounts'
import { newToken } from '../password'
import { migrateDatabase, openDatabase } from '../runtime/database'

const { values } = parseArgs({ options: { email: { type: 'string' }, url: { type: 'string' } } })
if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) {
  console.error('usage: npm run user:add -- --email someone@example.com')
  process.exit(2)
}
const fromStdin = async () => {
  if (process.stdin.isTTY) return ''
  let text = ''
  for await (const chunk of process.stdin) text += chunk
  return text.trim()
}
const given = process.env.LEVELSET_PASSWORD ?? (await fromStdin())
const password = given || newToken().slice(0, 20)
const { db, close } = await openDatabase(values.url ?? process.env.LIBSQL_URL, { authToken: process.env.LIBSQL_AUTH_TOKEN })
await migrateDatabase(db)
try {
  const user = await addUser({ db, now: Date.now }, values.email, password)
  console.log(`user ${user.email} created${given ? '' : `; password: ${password}`}`)
} catch (e) {
  console.error((e as Error).message)
  process.exitCode = 1
} finally {
  close()
}
