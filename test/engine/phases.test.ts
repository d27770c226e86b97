import { describe, expect, it } from 'vitest'
import { posterior, probability } from '../../src/engine/irt.js'
import { MASTERY_THRESHOLD, nextPhase, phaseResults, type AnsweredItem, type PhaseItem } from '../../src/engine/phases.js'
import { phases } from './fixtures.js'

const p = (b: number) => ({ a: 1, b, c: 0 })
const scope: PhaseItem[] = [
  { id: 'h1', phase: 'beginner', topic: 'http-fundamentals', params: p(-2) },
  { id: 'h2', phase: 'beginner', topic: 'http-fundamentals', params: p(-1.5) },
  { id: 's1', phase: 'beginner', topic: 'sql-fundamentals', params: p(-1.5) },
  { id: 'd1', phase: 'intermediate', topic: 'database-design', params: p(0) },
  { id: 'd2', phase: 'intermediate', topic: 'database-design', params: p(0.5) },
  { id: 'a1', phase: 'intermediate', topic: 'auth', params: p(0) },
  { id: 'a2', phase: 'intermediate', topic: 'auth', params: p(-0.5) },
  { id: 'c1', phase: 'advanced', topic: 'caching', params: p(1.5) },
  { id: 'g1', phase: 'advanced', topic: 'postgresql', params: p(3) },
]
const answer = (id: string, correct: boolean): AnsweredItem => ({ ...scope.find((s) => s.id === id)!, correct })

describe('phaseResults', () => {
  it('is the mean model probability over the phase items in scope, at theta', () => {
    const results = phaseResults({ ability: { theta: 0 }, scope, answered: [], phases })
    // Beginner at theta 0: (P(b=-2) + P(b=-1.5) + P(b=-1.5)) / 3 = (0.88080 + 0.81757 + 0.81757) / 3 = 0.83865.
    expect(results[0]!.probability).toBeCloseTo(0.83865, 4)
    expect(results[0]!.mastered).toBe(true)
    // Intermediate: (0.5 + 0.37754 + 0.5 + 0.62246) / 4 = 0.5.
    expect(results[1]!.probability).toBeCloseTo(0.5, 4)
    expect(results[1]!.mastered).toBe(false)
    expect(results.map((r) => r.id)).toEqual(['beginner', 'intermediate', 'advanced'])
  })

  it('averages over the posterior when it is given', () => {
    const post = posterior([], { prior: { mean: 0, sd: 1 } })
    const results = phaseResults({ ability: { theta: 0, posterior: post }, scope, answered: [], phases })
    let expected = 0
    for (let i = 0; i < post.points.length; i++) expected += post.weights[i]! * probability(post.points[i]!, p(0.5))
    const d2 = results[1]!.topics.find((t) => t.topic === 'database-design')!
    const atTheta = (0.5 + probability(0, p(0.5))) / 2
    expect(d2.probability).not.toBeCloseTo(atTheta, 4)
    expect(d2.probability).toBeCloseTo((0.5 + expected) / 2, 2)
  })

  it('reports per topic the observed and the model-expected proportion correct', () => {
    const results = phaseResults({
      ability: { theta: 0 },
      scope,
      answered: [answer('d1', false), answer('d2', false), answer('a1', true)],
      phases,
    })
    const design = results[1]!.topics.find((t) => t.topic === 'database-design')!
    expect(design).toMatchObject({ items: 2, answered: 2, correct: 0, observed: 0, steps: ['Database Design'] })
    expect(design.expected).toBeCloseTo((0.5 + 0.37754) / 2, 4)
    const auth = results[1]!.topics.find((t) => t.topic === 'auth')!
    expect(auth.observed).toBe(1)
    expect(results[1]).toMatchObject({ answered: 3, correct: 1 })
  })

  it('has no verdict for a phase without items in scope', () => {
    const results = phaseResults({ ability: { theta: 0 }, scope: scope.filter((s) => s.phase !== 'advanced'), answered: [], phases })
    expect(results[2]).toMatchObject({ items: 0, probability: null, mastered: null })
  })
})

describe('nextPhase', () => {
  it('is the first phase below mastery, with its weakest topics and projects', () => {
    const next = nextPhase({
      ability: { theta: 0 },
      scope,
      answered: [answer('d1', false), answer('d2', false), answer('a1', true), answer('a2', true)],
      phases,
    })!
    expect(next.id).toBe('intermediate')
    expect(next.threshold).toBe(MASTERY_THRESHOLD)
    expect(next.projects).toEqual(['E-commerce backend'])
    // database-design: (0 right + 2 * 0.43877) / (2 + 2) = 0.219; auth: (2 + 2 * 0.56123) / 4 = 0.781.
    expect(next.weakTopics.map((t) => t.topic)).toEqual(['database-design', 'auth'])
    expect(next.weakTopics[0]!.estimate).toBeCloseTo(0.21939, 4)
  })

  it('is the beginner phase for a low theta, and null when every phase is mastered', () => {
    expect(nextPhase({ ability: { theta: -2 }, scope, answered: [], phases })!.id).toBe('beginner')
    expect(nextPhase({ ability: { theta: 6 }, scope, answered: [], phases })).toBeNull()
  })

  it('honours the threshold and the number of weak topics', () => {
    expect(nextPhase({ ability: { theta: 0 }, scope, answered: [], phases, threshold: 0.4 })!.id).toBe('advanced')
    expect(nextPhase({ ability: { theta: 0 }, scope, answered: [], phases, weakest: 1 })!.weakTopics).toHaveLength(1)
  })
})
