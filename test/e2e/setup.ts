import { execFileSync } from 'node:child_process'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser } from './browser'
import { startServer } from './server'

export const password = 'correct horse battery staple'

/**
 * The real Node server on a temp database and a Chromium for one test file, both closed after it.
 * `user`: a hiring account, made from the CLI as a real team's is.
 */
export function serverAndBrowser(user?: string) {
  const e2e = {} as { server: Awaited<ReturnType<typeof startServer>>; browser: Browser }
  beforeAll(async () => {
    ;[e2e.server, e2e.browser] = await Promise.all([startServer(), launchBrowser()])
    if (user) {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/user-add.ts', '--email', user, '--url', e2e.server.dbUrl], {
        env: { ...process.env, LEVELSET_PASSWORD: password },
      })
    }
  })
  afterAll(async () => {
    await e2e.browser?.close()
    await e2e.server?.stop()
  })
  return e2e
}
