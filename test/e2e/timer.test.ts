import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { serverAndBrowser } from './setup'

const e2e = serverAndBrowser('timer@example.com')

/** An invite link to a new screen of `minutes`, made by a signed-in hiring user. */
async function inviteTo(minutes: number): Promise<string> {
  const context = await e2e.browser.newContext()
  const page = await e2e.signIn(context)
  await page.getByLabel('Name').fill(`${minutes} minute screen`)
  await page.locator('input[name=length]').fill('5')
  await page.locator('input[name=timeLimitMinutes]').fill(String(minutes))
  await page.getByRole('button', { name: 'Create screen' }).click()
  await page.locator('textarea[name=candidates]').fill('Grace Hopper')
  await page.getByRole('button', { name: 'Create invite links' }).click()
  const link = await page.getByLabel('invite link').inputValue()
  await context.close()
  return link
}

/** A candidate's page that notes every text put into a live region, as a screen reader would hear it. */
async function listeningCandidate(): Promise<Page> {
  const page = await e2e.browser.newPage()
  await page.addInitScript(() => {
    const said: string[] = []
    ;(window as unknown as { said: string[] }).said = said
    new MutationObserver((records) => {
      for (const r of records) {
        const region = r.target instanceof Element ? r.target.closest('[aria-live]') : null
        if (region && r.target === region) for (const n of r.addedNodes) if (n.textContent) said.push(n.textContent)
      }
    }).observe(document, { subtree: true, childList: true })
  })
  return page
}
const said = (page: Page) => page.evaluate(() => (window as unknown as { said: string[] }).said)

async function answerOne(page: Page) {
  const before = await page.locator('#card input[name=questionId]').getAttribute('value')
  const type = await page.locator('#card input[name=type]').getAttribute('value')
  if (type === 'number') await page.locator('#card input[name=answer]').fill('1')
  else if (type !== 'order') await page.locator('#card input[name=answer]').first().check()
  await page.getByRole('button', { name: /Answer/ }).click()
  await page.waitForFunction((prev) => document.querySelector('#card input[name=questionId]')?.getAttribute('value') !== prev, before)
}

describe('the timer of a screen, for screen-reader users', () => {
  it('says "1 minute left" once as the clock crosses it, not again when the next question comes', async () => {
    const page = await listeningCandidate()
    await page.goto(await inviteTo(1))
    await page.getByRole('button', { name: 'Start the screen' }).click()
    await page.waitForSelector('[role=timer]')
    await page.waitForTimeout(1200)
    await expect(said(page)).resolves.toEqual(['1 minute left'])
    await answerOne(page)
    await page.waitForTimeout(1200)
    await expect(said(page)).resolves.toEqual(['1 minute left'])
    await page.close()
  })

  it('never says a threshold the clock passed before the page was there: no "5 minutes left" with 2 left', async () => {
    const page = await listeningCandidate()
    await page.goto(await inviteTo(2))
    await page.getByRole('button', { name: 'Start the screen' }).click()
    await page.waitForSelector('[role=timer]')
    await answerOne(page)
    await page.reload()
    await page.waitForSelector('[role=timer]')
    await page.waitForTimeout(1200)
    await expect(said(page)).resolves.toEqual([])
    await page.close()
  })
})
