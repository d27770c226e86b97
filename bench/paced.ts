import { Agent, request } from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'

export type Question = { id: string; type: string; options: { id: string }[] }

/** An answer the server accepts for any question: right or wrong does not matter to the load. */
export const fitting = (q: Question) => (q.type === 'number' ? 1 : q.type === 'multiple' || q.type === 'order' ? q.options.map((o) => o.id) : q.options[0]!.id)

const errorCode = (body: string) => {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? ''
  } catch {
    return ''
  }
}

export type PacedRun = {
  answers: number; starts: number; errors: number; answerLatency: number[]; startLatency: number[]; seconds: number
  /** What the errors were, and how many of each: the status and error code, or the connection's error. */
  errorKinds: Record<string, number>
  /** How late this process's own event loop ran, in ms: a request it sent late counts as slow too. */
  generatorDelay: { p99: number; max: number }
}

/**
 * Takers who each send a request every takers/rate seconds, on a fixed schedule: a session start,
 * then its answers one by one until it ends, then a new session. autocannon's own rate limit sends
 * a connection's whole second of requests at once, then waits for the next second, so it cannot
 * pace. A reply that comes late does not move the schedule, and its latency counts from when the
 * request was due, not from when it could go out (no coordinated omission).
 */
export async function pacedTakers(url: string, takers: number, rate: number, seconds: number): Promise<PacedRun> {
  // A connection of its own for each taker, as each has a browser of its own. One pool for all would
  // reuse its most recent sockets and leave the rest idle until the server closes them (keep-alive
  // timeout, 5 s), and a burst that reaches for one as it closes fails as a connection error.
  const agents = Array.from({ length: takers }, () => new Agent({ keepAlive: true, maxSockets: 1 }))
  const { hostname, port } = new URL(url)
  const send = (agent: Agent, path: string, body?: unknown) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    const data = body === undefined ? '' : JSON.stringify(body)
    const req = request({ hostname, port, path, method: body === undefined ? 'GET' : 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      let text = ''
      res.on('error', reject).setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode!, body: text }))
    })
    // A server that stops answering is an error, not a run that never ends.
    req.setTimeout(10_000, () => req.destroy(new Error('no reply in 10 s')))
    req.on('error', reject).end(data)
  })
  const run: PacedRun = { answers: 0, starts: 0, errors: 0, errorKinds: {}, answerLatency: [], startLatency: [], seconds, generatorDelay: { p99: 0, max: 0 } }
  const failed = (kind: string) => {
    run.errors++
    run.errorKinds[kind] = (run.errorKinds[kind] ?? 0) + 1
  }
  const delay = monitorEventLoopDelay({ resolution: 5 })
  const interval = (1000 * takers) / rate

  async function taker(agent: Agent, first: number) {
    let session: { id: string; question: Question } | undefined
    for (let due = first; due < end; due += interval) {
      const wait = due - performance.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      const reply = await (session
        ? send(agent, `/api/v1/sessions/${session.id}/responses`, { questionId: session.question.id, answer: fitting(session.question) })
        : send(agent, '/api/v1/sessions', { mode: 'assessment', length: 20 })).catch((e: Error & { code?: string }) => ({ status: 0, body: e.code ?? e.message }))
      if (reply.status < 200 || reply.status >= 300) {
        failed(reply.status === 0 ? reply.body : `${reply.status} ${errorCode(reply.body)}`)
        session = undefined
        continue
      }
      const json = JSON.parse(reply.body) as { id?: string; question?: Question; session?: { question?: Question } }
      if (json.session) {
        run.answers++
        run.answerLatency.push(performance.now() - due)
        session = json.session.question && { id: session!.id, question: json.session.question }
      } else {
        run.starts++
        run.startLatency.push(performance.now() - due)
        session = { id: json.id!, question: json.question! }
      }
    }
  }
  // Each taker's connection is open before the schedule starts: opening it is not the server's time.
  await Promise.all(agents.map((agent) => send(agent, '/healthz').catch(() => undefined)))
  // Spread over the first interval, so that the takers do not all send at once.
  const start = performance.now()
  const end = start + seconds * 1000
  delay.enable()
  await Promise.all(agents.map((agent, i) => taker(agent, start + (i * interval) / takers)))
  delay.disable()
  run.generatorDelay = { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 }
  for (const agent of agents) agent.destroy()
  // The schedule is kept however late the replies come, so a slow server makes the run longer than
  // asked: rates are over the time it really took.
  run.seconds = (performance.now() - start) / 1000
  return run
}
