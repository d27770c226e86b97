import { describe, expect, it } from 'vitest'
import { serverAndBrowser } from './setup'

const e2e = serverAndBrowser('lead@example.com')

describe('a hiring screen in a real browser', () => {
  it('a candidate takes a short timed screen and the hiring user sees the result', async () => {
    const lead = await e2e.browser.newContext()
    const page = await e2e.signIn(lead)
    await page.getByLabel('Name').fill('Junior backend screen')
    await page.locator('select[name=targetLevel]').selectOption('junior')
    await page.locator('input[name=length]').fill('5')
    await page.locator('input[name=timeLimitMinutes]').fill('5')
    await page.getByLabel('Show candidates their own result').check()
    await page.getByRole('button', { name: 'Create screen' }).click()
    await page.waitForURL(/\/screens\/[A-Za-z0-9_-]{22}$/)
    const screenUrl = page.url()
    await page.locator('textarea[name=candidates]').fill('Grace Hopper <grace@example.com>')
    await page.getByRole('button', { name: 'Create invite links' }).click()
    const inviteUrl = await page.getByLabel('invite link').inputValue()

    const candidate = await e2e.browser.newContext()
    const c = await candidate.newPage()
    await c.goto(inviteUrl)
    await expect(c.getByText('5 minutes in all').count()).resolves.toBe(1)
    await c.getByRole('button', { name: 'Start the screen' }).click()
    await c.waitForSelector('[role=timer]')
    await expect(c.locator('[role=timer]').textContent()).resolves.toMatch(/^[45]:\d\d$/)
    // One switch to another tab counts; a reload, more than the server's 2 s later, does not.
    await c.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
      delete (document as { visibilityState?: unknown }).visibilityState
    })
    await c.waitForTimeout(2500)
    await c.reload()
    await c.waitForSelector('[role=timer]')
    for (let i = 0; i < 5 && !/\/result$/.test(c.url()); i++) {
      const before = await c.locator('#card input[name=questionId]').getAttribute('value')
      const type = await c.locator('#card input[name=type]').getAttribute('value')
      if (type === 'number') await c.locator('#card input[name=answer]').fill('1')
      else if (type !== 'order') await c.locator('#card input[name=answer]').first().check()
      await c.getByRole('button', { name: /Answer/ }).click()
      await c.waitForFunction((prev) => location.pathname.endsWith('/result') || document.querySelector('#card input[name=questionId]')?.getAttribute('value') !== prev, before)
    }
    await c.waitForURL(/\/result$/)
    await expect(c.locator('.screen-verdict h1').textContent()).resolves.toMatch(/^(Pass|Fail)$/)

    await page.goto(screenUrl)
    const row = page.locator('table.candidates tbody tr').first()
    await expect(row.textContent()).resolves.toContain('Grace Hopper')
    await expect(row.textContent()).resolves.toContain('finished')
    await expect(row.locator('td').nth(8).textContent()).resolves.toBe('1')
    await row.getByRole('link', { name: /Grace Hopper/ }).click()
    await expect(page.getByText('Review of every answer').count()).resolves.toBe(1)
    await lead.close()
    await candidate.close()
  })
})
