import { parseArgs } from 'node:util'

/** `--url` (or LIBSQL_URL) names the database; the token comes from LIBSQL_AUTH_TOKEN only, never argv. */
export function databaseArgs() {
  const { values } = parseArgs({ options: { url: { type: 'string' }, dir: { type: 'string' } }, allowPositionals: true })
  return { url: values.url ?? process.env.LIBSQL_URL, authToken: process.env.LIBSQL_AUTH_TOKEN, dir: values.dir }
}
