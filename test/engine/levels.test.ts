import { describe, expect, it } from 'vitest'
import { posterior, grid, type Posterior } from '../../src/engine/irt.js'
import { levelOf, levelProbabilities, mostProbableLevel, priorFor } from '../../src/engine/levels.js'
import { LEVEL_IDS } from '../../src/engine/types.js'
import { levels } from './fixtures.js'

const sum = (r: Record<string, number>): number => Object.values(r).reduce((s, x) => s + x, 0)

describe('levelOf', () => {
  it('puts theta in the band below its cut score', () => {
    expect(levelOf(-3, levels)).toBe('junior')
    expect(levelOf(-0.76, levels)).toBe('junior')
    expect(levelOf(-0.75, levels)).toBe('mid')
    expect(levelOf(0.74, levels)).toBe('mid')
    expect(levelOf(2.24, levels)).toBe('senior')
    expect(levelOf(2.25, levels)).toBe('principal')
    expect(levelOf(9, levels)).toBe('principal')
  })
})

describe('levelProbabilities', () => {
  it('equals the normal probabilities of the bands for the N(0, 1) prior', () => {
    // Phi(-0.75) = 0.22663, Phi(0.75) - Phi(-0.75) = 0.54675, Phi(2.25) - Phi(0.75) = 0.21441,
    // 1 - Phi(2.25) = 0.01222 (normal table; the prior is truncated at ±4, which moves these by < 1e-4).
    const probs = levelProbabilities(posterior([]), levels)
    expect(probs.junior).toBeCloseTo(0.22663, 3)
    expect(probs.mid).toBeCloseTo(0.54675, 3)
    expect(probs.senior).toBeCloseTo(0.21441, 3)
    expect(probs.principal).toBeCloseTo(0.01222, 3)
  })

  it('sums to 1 for any posterior', () => {
    for (const [mean, sd] of [
      [-3, 0.3],
      [0, 1],
      [1, 0.2],
      [3.5, 0.5],
    ] as const) {
      const post = posterior([], { prior: { mean, sd } })
      expect(sum(levelProbabilities(post, levels))).toBeCloseTo(1, 12)
    }
    const coarse = posterior([{ item: { a: 1, b: 0, c: 0 }, correct: true }], { points: 9 })
    expect(sum(levelProbabilities(coarse, levels))).toBeCloseTo(1, 12)
  })

  it('splits a grid cell that a cut score crosses, so the grid does not matter', () => {
    const fine = levelProbabilities(posterior([], { prior: { mean: 0.7, sd: 0.4 }, points: 1601 }), levels)
    const odd = levelProbabilities(posterior([], { prior: { mean: 0.7, sd: 0.4 }, points: 97 }), levels)
    for (const id of LEVEL_IDS) expect(odd[id]).toBeCloseTo(fine[id], 2)
  })

  it('gives all the mass to the band of a point mass', () => {
    const points = grid([-4, 4], 81)
    const weights = points.map((x) => (Math.abs(x - 1.5) < 1e-9 ? 1 : 0))
    const post: Posterior = { points, weights }
    expect(levelProbabilities(post, levels)).toEqual({ junior: 0, mid: 0, senior: 1, principal: 0 })
  })
})

describe('mostProbableLevel', () => {
  it('is the level with the largest probability, the lower one on a tie', () => {
    expect(mostProbableLevel({ junior: 0.1, mid: 0.2, senior: 0.6, principal: 0.1 })).toBe('senior')
    expect(mostProbableLevel({ junior: 0.4, mid: 0.4, senior: 0.1, principal: 0.1 })).toBe('junior')
  })
})

describe('priorFor', () => {
  it('is N(0, 1) when the experience is blank or not a number of years', () => {
    for (const years of [undefined, null, Number.NaN, -1, Infinity]) expect(priorFor(years, levels)).toEqual({ mean: 0, sd: 1 })
  })

  it("moves the mean halfway toward the centre of the career table's level for the years, sd 1", () => {
    expect(priorFor(0, levels)).toEqual({ mean: -0.75, sd: 1 })
    expect(priorFor(1.9, levels)).toEqual({ mean: -0.75, sd: 1 })
    expect(priorFor(2, levels)).toEqual({ mean: 0, sd: 1 })
    expect(priorFor(6, levels)).toEqual({ mean: 0.75, sd: 1 })
    expect(priorFor(8, levels)).toEqual({ mean: 1.5, sd: 1 })
    expect(priorFor(70, levels)).toEqual({ mean: 1.5, sd: 1 })
  })
})
