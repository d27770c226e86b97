import { execFileSync } from 'node:child_process'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser } from './browser'
import { startServer } from './server'

export const password = 'correct horse battery staple'

/**
 * The real Node server on a temp database and a Chromium for one test file, both closed after it.
 * `user`: a hiring account, made from the CLI as a real team's is.
 */
export function serverAndBrowser(user?: string) {
  const e2e = {
    /** A new page in `context`, signed in as `user`, on the team's screens. */
    async signIn(context: BrowserContext): Promise<Page> {
      const page = await context.newPage()
      await page.goto(`${e2e.server.url}/sign-in`)
      await page.getByLabel('E-mail').fill(user!)
      await page.getByLabel('Password').fill(password)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(/\/screens$/)
      return page
    },
  } as { server: Awaited<ReturnType<typeof startServer>>; browser: Browser; signIn: (context: BrowserContext) => Promise<Page> }
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
