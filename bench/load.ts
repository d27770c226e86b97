// npm run bench — N concurrent simulated takers through complete sessions against the real Node
// server on a temp database, beside two ceilings measured in the same run on this machine:
//   bare: a Hono route that does nothing, on the same server (the framework's ceiling);
//   raw libSQL: the read statement and write batch of one answer, back to back in-process, no HTTP.
// The takers run twice: flat out (autocannon, each sends its next request the moment a reply
// comes: the server's most answers per second), then paced (each sends on a fixed schedule, the
// N of them together at 60% of the raw ceiling: the latency a taker sees at that load).
// @ts-expect-error autocannon ships no types; its options and result are described in its README
import autocannon from 'autocannon'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startServer } from '../test/e2e/server'
import { requestsPerTaker } from './requests'
import { fitting, pacedTakers, type Question } from './paced'
import { migrateDatabase, openDatabase, seedDatabase } from '../src/runtime/database'
import { createSession, readSessionState, recordAnswer, newSessionId } from '../src/store/sessions'

const { values } = parseArgs({ options: { takers: { type: 'string', default: '100' }, seconds: { type: 'string', default: '15' } } })
const takers = Number(values.takers)
const seconds = Number(values.seconds)
// The goal's 50% of the raw ceiling, with room for the session starts the takers send as well.
const pacedShare = 0.6

async function rawLibsqlCeiling(ms: number) {
  const dir = mkdtempSync(join(tmpdir(), 'levelset-raw-'))
  const { db, close } = await openDatabase(`file:${join(dir, 'raw.db')}`, { owned: false })
  await migrateDatabase(db)
  await seedDatabase(db)
  const base = { mode: 'assessment' as const, form: 'fixed' as const, status: 'active' as const, areas: [], topics: [], length: 1_000_000, experienceYears: null, seed: 1, questionVersion: 1, deadline: null, targetLevel: null, stopReason: null, finishedAt: null, focusLosses: 0, focusLostAt: null }
  let pairs = 0
  const end = Date.now() + ms
  while (Date.now() < end) {
    const session = await createSession(db, { ...base, id: newSessionId(), position: 0, questionId: 'q-0', presentedAt: Date.now(), createdAt: Date.now() })
    for (let i = 0; i < 20 && Date.now() < end; i++) {
      const state = (await readSessionState(db, session.id))!
      await recordAnswer(db, {
        session: state.session,
        response: { questionId: `q-${i}`, questionVersion: 1, answer: 'a', correct: true, answeredAt: Date.now() },
        next: { questionId: `q-${i + 1}`, questionVersion: 1 },
      })
      pairs++
    }
  }
  close()
  rmSync(dir, { recursive: true, force: true })
  return pairs / (ms / 1000)
}

type Result = { requests: { average: number; total: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number }
type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string }
type Options = {
  url: string; connections: number; duration: number
  requests?: { setupRequest: (req: Request, context: object) => Request; onResponse: (status: number, body: string, context: object) => void }[]
}
function run(opts: Options): Promise<Result> {
  return new Promise((resolve, reject) => autocannon(opts, (err: Error | null, result: Result) => (err ? reject(err) : resolve(result))))
}

const server = await startServer({ LEVELSET_BENCH: '1', RATE_LIMIT_SESSIONS: '1000000', RATE_LIMIT_ANSWERS: '1000000' })
try {
  console.log(`Levelset load benchmark: ${takers} concurrent takers, ${seconds} s per phase, on ${server.url}`)
  const bare = await run({ url: `${server.url}/__bench/bare`, connections: takers, duration: seconds })
  const raw = await rawLibsqlCeiling(seconds * 1000)

  let answers = 0, starts = 0, finished = 0, refused = 0
  const answerLatency: number[] = [], startLatency: number[] = []
  const quiz = await run({
    url: server.url,
    connections: takers,
    duration: seconds,
    // Long enough that no taker wraps around it, and no longer (see requestsPerTaker).
    requests: Array.from({ length: requestsPerTaker(bare.requests.total, takers) }, () => ({
      setupRequest: (req, context) => {
        const ctx = context as { id?: string; q?: Question; sent?: number }
        ctx.sent = performance.now()
        const headers = { 'content-type': 'application/json' }
        if (!ctx.id || !ctx.q) return { ...req, method: 'POST', path: '/api/v1/sessions', headers, body: JSON.stringify({ mode: 'assessment', length: 20 }) }
        return { ...req, method: 'POST', path: `/api/v1/sessions/${ctx.id}/responses`, headers, body: JSON.stringify({ questionId: ctx.q.id, answer: fitting(ctx.q) }) }
      },
      onResponse: (status, body, context) => {
        const ctx = context as { id?: string; q?: Question; sent?: number; warm?: boolean }
        const took = performance.now() - ctx.sent!
        if (status >= 400) { refused++; ctx.id = undefined; return }
        const reply = JSON.parse(body) as { id?: string; question?: Question; session?: { question?: Question } }
        if (reply.session) {
          answers++
          answerLatency.push(took)
          ctx.q = reply.session.question
          if (!ctx.q) { finished++; ctx.id = undefined }
        } else {
          starts++
          // A connection's first request also waits for autocannon to open it: not the server's time.
          if (ctx.warm) startLatency.push(took)
          ctx.warm = true
          ctx.id = reply.id
          ctx.q = reply.question
        }
      },
    })),
  })
  const paced = await pacedTakers(server.url, takers, pacedShare * raw, seconds)
  const pctl = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!.toFixed(0)

  const answersPerSecond = answers / seconds
  const pacedPerSecond = paced.answers / paced.seconds
  const rows = [
    ['bare Hono route (framework ceiling)', `${bare.requests.average.toFixed(0)} req/s`, `p50 ${bare.latency.p50} ms`, `p99 ${bare.latency.p99} ms`, `errors ${bare.errors + bare.non2xx}`],
    ['raw libSQL read+write batch pairs', `${raw.toFixed(0)} pairs/s`, '', '', ''],
    ['flat out: answers', `${answersPerSecond.toFixed(0)} answers/s`, `p50 ${pctl(answerLatency, 0.5)} ms`, `p99 ${pctl(answerLatency, 0.99)} ms`, `errors ${quiz.errors + quiz.non2xx} (refused ${refused})`],
    ['flat out: session starts', `${(starts / seconds).toFixed(0)} starts/s`, `p50 ${pctl(startLatency, 0.5)} ms`, `p99 ${pctl(startLatency, 0.99)} ms`, ''],
    [`paced at ${pacedShare * 100}% of raw: answers`, `${pacedPerSecond.toFixed(0)} answers/s`, `p50 ${pctl(paced.answerLatency, 0.5)} ms`, `p99 ${pctl(paced.answerLatency, 0.99)} ms`, `errors ${paced.errors}`],
    ['paced: session starts', `${(paced.starts / paced.seconds).toFixed(0)} starts/s`, `p50 ${pctl(paced.startLatency, 0.5)} ms`, `p99 ${pctl(paced.startLatency, 0.99)} ms`, ''],
  ]
  for (const r of rows) console.log(`  ${r[0]!.padEnd(38)} ${r.slice(1).map((x) => x.padEnd(16)).join(' ')}`)
  console.log(`  flat out: sessions started ${starts}, finished ${finished}; with no pause, by Little's law latency ~ takers / throughput = ${(1000 * takers / answersPerSecond).toFixed(0)} ms`)
  console.log(`  flat out, answer throughput: ${(100 * answersPerSecond / bare.requests.average).toFixed(1)}% of the bare route, ${(100 * answersPerSecond / raw).toFixed(1)}% of the raw libSQL ceiling`)
  console.log(`  paced: ${(100 * pacedPerSecond / raw).toFixed(1)}% of the raw libSQL ceiling over the ${paced.seconds.toFixed(1)} s the schedule took, ${paced.starts} sessions started; the load generator's own event loop ran late by p99 ${paced.generatorDelay.p99.toFixed(0)} ms, at most ${paced.generatorDelay.max.toFixed(0)} ms`)
  if (paced.errors) console.log(`  paced errors: ${Object.entries(paced.errorKinds).map(([kind, n]) => `${kind} x${n}`).join(', ')}`)
  const ok = quiz.errors + quiz.non2xx + paced.errors === 0 && Number(pctl(paced.answerLatency, 0.99)) < 50 && Number(pctl(paced.startLatency, 0.99)) < 50 && pacedPerSecond >= 0.5 * raw
  console.log(`  goals at ${takers} takers (0 errors, p99 < 50 ms at >= 50% of the raw libSQL ceiling): ${ok ? 'met' : 'NOT met'}`)
} finally {
  await server.stop()
}
