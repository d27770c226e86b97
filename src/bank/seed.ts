import { and, eq } from 'drizzle-orm'
import { readBankHash } from '../store/catalog'
import type { Db } from '../store/db'
import { areas, meta, questions, topics } from '../store/schema'
import type { Bank, Question } from './load'
import { renameKeyOptions } from '../engine/score'
import { renderInline, renderMarkdown, renderVersion, highlight } from './render'

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export function renderQuestion(q: Question) {
  return {
    id: q.id,
    areaId: q.area,
    topicId: q.topic,
    level: q.level,
    phase: q.phase,
    type: q.type,
    stemHtml: renderMarkdown(q.stem),
    codeHtml: q.code ? highlight(q.code.source, q.code.lang) : null,
    options: q.options.map((o) => ({ id: o.id, html: renderInline(o.text), ...(o.feedback ? { feedbackHtml: renderInline(o.feedback) } : {}) })),
    unit: q.unit ?? null,
    key: q.key,
    explanationHtml: renderMarkdown(q.explanation),
    references: q.references,
    irt: q.irt ?? null,
  }
}

type RenderedQuestion = ReturnType<typeof renderQuestion>

/**
 * Authors name options a, b, c in the order they write them, and that order follows the key: the
 * right sequence of an `order` question, the correct ones first in a `multiple`. Stored options get
 * random ids instead, new with each version, so the ids a taker is sent say nothing about the key.
 * True and false keep their ids: they name what the option says, not whether it is right.
 */
export function withOpaqueOptionIds(row: RenderedQuestion): RenderedQuestion {
  if (row.type === 'boolean' || !row.options.length) return row
  const ids = new Map<string, string>()
  const taken = new Set<string>()
  for (const o of row.options) {
    let id: string
    do id = [...crypto.getRandomValues(new Uint8Array(4))].map((b) => b.toString(16).padStart(2, '0')).join('')
    while (taken.has(id))
    taken.add(id)
    ids.set(o.id, id)
  }
  const to = (id: string) => ids.get(id)!
  return { ...row, options: row.options.map((o) => ({ ...o, id: to(o.id) })), key: renameKeyOptions(row.key, to) }
}

export const bankHash = (bank: Bank) => sha256(JSON.stringify([renderVersion, bank.areas, bank.levels, bank.phases, bank.questions.map(({ file: _f, line: _l, ...q }) => q)]))

export type SeedReport = { hash: string; changed: boolean; added: number; updated: number; retired: number }

/**
 * Loads a validated bank into the database in one atomic batch. A question whose content changed
 * gets a new version; the old version stays for the responses that answered it.
 */
export async function seedBank(db: Db, bank: Bank): Promise<SeedReport> {
  const hash = await bankHash(bank)
  if ((await readBankHash(db)) === hash) return { hash, changed: false, added: 0, updated: 0, retired: 0 }
  const existing = await db.select({ id: questions.id, version: questions.version, hash: questions.hash, current: questions.current }).from(questions)
  const latest = new Map<string, { version: number; hash: string; current: boolean }>()
  for (const row of existing) if ((latest.get(row.id)?.version ?? -1) < row.version) latest.set(row.id, row)

  const now = Date.now()
  const writes = []
  let added = 0, updated = 0, retired = 0
  const inBank = new Set<string>()
  for (const q of bank.questions) {
    inBank.add(q.id)
    // Hashed before the ids are drawn, so an unchanged question keeps its version.
    const row = renderQuestion(q)
    const contentHash = await sha256(JSON.stringify([renderVersion, row]))
    const prev = latest.get(q.id)
    if (prev && prev.hash === contentHash) {
      if (!prev.current) writes.push(db.update(questions).set({ current: true }).where(and(eq(questions.id, q.id), eq(questions.version, prev.version))))
      continue
    }
    if (prev) {
      writes.push(db.update(questions).set({ current: false }).where(eq(questions.id, q.id)))
      updated++
    } else added++
    writes.push(db.insert(questions).values({ ...withOpaqueOptionIds(row), version: (prev?.version ?? 0) + 1, current: true, hash: contentHash, createdAt: now }))
  }
  for (const [id, prev] of latest) {
    if (!inBank.has(id) && prev.current) {
      writes.push(db.update(questions).set({ current: false }).where(eq(questions.id, id)))
      retired++
    }
  }
  const setMeta = (key: string, value: string) => db.insert(meta).values({ key, value }).onConflictDoUpdate({ target: meta.key, set: { value } })
  bank.areas.forEach((a, i) => {
    writes.push(db.insert(areas).values({ id: a.id, name: a.name, summary: a.summary, position: i })
      .onConflictDoUpdate({ target: areas.id, set: { name: a.name, summary: a.summary, position: i } }))
    a.topics.forEach((t, j) => {
      const values = { id: t.id, areaId: a.id, name: t.name, summary: t.summary, position: i * 100 + j }
      writes.push(db.insert(topics).values(values).onConflictDoUpdate({ target: topics.id, set: values }))
    })
  })
  writes.push(setMeta('levels', JSON.stringify(bank.levels)), setMeta('phases', JSON.stringify(bank.phases)), setMeta('bank_hash', hash))
  await db.batch(writes as [typeof writes[number], ...typeof writes])
  return { hash, changed: true, added, updated, retired }
}
