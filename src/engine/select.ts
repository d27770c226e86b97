import type { ItemParams } from './irt.js'

export type Candidate = { id: string; topic: string; params: ItemParams }

export type SelectionState = {
  /** Current ability estimate (the prior mean before the first answer). */
  theta: number
  /** Ids of the items already given in this session: never given again. */
  answered: ReadonlySet<string>
  /** How many items of each topic this session has given so far (absent = 0). */
  topicCounts: ReadonlyMap<string, number>
}

export type SelectionOptions = {
  /** Randomesque exposure control: draw uniformly among the chosen topic's `topK` best items. */
  topK?: number
  /** Source of randomness in [0, 1): a seeded generator makes sessions reproducible. */
  random: () => number
  D?: number
  /**
   * Topic balancing tolerance: topics given at most this many more items than the least given
   * topic (with items left) are eligible. 0 (default) is strict rotation over the topics.
   */
  topicSlack?: number
}

/**
 * Default number of best items of the chosen topic to draw from. Chosen with the simulation
 * (npm run sim: 5,000 N(0, 1) takers, the bank's 664 questions in 27 topics with authored-level
 * parameters, default stop rules). Highest item exposure / mean length / level accuracy:
 *   K = 1: 67% / 28.8 / 0.827    K = 3: 35% / 29.2 / 0.828    K = 5: 23% / 31.1 / 0.829
 *   K = 6: 20% / 31.9 / 0.821    K = 8: 16% / 32.8 / 0.807
 * Exposure is about (items a taker gets per topic) / K, and falls as the bank grows more topics.
 * K = 6 keeps every item under the 25% exposure goal with a margin, at a small cost in length.
 * Tests on one area (5-8 topics) give each topic 4-6 items per taker, so their most informative
 * items reach 50-70% exposure whatever K is reasonable: pass a larger K for a screen on one area.
 */
export const DEFAULT_TOP_K = 6

/** Strict rotation: relaxing it (1, 2) made no measurable difference in the simulation. */
export const DEFAULT_TOPIC_SLACK = 0

function pick(n: number, random: () => number): number {
  const i = Math.floor(random() * n)
  return i < 0 ? 0 : i >= n ? n - 1 : i
}

/**
 * The pool in flat typed arrays, built once per pool array and cached in a WeakMap, so that a
 * caller that keeps its pool array (say, the bank's candidates for a scope, kept in memory) pays
 * the conversion once. The pool is treated as immutable: pass a new array when it changes. A new
 * array on every call still works; it costs the conversion each time (about 0.3 ms per 10,000
 * items here, see npm run bench:engine).
 */
type PreparedPool = {
  items: readonly Candidate[]
  first: Candidate | undefined
  last: Candidate | undefined
  topics: string[]
  /** Id to positions, to mark the answered items in O(answered). */
  index: Map<string, number[]>
  topicOf: Int32Array
  topicSize: Int32Array
  a: Float64Array
  b: Float64Array
  c: Float64Array
  d: Float64Array
  /** 2·ln(a): with 2·ln(D) it bounds an item's information without an exp (see selectNext). */
  logA2: Float64Array
}

const prepared = new WeakMap<readonly Candidate[], PreparedPool>()
/** Pool arrays seen once: a one-off array is scanned as it is, converted only when it comes back. */
const seenOnce = new WeakSet<readonly Candidate[]>()

function preparedFor(pool: readonly Candidate[]): PreparedPool | undefined {
  const cached = prepared.get(pool)
  const n = pool.length
  if (cached && cached.items.length === n && cached.first === pool[0] && cached.last === pool[n - 1]) return cached
  if (!seenOnce.has(pool)) {
    seenOnce.add(pool)
    return undefined
  }
  return prepare(pool)
}

function prepare(pool: readonly Candidate[]): PreparedPool {
  const n = pool.length
  const topicIndex = new Map<string, number>()
  const topics: string[] = []
  const topicOf = new Int32Array(n)
  const a = new Float64Array(n)
  const b = new Float64Array(n)
  const c = new Float64Array(n)
  const d = new Float64Array(n)
  const logA2 = new Float64Array(n)
  let lastTopic: string | undefined
  let lastIndex = -1
  for (let i = 0; i < n; i++) {
    const item = pool[i]!
    // Banks list a topic's items together: skip the map lookup while the topic repeats.
    if (item.topic !== lastTopic) {
      let t = topicIndex.get(item.topic)
      if (t === undefined) {
        t = topics.length
        topics.push(item.topic)
        topicIndex.set(item.topic, t)
      }
      lastTopic = item.topic
      lastIndex = t
    }
    topicOf[i] = lastIndex
    a[i] = item.params.a
    b[i] = item.params.b
    c[i] = item.params.c
    d[i] = item.params.d ?? 1
    logA2[i] = 2 * Math.log(Math.abs(item.params.a))
  }
  const index = new Map<string, number[]>()
  for (let i = 0; i < n; i++) {
    const same = index.get(pool[i]!.id)
    if (same) same.push(i)
    else index.set(pool[i]!.id, [i])
  }
  const topicSize = new Int32Array(topics.length)
  for (let i = 0; i < n; i++) topicSize[topicOf[i]!]!++
  const out: PreparedPool = { items: pool, first: pool[0], last: pool[n - 1], index, topics, topicOf, topicSize, a, b, c, d, logA2 }
  prepared.set(pool, out)
  return out
}

const LOG4 = Math.log(4)

/**
 * The next item, in the manner of Kingsbury and Zara's constrained CAT:
 * 1. topic balancing: only topics with unseen items in the pool and the fewest items given so far
 *    in this session are eligible;
 * 2. among them, the topic holding the most informative item (maximum Fisher information at
 *    `theta`);
 * 3. randomesque exposure control: an item drawn uniformly from that topic's `topK` most
 *    informative unseen items.
 * Never an answered item; `undefined` when nothing is left.
 *
 * Why randomise within the topic rather than among the best K of the whole pool: with balancing,
 * nearly every taker gets an item from nearly every topic, so a topic's single best item for the
 * typical ability would be shown to nearly everyone whatever K is; choosing among the topic's best
 * K caps an item's exposure near 1/K.
 *
 * Cost: one pass over the pool keeping a top-K per eligible topic (no sort of the pool). Most items
 * are rejected without an exp: information <= D²a²·L(1-L) <= D²a²·min(1/4, e^-|z|) (because
 * P >= (d-c)L and 1-P >= (d-c)(1-L)), so an item whose bound does not beat its topic's K-th best is
 * skipped. The scan starts at a random position so that ties (common while items are uncalibrated
 * and share their level's parameters) are broken evenly rather than by bank order.
 */
export function selectNext(pool: readonly Candidate[], state: SelectionState, opts: SelectionOptions): Candidate | undefined {
  const n = pool.length
  if (n === 0) return undefined
  const k = Math.max(1, Math.floor(opts.topK ?? DEFAULT_TOP_K))
  const D = opts.D ?? 1
  const { theta, answered, topicCounts } = state
  const slack = Math.max(0, opts.topicSlack ?? DEFAULT_TOPIC_SLACK)
  const P = preparedFor(pool)
  if (!P) return selectDirect(pool, state, k, D, slack, opts.random)
  const T = P.topics.length

  // Unseen items per topic, and the smallest count given among topics that still have some.
  const seen = new Uint8Array(n)
  const left = Int32Array.from(P.topicSize)
  for (const id of answered) {
    const at = P.index.get(id)
    if (at)
      for (const i of at)
        if (!seen[i]) {
          seen[i] = 1
          left[P.topicOf[i]!]!--
        }
  }
  const counts = new Float64Array(T)
  let minCount = Infinity
  for (let t = 0; t < T; t++) {
    counts[t] = topicCounts.get(P.topics[t]!) ?? 0
    if (left[t]! > 0 && counts[t]! < minCount) minCount = counts[t]!
  }
  if (minCount === Infinity) return undefined
  const maxCount = minCount + slack

  const { topicOf, a: A, b: B, c: C, d: Dd, logA2 } = P
  const logD2 = 2 * Math.log(Math.abs(D))
  const info = (i: number): number => {
    // Fisher information, as in irt.ts, with one exp.
    const z = D * A[i]! * (theta - B[i]!)
    const e = Math.exp(z < 0 ? z : -z)
    const L = z >= 0 ? 1 / (1 + e) : e / (1 + e)
    const M = z >= 0 ? e / (1 + e) : 1 / (1 + e)
    const span = Dd[i]! - C[i]!
    const p = C[i]! + span * L
    const q = 1 - Dd[i]! + span * M
    const s = D * A[i]! * span * L * M
    return p * q > 0 ? (s * s) / (p * q) : 0
  }
  /** ln of an upper bound of info(i): D²a²·min(1/4, e^-|z|), with no exp. */
  const logBound = (i: number): number => {
    const z = D * A[i]! * (theta - B[i]!)
    const absZ = z < 0 ? -z : z
    return logD2 + logA2[i]! - (absZ > LOG4 ? absZ : LOG4)
  }

  // Pass 1, from a random start: the most informative eligible item; its topic is the chosen one.
  // Items whose bound cannot beat the best so far are skipped without computing information.
  const start = pick(n, opts.random)
  let bestTopic = -1
  let bestInfo = -Infinity
  let logBest = -Infinity
  for (let j = 0; j < n; j++) {
    let i = start + j
    if (i >= n) i -= n
    if (seen[i] || counts[topicOf[i]!]! > maxCount) continue
    if (logBound(i) <= logBest) continue
    const x = info(i)
    if (x > bestInfo) {
      bestInfo = x
      logBest = Math.log(x)
      bestTopic = topicOf[i]!
    }
  }
  if (bestTopic < 0) return undefined

  // Pass 2, same order: the chosen topic's top-K (descending; ties keep scan order).
  const topInfo = new Float64Array(k)
  const topItem = new Int32Array(k)
  let size = 0
  let logKth = -Infinity
  for (let j = 0; j < n; j++) {
    let i = start + j
    if (i >= n) i -= n
    if (seen[i] || topicOf[i] !== bestTopic) continue
    if (size === k && logBound(i) <= logKth) continue
    const x = info(i)
    if (size === k && !(x > topInfo[k - 1]!)) continue
    let pos = size < k ? size++ : k - 1
    while (pos > 0 && x > topInfo[pos - 1]!) {
      topInfo[pos] = topInfo[pos - 1]!
      topItem[pos] = topItem[pos - 1]!
      pos--
    }
    topInfo[pos] = x
    topItem[pos] = i
    if (size === k) logKth = Math.log(topInfo[k - 1]!)
  }
  return pool[topItem[pick(size, opts.random)]!]
}

/**
 * selectNext on a pool array seen for the first time: the same choice (same scan order, same
 * random draws, same ties) straight from the objects, without converting the pool.
 */
function selectDirect(
  pool: readonly Candidate[],
  state: SelectionState,
  k: number,
  D: number,
  slack: number,
  random: () => number,
): Candidate | undefined {
  const n = pool.length
  const { theta, answered, topicCounts } = state
  const checkAnswered = answered.size > 0
  const info = (params: ItemParams): number => {
    const d = params.d ?? 1
    const z = D * params.a * (theta - params.b)
    const e = Math.exp(z < 0 ? z : -z)
    const L = z >= 0 ? 1 / (1 + e) : e / (1 + e)
    const M = z >= 0 ? e / (1 + e) : 1 / (1 + e)
    const span = d - params.c
    const p = params.c + span * L
    const q = 1 - d + span * M
    const s = D * params.a * span * L * M
    return p * q > 0 ? (s * s) / (p * q) : 0
  }
  /** Upper bound of the information without an exp: D²a²/4. */
  const cap = (params: ItemParams): number => 0.25 * D * D * params.a * params.a

  // Count given per topic with unseen items left, and the smallest.
  const given = new Map<string, number>()
  let minCount = Infinity
  for (let i = 0; i < n; i++) {
    const item = pool[i]!
    if (given.has(item.topic) || (checkAnswered && answered.has(item.id))) continue
    const count = topicCounts.get(item.topic) ?? 0
    given.set(item.topic, count)
    if (count < minCount) minCount = count
  }
  if (minCount === Infinity) return undefined
  const maxCount = minCount + slack
  const eligible = (topic: string): boolean => {
    const count = given.get(topic)
    return count !== undefined && count <= maxCount
  }

  // Pass 1, from a random start: the most informative eligible item; its topic is the chosen one.
  const start = pick(n, random)
  let bestTopic: string | undefined
  let bestInfo = -Infinity
  let lastTopic: string | undefined
  let lastEligible = false
  for (let j = 0; j < n; j++) {
    let i = start + j
    if (i >= n) i -= n
    const item = pool[i]!
    if (item.topic !== lastTopic) {
      lastTopic = item.topic
      lastEligible = eligible(item.topic)
    }
    if (!lastEligible || cap(item.params) <= bestInfo || (checkAnswered && answered.has(item.id))) continue
    const x = info(item.params)
    if (x > bestInfo) {
      bestInfo = x
      bestTopic = item.topic
    }
  }
  if (bestTopic === undefined) return undefined

  // Pass 2, same order: the chosen topic's top-K (descending; ties keep scan order).
  const topInfo: number[] = []
  const topItem: Candidate[] = []
  for (let j = 0; j < n; j++) {
    let i = start + j
    if (i >= n) i -= n
    const item = pool[i]!
    if (item.topic !== bestTopic) continue
    const full = topInfo.length === k
    if ((full && cap(item.params) <= topInfo[k - 1]!) || (checkAnswered && answered.has(item.id))) continue
    const x = info(item.params)
    if (full && !(x > topInfo[k - 1]!)) continue
    let pos = full ? k - 1 : topInfo.length
    while (pos > 0 && x > topInfo[pos - 1]!) {
      topInfo[pos] = topInfo[pos - 1]!
      topItem[pos] = topItem[pos - 1]!
      pos--
    }
    topInfo[pos] = x
    topItem[pos] = item
  }
  return topItem[pick(topItem.length, random)]
}
