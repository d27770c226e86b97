import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { serverAndBrowser } from './setup'

const e2e = serverAndBrowser('layout@example.com')

const phone = { width: 360, height: 740 }
const desktop = { width: 1280, height: 800 }

/** How far the page scrolls sideways: a page that fits scrolls 0 px. */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

/** Every text of the charts on show: its size on screen in px, and whether it runs into another. */
const chartText = (page: Page) => page.evaluate(() => [...document.querySelectorAll<SVGSVGElement>('svg.estimate')]
  .filter((svg) => svg.getClientRects().length > 0)
  .flatMap((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
    const texts = [...svg.querySelectorAll('text')]
    const boxes = texts.map((t) => t.getBoundingClientRect())
    const meet = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
    return texts.map((t, i) => ({ text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, overlaps: boxes.some((b, j) => j !== i && meet(boxes[i]!, b)) }))
  }))

/** Answers every card, feedback pages included, until the result page. */
async function finish(page: Page) {
  for (let i = 0; i < 30 && !page.url().endsWith('/result'); i++) {
    await page.waitForSelector('#card')
    if (await page.locator('#card .answer-review').count()) {
      await page.locator('#card a.primary').click()
      await page.waitForFunction(() => location.pathname.endsWith('/result') || !document.querySelector('#card .answer-review'))
      continue
    }
    const before = await page.locator('#card input[name=questionId]').getAttribute('value')
    const type = await page.locator('#card input[name=type]').getAttribute('value')
    if (type === 'number') await page.locator('#card input[name=answer]').fill('1')
    else if (type !== 'order') await page.locator('#card input[name=answer]').first().check()
    await page.getByRole('button', { name: /Answer/ }).click()
    await page.waitForFunction((prev) => location.pathname.endsWith('/result') || !!document.querySelector('#card .answer-review') || document.querySelector('#card input[name=questionId]')?.getAttribute('value') !== prev, before)
  }
  await page.waitForURL(/\/result$/)
}


describe('pages on a phone and a desktop', () => {
  it('the start form fits a phone: its long "Questions" choice does not push the page sideways', async () => {
    const context = await e2e.browser.newContext({ viewport: phone })
    const page = await context.newPage()
    await page.goto(e2e.server.url)
    await expect(sideways(page)).resolves.toBe(0)
    await context.close()
  })

  it('a result page fits a phone, and its charts have labels of at least 11 px that do not run into each other', async () => {
    const context = await e2e.browser.newContext({ viewport: phone })
    const page = await context.newPage()
    await page.goto(e2e.server.url)
    await page.locator('select[name=length]').selectOption('10')
    await page.getByRole('button', { name: 'Start' }).click()
    await finish(page)
    await expect(sideways(page)).resolves.toBe(0)
    for (const viewport of [phone, desktop]) {
      await page.setViewportSize(viewport)
      const texts = await chartText(page)
      // Both charts: four band labels and two axis labels each.
      expect(texts).toHaveLength(12)
      for (const t of texts) {
        expect(t.px, `${t.text} at ${viewport.width} px`).toBeGreaterThanOrEqual(11)
        expect(t.overlaps, `${t.text} at ${viewport.width} px`).toBe(false)
      }
    }
    await context.close()
  })

  it('after "Create invite links" the team reads how many were made and sees each whole link; the candidate report fits a phone', async () => {
    const team = await e2e.browser.newContext({ viewport: desktop })
    const page = await e2e.signIn(team)
    await page.getByLabel('Name').fill('Layout screen')
    await page.locator('input[name=length]').fill('5')
    await page.getByRole('button', { name: 'Create screen' }).click()
    await page.locator('textarea[name=candidates]').fill('Grace Hopper <grace.brewster.murray.hopper@navy.example>\nAda Lovelace <ada@example.com>')
    await page.getByRole('button', { name: 'Create invite links' }).click()
    await expect(page.getByRole('status').textContent()).resolves.toBe('2 invite links created.')
    const links = page.getByLabel('invite link')
    await expect(links.count()).resolves.toBe(2)
    for (const link of await links.all()) {
      const shown = await link.evaluate((input: HTMLInputElement) => {
        const box = input.getBoundingClientRect()
        return { onScreen: box.left >= 0 && box.right <= innerWidth && box.top >= 0 && box.bottom <= innerHeight, whole: input.scrollWidth <= input.clientWidth }
      })
      expect(shown).toEqual({ onScreen: true, whole: true })
    }
    await expect(sideways(page)).resolves.toBe(0)

    const candidate = await e2e.browser.newContext({ viewport: phone })
    const c = await candidate.newPage()
    await c.goto(await links.first().inputValue())
    await c.getByRole('button', { name: 'Start the screen' }).click()
    await finish(c)
    await candidate.close()

    await page.reload()
    const report = await page.getByRole('link', { name: /Grace Hopper/ }).getAttribute('href')
    const teamOnPhone = await e2e.browser.newContext({ viewport: phone })
    await teamOnPhone.addCookies(await team.cookies())
    const p = await teamOnPhone.newPage()
    await p.goto(`${e2e.server.url}${report}`)
    await expect(sideways(p)).resolves.toBe(0)
    await p.goto(`${e2e.server.url}${new URL(page.url()).pathname}`)
    await expect(sideways(p)).resolves.toBe(0)
    await teamOnPhone.close()
    await team.close()
  })
})
