import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrateDatabase, openDatabase, seedDatabase } from '../../src/runtime/database'
import type { Db } from '../../src/store/db'
import { startHranaServer, type HranaServer } from '../hrana/server'

// Shared start-up of the workerd tests: the Worker as it deploys (bundled by wrangler from
// wrangler.toml, run in workerd on 127.0.0.1 with its static assets), talking Hrana over HTTP to a
// libSQL file served by the test harness.

process.env.WRANGLER_SEND_METRICS = 'false'
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false' // no fetch of the Request.cf object from the internet
const { unstable_startWorker } = await import('wrangler')

export type Workerd = Awaited<ReturnType<typeof unstable_startWorker>>

export const edgeToken = 'test-token'

/** The Worker in workerd, its database the Hrana server at `hranaUrl`; [vars] from wrangler.toml unless `vars` overrides them. */
export async function startWorkerd(hranaUrl: string, vars: Record<string, string> = {}): Promise<{ worker: Workerd; base: URL }> {
  const worker = await unstable_startWorker({
    config: 'wrangler.toml',
    envFiles: [],
    sendMetrics: false,
    bindings: {
      LIBSQL_URL: { type: 'plain_text', value: hranaUrl },
      LIBSQL_AUTH_TOKEN: { type: 'secret_text', value: edgeToken },
      ...Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, { type: 'plain_text' as const, value }])),
    },
    dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, watch: false, liveReload: false, persist: false, logLevel: 'warn' },
  })
  try {
    await worker.ready
    return { worker, base: await worker.url }
  } catch (e) {
    await worker.dispose()
    throw e
  }
}

export type Edge = {
  dir: string
  /** The Hrana server's own libSQL file, opened with the embedded driver: to read keys and check what was stored. */
  db: Db
  hrana: HranaServer
  worker: Workerd
  base: URL
  close: () => Promise<void>
}

/**
 * A migrated and loaded database file (the bank from a snapshot of questions/, so edits in the
 * work tree meanwhile change nothing), served by the Hrana harness, and the Worker in front of it.
 */
export async function startEdge(vars: Record<string, string> = {}): Promise<Edge> {
  const dir = mkdtempSync(join(tmpdir(), 'levelset-edge-'))
  const path = join(dir, 'edge.db')
  const questions = join(dir, 'questions')
  cpSync('questions', questions, { recursive: true })
  const file = await openDatabase(`file:${path}`)
  let hrana: HranaServer | undefined
  try {
    await migrateDatabase(file.db)
    await seedDatabase(file.db, questions)
    hrana = await startHranaServer({ path, authToken: edgeToken })
    const { worker, base } = await startWorkerd(hrana.url, vars)
    const server = hrana
    return {
      dir, db: file.db, hrana: server, worker, base,
      close: async () => {
        await worker.dispose()
        file.close()
        await server.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (e) {
    file.close()
    await hrana?.close()
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
}
