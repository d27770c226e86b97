import { createClient } from '@libsql/client'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer } from '../e2e/server'

// Kill -9 the real server in the middle of concurrent sessions; after a restart every answer that
// got a 2xx must be stored, and every session must resume at the right question.

type Question = { id: string; type: string; options: { id: string }[] }
type Acked = { questionId: string; answer: unknown; position: number }
/** An answer as the server stores it: a multiple-choice answer is a set, kept sorted. */
const asStored = (q: Question, answer: unknown) => (q.type === 'multiple' ? [...(answer as string[])].sort() : answer)
const liftedLimits = { RATE_LIMIT_SESSIONS: '100000', RATE_LIMIT_ANSWERS: '100000' }
const fitting = (q: Question) => (q.type === 'number' ? 1 : q.type === 'multiple' || q.type === 'order' ? q.options.map((o) => o.id) : q.options[0]!.id)
const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

let stopAll: (() => Promise<void>) | undefined
afterAll(async () => stopAll?.())

describe('a crash under load', () => {
  it('loses no acknowledged answer and resumes every session where it was', async () => {
    const first = await startServer(liftedLimits)
    const takers = await Promise.all(Array.from({ length: 20 }, async () => {
      const s = await (await post(`${first.url}/api/v1/sessions`, { mode: 'assessment', length: 60, form: 'fixed' })).json() as { id: string; question: Question }
      return { id: s.id, question: s.question as Question | undefined, acked: [] as Acked[] }
    }))
    let killed = false
    const drive = takers.map(async (t) => {
      while (!killed && t.question) {
        const q = t.question
        const answer = fitting(q)
        try {
          const res = await post(`${first.url}/api/v1/sessions/${t.id}/responses`, { questionId: q.id, answer })
          if (res.status !== 200) throw new Error(`unexpected ${res.status}`)
          const reply = await res.json() as { position: number; session: { question?: Question } }
          t.acked.push({ questionId: q.id, answer: asStored(q, answer), position: reply.position })
          t.question = reply.session.question
        } catch (e) {
          if (!killed) throw e
        }
      }
    })
    await new Promise((r) => setTimeout(r, 1500))
    killed = true
    first.proc.kill('SIGKILL')
    await Promise.allSettled(drive)
    const total = takers.reduce((n, t) => n + t.acked.length, 0)
    expect(total).toBeGreaterThan(50)

    const second = await startServer(liftedLimits, { dir: first.dir, dbUrl: first.dbUrl })
    stopAll = () => second.stop()
    const db = createClient({ url: first.dbUrl })
    for (const t of takers) {
      const rows = (await db.execute({ sql: 'select position, question_id, answer from responses where session_id = ? order by position', args: [t.id] })).rows
      // Every acknowledged answer is there, as sent (in stored form); at most one more got stored without its reply arriving.
      for (const a of t.acked) {
        const row = rows.find((r) => r.position === a.position)
        expect(row, `${t.id} answer ${a.position}`).toBeDefined()
        expect(row!.question_id).toBe(a.questionId)
        expect(JSON.parse(String(row!.answer))).toEqual(a.answer)
      }
      expect(rows.length - t.acked.length).toBeGreaterThanOrEqual(0)
      expect(rows.length - t.acked.length).toBeLessThanOrEqual(1)
      const view = await (await fetch(`${second.url}/api/v1/sessions/${t.id}`)).json() as { position: number; question?: Question }
      expect(view.position).toBe(rows.length)
      if (rows.length === t.acked.length && t.question) expect(view.question?.id).toBe(t.question.id)
      expect(rows.map((r) => r.question_id)).not.toContain(view.question?.id)
    }
    db.close()
  }, 120_000)
})
