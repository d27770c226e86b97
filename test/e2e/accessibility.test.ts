import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { password, serverAndBrowser } from './setup'

// axe-core's WCAG 2.1 A and AA rules on every kind of page, in light mode on a desktop and dark mode
// on a phone, where most code snippets are wider than the screen and scroll in their box.

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const e2e = serverAndBrowser('a11y@example.com')

type Violation = { id: string; impact: string; nodes: { target: string[] }[] }
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource)
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: Violation[] }> } }).axe
    return (await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations
  })
  return found.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
}

describe('accessibility', () => {
  const runs = [
    { colorScheme: 'light', viewport: { width: 1280, height: 800 }, on: 'a desktop' },
    { colorScheme: 'dark', viewport: { width: 360, height: 740 }, on: 'a phone' },
  ] as const
  for (const { colorScheme, viewport, on } of runs) {
    it(`every kind of page passes axe in ${colorScheme} mode on ${on}`, async () => {
      // axe is injected by the test, so the page's own CSP is bypassed for it alone.
      const context = await e2e.browser.newContext({ bypassCSP: true, colorScheme, viewport })
      const page = await context.newPage()
      const seen: Record<string, string[]> = {}
      await page.goto(e2e.server.url)
      seen.home = await violations(page)
      await page.locator('select[name=length]').selectOption('10')
      await page.getByRole('button', { name: 'Start' }).click()
      await page.waitForSelector('#card form')
      seen.question = await violations(page)
      for (let i = 0; i < 10 && !page.url().endsWith('/result'); i++) {
        const type = await page.locator('#card input[name=type]').getAttribute('value')
        if (type === 'number') await page.locator('#card input[name=answer]').fill('1')
        else if (type !== 'order') await page.locator('#card input[name=answer]').first().check()
        await page.getByRole('button', { name: /Answer/ }).click()
        await page.waitForSelector('.answer-review')
        if (i === 0) seen.feedback = await violations(page)
        await page.locator('#card a.primary').click()
        await page.waitForLoadState()
      }
      await page.waitForURL(/\/result$/)
      seen.result = await violations(page)
      await page.goto(`${e2e.server.url}/sign-in`)
      seen.signIn = await violations(page)
      await page.getByLabel('E-mail').fill('a11y@example.com')
      await page.getByLabel('Password').fill(password)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(/\/screens$/)
      seen.screens = await violations(page)
      await page.getByLabel('Name').fill(`Screen ${colorScheme}`)
      await page.getByRole('button', { name: 'Create screen' }).click()
      await page.locator('textarea[name=candidates]').fill('Ada Lovelace')
      await page.getByRole('button', { name: 'Create invite links' }).click()
      seen.screen = await violations(page)
      await page.goto(await page.getByLabel('invite link').first().inputValue())
      seen.invite = await violations(page)
      expect(seen).toEqual({ home: [], question: [], feedback: [], result: [], signIn: [], screens: [], screen: [], invite: [] })
      await context.close()
    })
  }
})
