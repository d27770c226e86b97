import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { serverAndBrowser } from './setup'

const e2e = serverAndBrowser()

/** Answers the card on screen the way a keyboard user would: a number key, then Enter. */
async function answerWithKeyboard(page: Page) {
  const type = await page.locator('#card input[name=type]').getAttribute('value')
  if (type === 'number') {
    await page.locator('#card input[name=answer]').fill('1')
    await page.locator('#card input[name=answer]').press('Enter')
    return
  }
  await page.locator('body').focus()
  if (type !== 'order') await page.keyboard.press('1')
  await page.keyboard.press('Enter')
}

describe('taking a quiz in a real browser', () => {
  it('works with the keyboard alone, swapping cards in place, up to the result page', async () => {
    const page = await e2e.browser.newPage()
    const errors: string[] = []
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(e2e.server.url)
    await page.getByLabel(/Assessment/).check()
    await page.locator('select[name=length]').selectOption('10')
    await page.getByRole('button', { name: 'Start' }).click()
    await page.waitForURL(/\/sessions\/[A-Za-z0-9_-]{22}$/)
    const sessionUrl = page.url()
    let answered = 0
    while (!/\/result$/.test(page.url()) && answered < 10) {
      const before = await page.locator('#card input[name=questionId]').getAttribute('value')
      await answerWithKeyboard(page)
      answered++
      await page.waitForFunction(
        (prev) => location.pathname.endsWith('/result') || document.querySelector('#card input[name=questionId]')?.getAttribute('value') !== prev,
        before,
      )
      // htmx swapped the card: the address bar still shows the session, not a new page load.
      if (!/\/result$/.test(page.url())) expect(page.url()).toBe(sessionUrl)
    }
    await page.waitForURL(/\/result$/)
    await expect(page.locator('h1').textContent()).resolves.toMatch(/Junior|Mid-level|Senior|Principal/)
    await expect(page.getByText('Review of every answer').count()).resolves.toBe(1)
    expect(errors).toEqual([])
    await page.close()
  })

  it('works with JavaScript disabled, as plain form posts', async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(e2e.server.url)
    await page.locator('select[name=length]').selectOption('10')
    await page.getByRole('button', { name: 'Start' }).click()
    for (let i = 0; i < 10 && !/\/result$/.test(page.url()); i++) {
      await page.waitForSelector('#card')
      const type = await page.locator('#card input[name=type]').getAttribute('value').catch(() => null)
      if (type === null) { await page.locator('#card a.primary').click(); continue }
      if (type === 'number') await page.locator('#card input[name=answer]').fill('1')
      else if (type !== 'order') await page.locator('#card input[name=answer]').first().check()
      await page.getByRole('button', { name: /Answer/ }).click()
      // Practice mode lands on a feedback page; go on from there.
      await page.waitForSelector('.answer-review')
      await page.locator('#card a.primary').click()
    }
    await page.waitForURL(/\/result$/)
    await expect(page.locator('h1').textContent()).resolves.toMatch(/Junior|Mid-level|Senior|Principal/)
    await context.close()
  })
})
