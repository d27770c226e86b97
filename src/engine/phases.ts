import { probability, type ItemParams, type Posterior } from './irt.js'
import type { Phase } from './types.js'

/** An item in the session's scope (its chosen areas/topics), with its authored learning phase. */
export type PhaseItem = { id: string; phase: string; topic: string; params: ItemParams }
/** An item the taker answered, scored. */
export type AnsweredItem = PhaseItem & { correct: boolean }

/** The ability the estimates are computed at: theta, and optionally its posterior. */
export type Ability = { theta: number; posterior?: Posterior }

export type PhaseInput = {
  ability: Ability
  /** Every item in scope (answered or not): a phase's probability is over all its items in scope. */
  scope: readonly PhaseItem[]
  /** The answered items with their scores. */
  answered: readonly AnsweredItem[]
  /** Phases from questions/phases.yaml, in learning order. */
  phases: readonly Phase[]
  /** Mastery threshold on the estimated probability of answering correctly (default 0.7). */
  threshold?: number
  /** How many weakest topics nextPhase returns (default 3). */
  weakest?: number
  D?: number
}

export type TopicResult = {
  topic: string
  /** Items of this topic and phase in scope. */
  items: number
  answered: number
  correct: number
  /** Observed proportion correct among the answered items (null when none was answered). */
  observed: number | null
  /** Model-expected proportion correct on the answered items at the ability (null when none). */
  expected: number | null
  /** Model-expected proportion correct over all the topic's items in scope for this phase. */
  probability: number
  /**
   * The topic's estimated proportion correct used to rank weakness: the observed answers shrunk
   * toward the model's expectation with the weight of WEAKNESS_PRIOR_ITEMS items, so one unlucky
   * answer does not make a topic the weakest, and an unanswered topic falls back on the model.
   */
  estimate: number
  /** The steps of phases.yaml that list this topic (their titles). */
  steps: string[]
}

export type PhaseResult = {
  id: string
  name: string
  /** Items of this phase in scope. */
  items: number
  answered: number
  correct: number
  /**
   * Estimated probability of answering this phase's items correctly: the mean model probability
   * over its items in scope, at theta (or averaged over the posterior when it is given). Null when
   * the phase has no items in scope: nothing to judge it by.
   */
  probability: number | null
  mastered: boolean | null
  topics: TopicResult[]
}

export type NextPhase = {
  id: string
  name: string
  probability: number
  threshold: number
  /** The phase's weakest topics, weakest first. */
  weakTopics: TopicResult[]
  /** The seed's recommended projects for the phase. */
  projects: string[]
}

/**
 * Mastery: an estimated 70% chance of answering the phase's questions correctly. This is the usual
 * mastery-learning criterion (70-80% correct); the lower end suits questions that include the
 * chance of guessing (a 4-option question is answered right 25% of the time by anyone).
 */
export const MASTERY_THRESHOLD = 0.7
/** Prior weight, in items, of the model's expectation when ranking weak topics. */
export const WEAKNESS_PRIOR_ITEMS = 2

function expectedCorrect(item: ItemParams, ability: Ability, D: number): number {
  const post = ability.posterior
  if (!post) return probability(ability.theta, item, D)
  let sum = 0
  for (let i = 0; i < post.points.length; i++) {
    const w = post.weights[i]!
    if (w > 1e-12) sum += w * probability(post.points[i]!, item, D)
  }
  return sum
}

/** Per phase (in the order given): estimated probability correct, mastery, and per-topic results. */
export function phaseResults(input: PhaseInput): PhaseResult[] {
  const threshold = input.threshold ?? MASTERY_THRESHOLD
  const D = input.D ?? 1
  const expectedById = new Map<string, number>()
  const expected = (item: PhaseItem): number => {
    let p = expectedById.get(item.id)
    if (p === undefined) {
      p = expectedCorrect(item.params, input.ability, D)
      expectedById.set(item.id, p)
    }
    return p
  }

  return input.phases.map((phase) => {
    const inScope = input.scope.filter((item) => item.phase === phase.id)
    const answered = input.answered.filter((item) => item.phase === phase.id)
    const topicIds = [...new Set([...inScope, ...answered].map((item) => item.topic))]

    const topics = topicIds.map((topic): TopicResult => {
      const scopeItems = inScope.filter((item) => item.topic === topic)
      const done = answered.filter((item) => item.topic === topic)
      const correct = done.filter((item) => item.correct).length
      const expectedDone = done.reduce((sum, item) => sum + expected(item), 0)
      const basis = scopeItems.length > 0 ? scopeItems : done
      const prob = basis.reduce((sum, item) => sum + expected(item), 0) / basis.length
      return {
        topic,
        items: scopeItems.length,
        answered: done.length,
        correct,
        observed: done.length > 0 ? correct / done.length : null,
        expected: done.length > 0 ? expectedDone / done.length : null,
        probability: prob,
        estimate: (correct + WEAKNESS_PRIOR_ITEMS * prob) / (done.length + WEAKNESS_PRIOR_ITEMS),
        steps: phase.steps.filter((step) => step.topics.includes(topic)).map((step) => step.title),
      }
    })

    const probabilityCorrect = inScope.length > 0 ? inScope.reduce((sum, item) => sum + expected(item), 0) / inScope.length : null
    return {
      id: phase.id,
      name: phase.name,
      items: inScope.length,
      answered: answered.length,
      correct: answered.filter((item) => item.correct).length,
      probability: probabilityCorrect,
      mastered: probabilityCorrect === null ? null : probabilityCorrect >= threshold,
      topics,
    }
  })
}

/**
 * The next learning phase: the first phase (in learning order) with items in scope whose
 * estimated probability correct is below the mastery threshold, with its weakest topics (lowest
 * `estimate` first) and the seed's recommended projects; null when every judged phase is mastered.
 */
export function nextPhase(input: PhaseInput): NextPhase | null {
  const threshold = input.threshold ?? MASTERY_THRESHOLD
  const results = phaseResults(input)
  for (const result of results) {
    if (result.probability === null || result.mastered) continue
    const phase = input.phases.find((p) => p.id === result.id)!
    const weakTopics = [...result.topics]
      .sort((x, y) => x.estimate - y.estimate || x.probability - y.probability || x.topic.localeCompare(y.topic))
      .slice(0, Math.max(0, input.weakest ?? 3))
    return {
      id: result.id,
      name: result.name,
      probability: result.probability,
      threshold,
      weakTopics,
      projects: [...phase.projects],
    }
  }
  return null
}
