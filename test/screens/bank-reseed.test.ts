import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { loadBank } from '../../src/bank/load'
import { seedBank } from '../../src/bank/seed'
import { openDatabase, questionsFolder } from '../../src/runtime/database'
import { and, eq } from 'drizzle-orm'
import type { Key } from '../../src/engine/score'
import type { Db } from '../../src/store/db'
import { questions, sessions } from '../../src/store/schema'
import { checkReuseMs } from '../../src/store/sessions'
import { jsonPost, rightAnswer, type PublicQuestion } from '../helpers'
import { hiringApp, hiringTeam } from './team'

// Two processes on one database (two Node servers, or two Worker isolates), each with its own copy
// of the bank: a re-seed is seen by whichever asks first, and the other must notice it too.

let t: Awaited<ReturnType<typeof hiringApp>>
beforeAll(async () => {
  t = await hiringApp()
})
afterAll(() => t.cleanup())

const revised = 'Revised for the re-seed.'
const afterReuse = () => new Promise((resolve) => setTimeout(resolve, 3 * checkReuseMs))

/** Every stem revised, so every question gets a new version; and a new area with a topic of its own. */
async function reseedRevised(db: Db, note = revised) {
  const bank = await loadBank(questionsFolder)
  const copies = bank.questions.filter((q) => q.area === 'databases').slice(0, 8)
    .map((q) => ({ ...q, id: `${q.id}-copy`, area: 'reseeded', topic: 'reseeded-topic' }))
  await seedBank(db, {
    ...bank,
    areas: [...bank.areas, { id: 'reseeded', name: 'Re-seeded', summary: 'Added by a re-seed.', topics: [{ id: 'reseeded-topic', name: 'Re-seeded topic', summary: 'New.' }] }],
    questions: [...bank.questions, ...copies].map((q) => ({ ...q, stem: `${q.stem}\n\n${note}` })),
  })
}

describe('a re-seed of the bank while screens run', () => {
  it('leaves the results, the reports, the invites and new screens on the bank as it now is', async () => {
    const cookie = await t.team.signIn()
    const screenId = await t.team.newScreen(cookie, [['areas', 'databases']])
    const [before, after, late] = await t.team.newInvite(cookie, screenId, 'Before\nAfter\nLate')
    await t.team.answerAll(await t.team.sessionOf(await t.team.post(`/invite/${before}/start`, [])))
    // This process now holds the bank as first seeded.
    expect((await t.team.get(`/screens/${screenId}`, cookie)).status).toBe(200)

    await reseedRevised(t.db)

    // Another process, its copy loaded after the re-seed, serves a candidate the new versions.
    const other = hiringTeam(createApp({ db: t.db, clientKey: () => 'other-process' }), t.db)
    await other.answerAll(await other.sessionOf(await other.post(`/invite/${after!}/start`, [])))

    // Back on this process: a candidate starting now gets the bank as it now is.
    const lateSession = await t.team.sessionOf(await t.team.post(`/invite/${late!}/start`, []))
    const view = await (await t.app.request(`/api/v1/sessions/${lateSession}`)).json() as { question: PublicQuestion }
    expect(view.question.stemHtml).toContain(revised)

    for (const path of [`/screens/${screenId}`, `/screens/${screenId}/results.csv`, `/screens/${screenId}/candidates/${before}`, `/invite/${after}`]) {
      expect((await t.team.get(path, cookie)).status, path).toBe(200)
    }
    const report = await t.team.get(`/screens/${screenId}/candidates/${after}`, cookie)
    expect(report.status).toBe(200)
    expect(await report.text()).toContain(revised)
    // A screen of the area only the new bank has.
    await t.team.newScreen(cookie, [['areas', 'reseeded']])
  })
})

// Takers on this process; the re-seed from another one, as `npm run db:seed` on its own connection.
type Reply = { session: { question?: PublicQuestion } }
const startPractice = async () => (await (await t.app.request('/api/v1/sessions', jsonPost({ mode: 'practice', length: 6, areas: ['databases'] }))).json()) as { id: string; question: PublicQuestion }
const answerRightly = async (id: string, q: PublicQuestion) => (await (await t.app.request(`/api/v1/sessions/${id}/responses`,
  jsonPost({ questionId: q.id, answer: rightAnswer(await askedKey(id)) }))).json()) as Reply
/** The key of the version the session asks now: a re-seed gives new versions new option ids. */
async function askedKey(id: string): Promise<Key> {
  const [session] = await t.db.select().from(sessions).where(eq(sessions.id, id))
  const [asked] = await t.db.select({ key: questions.key }).from(questions)
    .where(and(eq(questions.id, session!.questionId!), eq(questions.version, session!.questionVersion!)))
  return asked!.key as Key
}
async function reseedElsewhere(note: string) {
  const cli = await openDatabase(t.url)
  await reseedRevised(cli.db, note)
  cli.close()
  // Another process's commit is noticed by the reads that start a little after it.
  await afterReuse()
}

describe('a re-seed by another process while takers answer', () => {
  it('is noticed by the next answer, though this process keeps the session in memory', async () => {
    const started = await startPractice()
    const second = (await answerRightly(started.id, started.question)).session.question!
    await reseedElsewhere('Revised by another process.')
    const third = (await answerRightly(started.id, second)).session.question!
    expect(third.stemHtml).toContain('Revised by another process.')
  })
})

describe('a re-seed by another process, first seen by a read that finds no session', () => {
  it('still reaches the sessions started after it', async () => {
    const first = await startPractice()
    await answerRightly(first.id, first.question)
    await reseedElsewhere('Revised once more.')
    // An old link: the read that notices the commit finds no session, so it brings no bank hash.
    expect((await t.app.request('/api/v1/sessions/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404)
    // Started from the bank this process had; its questions after the first come from the bank as it now is.
    const later = await startPractice()
    const reply = await answerRightly(later.id, later.question)
    expect(reply.session.question!.stemHtml).toContain('Revised once more.')
  })
})
