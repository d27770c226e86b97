import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadBank, type Bank } from '../../src/bank/load'
import { renderQuestion, seedBank } from '../../src/bank/seed'
import type { Key } from '../../src/engine/score'
import { questionsFolder } from '../../src/runtime/database'
import { loadCatalog } from '../../src/store/catalog'
import { meta, questions } from '../../src/store/schema'
import { testDatabase } from '../helpers'

let t: Awaited<ReturnType<typeof testDatabase>>
let bank: Bank
beforeAll(async () => {
  ;[t, bank] = await Promise.all([testDatabase(), loadBank(questionsFolder)])
})
afterAll(() => t.cleanup())

/** The options a key marks, by what they say, so stored and authored questions compare. */
function keyed(q: { options: { id: string; html: string }[]; key: unknown }): string[] {
  const html = (id: string) => q.options.find((o) => o.id === id)!.html
  const key = q.key as Key
  return key.kind === 'option' ? [html(key.option)] : key.kind === 'set' ? key.options.map(html).sort() : key.kind === 'order' ? key.options.map(html) : [String(key.value)]
}

describe('loading the bank into the database', () => {
  it('stores each option under a random id, so the ids a taker is sent say nothing about the key', async () => {
    const catalog = await loadCatalog(t.db)
    const authored = new Map(bank.questions.map((q) => [q.id, renderQuestion(q)]))
    let ordersSortedRight = 0, orders = 0
    for (const q of catalog.current) {
      const source = authored.get(q.id)!
      // The same options and the same key, under other names.
      expect(q.options.map((o) => o.html)).toEqual(source.options.map((o) => o.html))
      expect(keyed(q)).toEqual(keyed(source))
      if (q.type === 'boolean') expect(q.options.map((o) => o.id)).toEqual(['true', 'false'])
      else for (const o of q.options) expect(o.id).toMatch(/^[0-9a-f]{8}$/)
      if (q.type === 'order') {
        orders++
        if (JSON.stringify(q.options.map((o) => o.id).sort()) === JSON.stringify((q.key as { options: string[] }).options)) ordersSortedRight++
      }
    }
    // Authored ids a, b, c, ... sorted give the key of every order question; random ones, of about one in 24.
    expect(orders).toBeGreaterThan(20)
    expect(ordersSortedRight).toBeLessThan(orders / 4)
  })

  it('stores every question again, under random ids, in a database loaded before they were drawn', async () => {
    const dir = await testDatabase()
    try {
      // As an earlier release left it: authored ids, and a hash of the row alone.
      const [q] = bank.questions.filter((x) => x.type === 'order')
      const old = renderQuestion(q!)
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(old)))
      const hash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
      await dir.db.update(questions).set({ options: old.options, key: old.key, hash }).where(eq(questions.id, q!.id))
      await dir.db.update(meta).set({ value: 'an earlier bank' }).where(eq(meta.key, 'bank_hash'))
      await seedBank(dir.db, bank)
      const now = (await loadCatalog(dir.db)).current.find((x) => x.id === q!.id)!
      expect(now.version).toBe(2)
      for (const o of now.options) expect(o.id).toMatch(/^[0-9a-f]{8}$/)
    } finally {
      dir.cleanup()
    }
  })

  it('keeps an unchanged question, its version and its ids, when another question changes', async () => {
    const before = await loadCatalog(t.db)
    const [changed, ...rest] = bank.questions
    await seedBank(t.db, { ...bank, questions: [{ ...changed!, stem: `${changed!.stem} Reworded.` }, ...rest] })
    const after = await loadCatalog(t.db)
    const now = (id: string) => after.current.find((q) => q.id === id)!
    const was = (id: string) => before.current.find((q) => q.id === id)!
    expect(now(changed!.id).version).toBe(was(changed!.id).version + 1)
    for (const q of rest.slice(0, 50)) expect(now(q.id)).toMatchObject({ version: was(q.id).version, options: was(q.id).options, key: was(q.id).key })
  })
})
