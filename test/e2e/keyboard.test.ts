import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { serverAndBrowser } from './setup'

const e2e = serverAndBrowser()

const typeOfCard = (page: Page) => page.locator('#card input[name=type]').getAttribute('value')

async function startPractice(page: Page) {
  await page.goto(e2e.server.url)
  await page.locator('select[name=length]').selectOption('10')
  await page.getByRole('button', { name: 'Start' }).click()
  await page.waitForSelector('#card form')
}

/** Where the keyboard is: inside the card on a control a person can see, or elsewhere. */
const focus = (page: Page) => page.evaluate(() => {
  const el = document.activeElement
  return { inCard: !!el && el !== document.body && !!document.getElementById('card')?.contains(el), visible: !!el && el.getClientRects().length > 0 }
})

describe('keyboard use of a quiz', () => {
  it('Enter on a link outside the card follows the link, it does not answer the question', async () => {
    const page = await e2e.browser.newPage()
    await startPractice(page)
    await page.locator('a.brand').focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(`${e2e.server.url}/`, { timeout: 5000 })
    await page.close()
  })

  it('keeps the focus in the card after Enter on "Next question" swaps in the next question', async () => {
    const page = await e2e.browser.newPage()
    await startPractice(page)
    const type = await typeOfCard(page)
    if (type === 'number') await page.locator('#card input[name=answer]').fill('1')
    await page.locator('body').focus()
    if (type !== 'order' && type !== 'number') await page.keyboard.press('1')
    await page.keyboard.press('Enter')
    await page.waitForSelector('#card .answer-review')
    await page.getByRole('link', { name: /Next question/ }).focus()
    await page.keyboard.press('Enter')
    await page.waitForSelector('#card form')
    await expect(focus(page)).resolves.toEqual({ inCard: true, visible: true })
    await page.close()
  })

  it('on a phone, shows the top of each new card (the verdict, the next question) with its heading, not just the control in focus', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 360, height: 640 } })
    const page = await context.newPage()
    await startPractice(page)
    // The card's top edge on screen: not scrolled above it, nor below the fold.
    const top = () => page.evaluate(() => {
      const y = Math.round(document.getElementById('card')!.getBoundingClientRect().top)
      return y >= 0 && y < innerHeight ? 0 : y
    })
    for (let i = 0; i < 3; i++) {
      await expect(page.locator('#card h1, h1').first().textContent()).resolves.toMatch(/question \d+ of/)
      const type = await typeOfCard(page)
      if (type === 'number') await page.locator('#card input[name=answer]').fill('1')
      else if (type === 'order') await page.evaluate(() => document.querySelectorAll<HTMLSelectElement>('#card select').forEach((s, j) => { s.value = String(j + 1) }))
      else await page.locator('#card input[name=answer]').first().check()
      await page.locator('#card button[type=submit]').click()
      await page.waitForSelector('#card .answer-review')
      expect(await top()).toBe(0)
      await expect(page.locator('#card h1').count()).resolves.toBe(1)
      // The same feedback opened as a whole page (a reload, or a plain form post), where the
      // browser's autofocus on "Next question" scrolls after the page has loaded.
      const feedback = await context.newPage()
      await feedback.setViewportSize({ width: 360, height: 400 })
      await feedback.goto(`${page.url().replace(/\/$/, '')}/feedback/${i}`)
      await feedback.waitForLoadState('load')
      await feedback.waitForTimeout(200)
      expect(await feedback.evaluate(() => Math.round(document.getElementById('card')!.getBoundingClientRect().top))).toBeGreaterThanOrEqual(0)
      await feedback.close()
      await page.getByRole('link', { name: /Next question/ }).focus()
      await page.keyboard.press('Enter')
      await page.waitForSelector('#card form')
      expect(await top()).toBe(0)
    }
    await context.close()
  })

  it('keeps the focus in the card when the question comes back with "choose an option"', async () => {
    const page = await e2e.browser.newPage()
    await startPractice(page)
    // The browser's own checks would stop an empty answer first; the server's message is the one for
    // browsers without them.
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('#card [required]')) el.removeAttribute('required')
      for (const select of document.querySelectorAll<HTMLSelectElement>('#card select')) select.value = '1'
    })
    await page.locator('body').focus()
    await page.keyboard.press('Enter')
    await page.waitForSelector('#card .form-error')
    await expect(focus(page)).resolves.toEqual({ inCard: true, visible: true })
    await page.close()
  })

  it('shows the keyboard hint only where the keys work: with JavaScript', async () => {
    const page = await e2e.browser.newPage()
    let type = null
    for (let i = 0; i < 10 && !['single', 'multiple', 'boolean'].includes(type ?? ''); i++) {
      await startPractice(page)
      type = await typeOfCard(page)
    }
    await expect(page.getByText('Keys: number keys pick an option').isVisible()).resolves.toBe(true)
    const noScript = await e2e.browser.newContext({ javaScriptEnabled: false })
    const plain = await noScript.newPage()
    await plain.goto(page.url())
    await expect(plain.getByText('Keys: number keys pick an option').count()).resolves.toBe(1)
    await expect(plain.getByText('Keys: number keys pick an option').isVisible()).resolves.toBe(false)
    // Nor the key badges on the options and the Answer button.
    await expect(plain.locator('#card kbd').first().isVisible()).resolves.toBe(false)
    await expect(page.locator('#card kbd').first().isVisible()).resolves.toBe(true)
    await noScript.close()
    await page.close()
  })
})
