import { describe, expect, it } from 'vitest'
import {
  estimateAbility,
  information,
  posterior,
  probability,
  summarise,
  testInformation,
  updatePosterior,
  priorPosterior,
  grid,
  type ItemParams,
  type ItemResponse,
} from '../../src/engine/irt.js'

const TOL = 2 // toBeCloseTo(x, 2): |difference| < 0.005, inside the contract's 0.01

const item = (a: number, b: number, c = 0, d?: number): ItemParams => (d === undefined ? { a, b, c } : { a, b, c, d })
const pattern = (items: ItemParams[], answers: number[]): ItemResponse[] => items.map((it, i) => ({ item: it, correct: answers[i] === 1 }))

// Reference values below were computed independently of this code base: by hand where shown, and
// otherwise with a throwaway plain-Python script (continuous integrals by Simpson's rule on 16,001
// points over -4..4 for EAP; Newton-Raphson on the score function for MLE).

describe('probability', () => {
  it('is 1/2 at theta = b for a 2PL item and c + (1 - c)/2 for a 3PL item', () => {
    expect(probability(0.7, item(1.3, 0.7))).toBeCloseTo(0.5, 10)
    expect(probability(0.7, item(1.3, 0.7, 0.25))).toBeCloseTo(0.625, 10)
  })

  it('matches hand computation for a 3PL item', () => {
    // a = 1.5, b = 0.5, c = 0.2, theta = 1: z = 1.5 * 0.5 = 0.75, e^-0.75 = 0.47237,
    // L = 1 / 1.47237 = 0.67918, P = 0.2 + 0.8 * 0.67918 = 0.74334.
    expect(probability(1, item(1.5, 0.5, 0.2))).toBeCloseTo(0.74334, 4)
  })

  it('matches hand computation for a 4PL item', () => {
    // a = 1.2, b = -0.5, c = 0.25, d = 0.95, theta = 0: z = 0.6, L = 1 / (1 + e^-0.6) = 1 / 1.54881
    // = 0.64566, P = 0.25 + 0.70 * 0.64566 = 0.70196.
    expect(probability(0, item(1.2, -0.5, 0.25, 0.95))).toBeCloseTo(0.70196, 4)
  })

  it('uses the scaling constant D', () => {
    // a = 1, b = 0, theta = 1, D = 1.702: P = 1 / (1 + e^-1.702) = 1 / 1.18232 = 0.84580.
    expect(probability(1, item(1, 0), 1.702)).toBeCloseTo(0.8458, 4)
  })

  it('stays within [c, d] and is monotone in theta', () => {
    const it4 = item(2, 0, 0.2, 0.9)
    let last = -1
    for (let t = -40; t <= 40; t += 0.5) {
      const p = probability(t, it4)
      expect(p).toBeGreaterThanOrEqual(0.2)
      expect(p).toBeLessThanOrEqual(0.9)
      expect(p).toBeGreaterThanOrEqual(last)
      last = p
    }
  })
})

describe('information', () => {
  it('is D²a²P(1-P) for a 2PL item', () => {
    // a = 2, b = 1, theta = 1: P = 1/2, I = 4 * 1/4 = 1.
    expect(information(1, item(2, 1))).toBeCloseTo(1, 10)
    // a = 1, b = 0, theta = 1, D = 1.702: I = 1.702² * 0.84580 * 0.15420 = 2.89680 * 0.13042 = 0.37782.
    expect(information(1, item(1, 0), 1.702)).toBeCloseTo(0.37782, 4)
  })

  it('matches the 3PL formula a²(P-c)²(1-P) / ((1-c)²P)', () => {
    // a = 1.5, b = 0.5, c = 0.2, theta = 1, P = 0.74334:
    // 2.25 * 0.54334² * 0.25666 / (0.64 * 0.74334) = 2.25 * 0.29522 * 0.25666 / 0.47574 = 0.35836.
    expect(information(1, item(1.5, 0.5, 0.2))).toBeCloseTo(0.35836, 4)
  })

  it('matches the 4PL formula a²(P-c)²(d-P)² / ((d-c)²P(1-P))', () => {
    // P = 0.70196 (above): 1.44 * 0.45196² * 0.24804² / (0.70² * 0.70196 * 0.29804) = 0.17653.
    expect(information(0, item(1.2, -0.5, 0.25, 0.95))).toBeCloseTo(0.17653, 4)
  })

  it('peaks at b for a 2PL item and just above b for a 3PL item', () => {
    const argmax = (it: ItemParams): number => {
      let best = -4
      for (let t = -4; t <= 4; t += 0.001) if (information(t, it) > information(best, it)) best = t
      return best
    }
    expect(argmax(item(1.4, 0.8))).toBeCloseTo(0.8, 2)
    // 3PL peak (Lord 1980): b + ln((1 + sqrt(1 + 8c)) / 2) / (D a)
    //   = 0.8 + ln((1 + sqrt(2.6)) / 2) / 1.4 = 0.8 + ln(1.30623) / 1.4 = 0.8 + 0.26714 / 1.4 = 0.99081.
    expect(argmax(item(1.4, 0.8, 0.2))).toBeCloseTo(0.99081, 2)
  })

  it('is finite and non-negative far from b', () => {
    for (const t of [-1000, -50, 50, 1000]) {
      const i = information(t, item(3, 0, 0.2))
      expect(Number.isFinite(i)).toBe(true)
      expect(i).toBeGreaterThanOrEqual(0)
    }
  })
})

// Baker, F. B. (2001), The Basics of Item Response Theory, 2nd ed., chapter 5: three items with
// (b, a) = (-1, 1.0), (0, 1.2), (1, 0.8), responses right, wrong, right; the book's MLE is
// theta = .3249 with standard error 1.23 (our Python: 0.32485 and 1.22957).
const baker = [item(1.0, -1), item(1.2, 0), item(0.8, 1)]
const bakerAnswers = [1, 0, 1]
const five = [item(1.0, -1.5, 0.25), item(1.2, -0.5, 0.2), item(0.8, 0), item(1.5, 0.5, 0.25), item(1.1, 1.5, 0.2)]
const fiveAnswers = [1, 1, 0, 1, 0]

describe('estimateAbility: MLE', () => {
  it("reproduces Baker's worked example", () => {
    const est = estimateAbility(pattern(baker, bakerAnswers), { method: 'MLE' })
    expect(est.theta).toBeCloseTo(0.3249, TOL)
    expect(est.se).toBeCloseTo(1.2296, TOL)
  })

  it('matches the reference for a 3PL pattern, with D = 1 and D = 1.702', () => {
    const r = pattern(five, fiveAnswers)
    const est = estimateAbility(r, { method: 'MLE' })
    expect(est.theta).toBeCloseTo(0.49089, TOL)
    expect(est.se).toBeCloseTo(1.06976, TOL)
    const est17 = estimateAbility(r, { method: 'MLE', D: 1.702 })
    expect(est17.theta).toBeCloseTo(0.40458, TOL)
    expect(est17.se).toBeCloseTo(0.72315, TOL)
  })

  it('matches the reference for a 4PL pattern', () => {
    const four = [item(1.3, -1, 0.2, 0.95), item(0.9, 0, 0.25, 0.98), item(1.6, 0.8, 0.1, 0.9), item(1.0, 2, 0.2, 1)]
    const est = estimateAbility(pattern(four, [1, 0, 1, 1]), { method: 'MLE' })
    expect(est.theta).toBeCloseTo(1.73283, TOL)
    expect(est.se).toBeCloseTo(1.51574, TOL)
  })

  it('returns the bounds for all-correct and all-wrong patterns, se = 1/sqrt(information there)', () => {
    const right = estimateAbility(pattern(five, [1, 1, 1, 1, 1]), { method: 'MLE' })
    expect(right.theta).toBe(4)
    expect(right.se).toBeCloseTo(3.24437, TOL)
    const wrong = estimateAbility(pattern(five, [0, 0, 0, 0, 0]), { method: 'MLE' })
    expect(wrong.theta).toBe(-4)
    expect(wrong.se).toBeCloseTo(5.11071, TOL)
    expect(estimateAbility(pattern(five, [1, 1, 1, 1, 1]), { method: 'MLE', bounds: [-3, 3] }).theta).toBe(3)
  })
})

describe('estimateAbility: EAP', () => {
  it("matches the reference on Baker's pattern with a N(0, 1) prior", () => {
    const est = estimateAbility(pattern(baker, bakerAnswers))
    expect(est.theta).toBeCloseTo(0.1447, TOL)
    expect(est.se).toBeCloseTo(0.78851, TOL)
  })

  it('matches the reference for a 3PL pattern with several priors and D', () => {
    const r = pattern(five, fiveAnswers)
    const std = estimateAbility(r)
    expect(std.theta).toBeCloseTo(0.14026, TOL)
    expect(std.se).toBeCloseTo(0.80106, TOL)
    const shifted = estimateAbility(r, { prior: { mean: 1, sd: 0.5 } })
    expect(shifted.theta).toBeCloseTo(0.90941, TOL)
    expect(shifted.se).toBeCloseTo(0.45572, TOL)
    const d17 = estimateAbility(r, { D: 1.702 })
    expect(d17.theta).toBeCloseTo(0.10689, TOL)
    expect(d17.se).toBeCloseTo(0.70738, TOL)
  })

  it('gives finite estimates for all-correct and all-wrong patterns', () => {
    const right = estimateAbility(pattern(five, [1, 1, 1, 1, 1]))
    expect(right.theta).toBeCloseTo(1.09973, TOL)
    expect(right.se).toBeCloseTo(0.81582, TOL)
    const wrong = estimateAbility(pattern(five, [0, 0, 0, 0, 0]))
    expect(wrong.theta).toBeCloseTo(-1.31921, TOL)
    expect(wrong.se).toBeCloseTo(0.7396, TOL)
  })

  it('matches the reference for a 4PL pattern', () => {
    const four = [item(1.3, -1, 0.2, 0.95), item(0.9, 0, 0.25, 0.98), item(1.6, 0.8, 0.1, 0.9), item(1.0, 2, 0.2, 1)]
    const est = estimateAbility(pattern(four, [1, 0, 1, 1]))
    expect(est.theta).toBeCloseTo(0.54745, TOL)
    expect(est.se).toBeCloseTo(0.87316, TOL)
  })

  it('is the prior with no responses', () => {
    // N(0, 1) truncated to -4..4: mean 0, sd 0.99946.
    const est = estimateAbility([])
    expect(est.theta).toBeCloseTo(0, 6)
    expect(est.se).toBeCloseTo(0.99946, 3)
  })

  it('shrinks toward the prior: EAP lies between the prior mean and the MLE', () => {
    const r = pattern(five, fiveAnswers)
    const ml = estimateAbility(r, { method: 'MLE' }).theta
    for (const mean of [-2, -1, 0]) {
      const eap = estimateAbility(r, { prior: { mean, sd: 1 } }).theta
      expect(eap).toBeGreaterThan(mean)
      expect(eap).toBeLessThan(ml)
    }
    // A tighter prior pulls harder.
    const loose = estimateAbility(r, { prior: { mean: 0, sd: 2 } }).theta
    const tight = estimateAbility(r, { prior: { mean: 0, sd: 0.5 } }).theta
    expect(Math.abs(tight)).toBeLessThan(Math.abs(loose))
  })

  it('has a smaller standard error with more items', () => {
    const bank = Array.from({ length: 40 }, (_, i) => item(1.2, -2 + (i % 9) * 0.5, 0.2))
    let last = Infinity
    for (const n of [0, 5, 10, 20, 40]) {
      // Alternate right and wrong so the pattern stays near the middle.
      const r = bank.slice(0, n).map((it, i) => ({ item: it, correct: i % 2 === 0 }))
      const eap = estimateAbility(r).se
      expect(eap).toBeLessThan(last)
      last = eap
      if (n > 0) {
        const mle = estimateAbility(r, { method: 'MLE' })
        expect(mle.se).toBeCloseTo(1 / Math.sqrt(testInformation(mle.theta, bank.slice(0, n))), 10)
      }
    }
  })

  it('does not depend on the grid beyond 81 points', () => {
    const r = pattern(five, fiveAnswers)
    const fine = estimateAbility(r, { points: 1601 })
    const coarse = estimateAbility(r, { points: 81 })
    expect(Math.abs(fine.theta - coarse.theta)).toBeLessThan(0.001)
    expect(Math.abs(fine.se - coarse.se)).toBeLessThan(0.001)
  })

  it('stays finite for long extreme patterns (no underflow)', () => {
    const r = Array.from({ length: 500 }, () => ({ item: item(2, 3.5), correct: true }))
    const est = estimateAbility(r)
    expect(Number.isFinite(est.theta) && Number.isFinite(est.se)).toBe(true)
    expect(est.theta).toBeGreaterThan(3.5)
  })
})

describe('posterior', () => {
  it('is normalised over the grid and summarises to the EAP estimate', () => {
    const r = pattern(five, fiveAnswers)
    const post = posterior(r)
    expect(post.points.length).toBeGreaterThanOrEqual(81)
    expect(post.points[0]).toBe(-4)
    expect(post.points[post.points.length - 1]).toBe(4)
    expect(post.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12)
    expect(summarise(post)).toEqual(estimateAbility(r))
  })

  it('can be updated one response at a time with the same result', () => {
    const r = pattern(five, fiveAnswers)
    let post = priorPosterior({ mean: 0, sd: 1 }, grid())
    for (const x of r) post = updatePosterior(post, x)
    const whole = posterior(r)
    post.weights.forEach((w, i) => expect(w).toBeCloseTo(whole.weights[i]!, 12))
  })

  it('rejects bad bounds and priors', () => {
    expect(() => estimateAbility([], { bounds: [2, -2] })).toThrow(RangeError)
    expect(() => estimateAbility([], { prior: { mean: 0, sd: 0 } })).toThrow(RangeError)
  })
})
