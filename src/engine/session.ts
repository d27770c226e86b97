import { keptIn } from './kept.js'
import { posterior, summarise as summarisePosterior, type Estimate, type ItemParams, type Prior } from './irt.js'
import { levelProbabilities, mostProbableLevel } from './levels.js'
import { mulberry32, shuffle } from './random.js'
import { selectNext } from './select.js'
import { defaultStopRules, stopReason, type StopReason } from './stop.js'
import type { Level, LevelId, QuestionType } from './types.js'

// One session's course, as pure functions of the bank, the plan and the answers so far: the engine
// keeps nothing of a session between requests, so any server (or isolate) can carry on any session.

export type Mode = 'practice' | 'assessment' | 'screen-practice' | 'screen'
export type Form = 'adaptive' | 'fixed'

export type Item = { id: string; version: number; area: string; topic: string; phase: string; level: LevelId; type: QuestionType; params: ItemParams }
export type Answered = { item: Item; correct: boolean }
export type Plan = { mode: Mode; form: Form; length: number; topics: readonly string[]; prior: Prior; seed: number }
export type Step = { item: Item; end?: undefined } | { item?: undefined; end: StopReason | 'bank-exhausted' }

/** Practice runs the length the taker asked for; measured modes may stop early once the level is known. */
const stopsEarly = (plan: Plan) => plan.form === 'adaptive' && plan.mode !== 'practice'

/** A fixed form: the pool shuffled by the session's seed, dealt round-robin over topics for balance. */
export function fixedForm(pool: readonly Item[], plan: Plan): Item[] {
  const byTopic = new Map<string, Item[]>()
  for (const item of shuffle(pool, mulberry32(plan.seed))) {
    byTopic.set(item.topic, [...(byTopic.get(item.topic) ?? []), item])
  }
  const piles = shuffle([...byTopic.values()], mulberry32(plan.seed + 1))
  const form: Item[] = []
  for (let round = 0; form.length < plan.length && piles.some((p) => p.length > round); round++) {
    for (const pile of piles) if (pile[round] && form.length < plan.length) form.push(pile[round]!)
  }
  return form
}

// A scope's items, kept per bank and scope: selectNext keeps its typed arrays per pool array, so a
// session's answers reuse them instead of filtering and converting the bank on every answer. Derived
// from the bank alone; bounded, as scopes are the takers' choice.
const pools = new WeakMap<readonly Item[], Map<string, Item[]>>()
const keptScopes = 64
function poolOf(items: readonly Item[], topics: readonly string[]): Item[] {
  let byScope = pools.get(items)
  if (!byScope) pools.set(items, (byScope = new Map()))
  return keptIn(byScope, topics.join('\n'), keptScopes, () => {
    const wanted = new Set(topics)
    return items.filter((i) => wanted.has(i.topic))
  })
}

/** What comes after the answers so far: the next item, or why the session ends. */
export function nextStep(items: readonly Item[], levels: readonly Level[], answered: readonly Answered[], plan: Plan): Step {
  const pool = poolOf(items, plan.topics)
  const seen = new Set(answered.map((a) => a.item.id))
  if (answered.length >= plan.length) return { end: 'max-length' }
  if (plan.form === 'fixed') {
    const item = fixedForm(pool, plan).find((i) => !seen.has(i.id))
    return item ? { item } : { end: 'bank-exhausted' }
  }
  const responses = answered.map((a) => ({ item: a.item.params, correct: a.correct }))
  const post = posterior(responses, { prior: plan.prior })
  const { theta, se } = summarisePosterior(post)
  if (stopsEarly(plan) && answered.length > 0) {
    const rules = { ...defaultStopRules, maxItems: plan.length, minItems: Math.min(defaultStopRules.minItems, plan.length) }
    const reason = stopReason({ count: answered.length, se, levelProbabilities: levelProbabilities(post, levels) }, rules)
    if (reason) return { end: reason }
  }
  const topicCounts = new Map<string, number>()
  for (const a of answered) topicCounts.set(a.item.topic, (topicCounts.get(a.item.topic) ?? 0) + 1)
  const pick = selectNext(pool, { theta, answered: seen, topicCounts }, { random: mulberry32(plan.seed + answered.length * 7919) })
  const item = pick && pool.find((i) => i.id === pick.id)
  return item ? { item } : { end: 'bank-exhausted' }
}

export type Measure = Estimate & { levelProbabilities: Record<LevelId, number>; level: LevelId }

export function measure(answered: readonly Answered[], prior: Prior, levels: readonly Level[]): Measure {
  const post = posterior(answered.map((a) => ({ item: a.item.params, correct: a.correct })), { prior })
  const probs = levelProbabilities(post, levels)
  return { ...summarisePosterior(post), levelProbabilities: probs, level: mostProbableLevel(probs) }
}
