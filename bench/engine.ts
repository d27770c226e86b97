/**
 * npm run bench:engine — time of one adaptive step on a synthetic bank of 10,000 items:
 * choosing the next item (selectNext) and updating the estimate from the responses so far
 * (posterior + EAP summary + level probabilities + stop rule), as a request would do them.
 * Prints per-call microseconds (median and p99) for each part and for the whole step.
 */
import { estimateAbility, posterior, summarise, type ItemResponse } from '../src/engine/irt.js'
import { levelProbabilities } from '../src/engine/levels.js'
import { mulberry32, normal } from '../src/engine/random.js'
import { selectNext, type Candidate } from '../src/engine/select.js'
import { defaultStopRules, stopReason } from '../src/engine/stop.js'
import type { Level } from '../src/engine/types.js'

const levels: Level[] = [
  { id: 'junior', name: 'Junior', centre: -1.5, upTo: -0.75, years: [0, 2] },
  { id: 'mid', name: 'Mid-level', centre: 0, upTo: 0.75, years: [2, 5] },
  { id: 'senior', name: 'Senior', centre: 1.5, upTo: 2.25, years: [5, 8] },
  { id: 'principal', name: 'Principal', centre: 3, years: [8, 50] },
]

const ITEMS = 10_000
const TOPICS = 40
const CALLS = 5_000
const random = mulberry32(2024)
const pool: Candidate[] = Array.from({ length: ITEMS }, (_, i) => ({
  id: `item-${i}`,
  topic: `topic-${i % TOPICS}`,
  params: { a: 0.6 + random() * 1.6, b: normal(random) * 1.5, c: random() < 0.6 ? 0.25 : 0 },
}))

/** Sessions at every stage: 0 to maxItems answers, with their topic counts. */
type Session = { answered: Set<string>; topicCounts: Map<string, number>; responses: ItemResponse[] }
function session(length: number): Session {
  const answered = new Set<string>()
  const topicCounts = new Map<string, number>()
  const responses: ItemResponse[] = []
  for (let i = 0; i < length; i++) {
    const item = pool[Math.floor(random() * ITEMS)]!
    if (answered.has(item.id)) continue
    answered.add(item.id)
    topicCounts.set(item.topic, (topicCounts.get(item.topic) ?? 0) + 1)
    responses.push({ item: item.params, correct: random() < 0.6 })
  }
  return { answered, topicCounts, responses }
}
const sessions = Array.from({ length: 64 }, (_, i) => session(i % (defaultStopRules.maxItems + 1)))
const worst = Array.from({ length: 64 }, () => session(defaultStopRules.maxItems))

function time(label: string, fn: (i: number) => void): void {
  for (let i = 0; i < 500; i++) fn(i) // warm up the JIT
  const samples = new Float64Array(CALLS)
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now()
    fn(i)
    samples[i] = (performance.now() - t0) * 1000
  }
  samples.sort()
  const at = (q: number): string => samples[Math.min(CALLS - 1, Math.floor(q * CALLS))]!.toFixed(1).padStart(7)
  console.log(`${label.padEnd(58)} median ${at(0.5)} µs   p99 ${at(0.99)} µs`)
}

let sink = 0
console.log(`engine bench: ${ITEMS} items, ${TOPICS} topics, ${CALLS} calls each, Node ${process.version}\n`)
time('selectNext (10,000 items, same pool array)', (i) => {
  const s = sessions[i % sessions.length]!
  const pick = selectNext(pool, { theta: -2 + (i % 41) / 10, answered: s.answered, topicCounts: s.topicCounts }, { random })
  sink += pick ? 1 : 0
})
time('selectNext, a new pool array each call (no cache)', (i) => {
  const s = sessions[i % sessions.length]!
  const pick = selectNext(pool.slice(), { theta: -2 + (i % 41) / 10, answered: s.answered, topicCounts: s.topicCounts }, { random })
  sink += pick ? 1 : 0
})
time(`estimateAbility EAP (${defaultStopRules.maxItems} responses, 161 points)`, (i) => {
  sink += estimateAbility(worst[i % worst.length]!.responses).theta
})
time(`estimateAbility MLE (${defaultStopRules.maxItems} responses)`, (i) => {
  sink += estimateAbility(worst[i % worst.length]!.responses, { method: 'MLE' }).theta
})
const step = (s: Session, i: number, candidates: readonly Candidate[] = pool): void => {
  const post = posterior(s.responses)
  const est = summarise(post)
  const probs = levelProbabilities(post, levels)
  if (stopReason({ count: s.responses.length, se: est.se, levelProbabilities: probs }) === null || i >= 0) {
    const pick = selectNext(candidates, { theta: est.theta, answered: s.answered, topicCounts: s.topicCounts }, { random })
    sink += pick ? 1 : 0
  }
}
time(`whole step, 0-${defaultStopRules.maxItems} answers (estimate + levels + stop + next)`, (i) => step(sessions[i % sessions.length]!, i))
time(`whole step, worst case (${defaultStopRules.maxItems} answers)`, (i) => step(worst[i % worst.length]!, i))
time(`whole step, worst case, a new pool array`, (i) => step(worst[i % worst.length]!, i, pool.slice()))
if (sink === Math.PI) console.log(sink) // keep the work observable
