import { describe, expect, it } from 'vitest'
import { calibrate, type CalibrationItem, type CalibrationSession } from '../../src/engine/calibrate.js'
import { probability, type ItemParams } from '../../src/engine/irt.js'
import { mulberry32, normal, type Random } from '../../src/engine/random.js'

// A bank like the real one: levels in turn (b around the level's centre, as authored), guessing
// floors of the question types (single with 4 options, number/order/multiple, true/false, single
// with 5), slopes log-normal around 1.
const centres = [-1.5, 0, 1.5, 3]
const floors = [0.25, 0, 0.5, 0.25, 0.2, 0]

type Truth = { id: string; centre: number; params: ItemParams }

function makeTruth(count: number, random: Random): Truth[] {
  return Array.from({ length: count }, (_, j) => {
    const centre = centres[j % centres.length]!
    return { id: `q${j}`, centre, params: { a: Math.exp(0.45 * normal(random)), b: centre + 0.5 * normal(random), c: floors[j % floors.length]! } }
  })
}

/** Takers with theta ~ N(0, 1), each answering the items `asks` picks, with the engine's own model. */
function simulateSessions(truth: readonly Truth[], takers: number, random: Random, asks: (item: Truth) => boolean = () => true): CalibrationSession[] {
  return Array.from({ length: takers }, () => {
    const theta = normal(random)
    return truth.filter(asks).map((t) => ({ itemId: t.id, correct: random() < probability(theta, t.params) }))
  })
}

/** What the engine knows before calibration: a = 1, b = the authored level's centre, c = chance. */
const authored = (truth: readonly Truth[]): CalibrationItem[] =>
  truth.map((t) => ({ id: t.id, params: { a: 1, b: t.centre, c: t.params.c }, priorB: t.centre }))

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
const rmse = (xs: readonly number[], ys: readonly number[]) => Math.sqrt(mean(xs.map((x, i) => (x - ys[i]!) ** 2)))
function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs)
  const my = mean(ys)
  let sxy = 0, sxx = 0, syy = 0
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my)
    sxx += (x - mx) ** 2
    syy += (ys[i]! - my) ** 2
  })
  return sxy / Math.sqrt(sxx * syy)
}

describe('calibrate: recovery of known parameters (3,000 takers x 40 items)', () => {
  const random = mulberry32(2024)
  const truth = makeTruth(40, random)
  const sessions = simulateSessions(truth, 3000, random)
  const result = calibrate(authored(truth), sessions)
  const fitted = result.items.map((i) => i.params)
  const trueA = truth.map((t) => t.params.a)
  const trueB = truth.map((t) => t.params.b)

  it('converges and uses every response', () => {
    expect(result.converged).toBe(true)
    expect(result.cycles).toBeLessThan(100)
    expect(result.sessions).toBe(3000)
    expect(result.responses).toBe(3000 * 40)
    expect(result.ignored).toBe(0)
    expect(result.items.every((i) => i.responses === 3000 && i.calibrated)).toBe(true)
  })

  it('recovers a and b: both correlate > 0.9 with the truth and the RMSE of b is < 0.25', () => {
    expect(correlation(fitted.map((p) => p.a), trueA)).toBeGreaterThan(0.9)
    expect(correlation(fitted.map((p) => p.b), trueB)).toBeGreaterThan(0.9)
    expect(rmse(fitted.map((p) => p.b), trueB)).toBeLessThan(0.25)
  })

  it('is much closer to the truth than the authored parameters it started from', () => {
    const start = authored(truth).map((i) => i.params)
    expect(rmse(fitted.map((p) => p.b), trueB)).toBeLessThan(rmse(start.map((p) => p.b), trueB) / 2)
    expect(rmse(fitted.map((p) => p.a), trueA)).toBeLessThan(rmse(start.map((p) => p.a), trueA))
  })

  it('holds c at the guessing floor it was given', () => {
    expect(fitted.map((p) => p.c)).toEqual(truth.map((t) => t.params.c))
  })

  it('reports standard errors the size of the actual errors', () => {
    const seB = Math.sqrt(mean(result.items.map((i) => i.se.b! ** 2)))
    const ratio = seB / rmse(fitted.map((p) => p.b), trueB)
    expect(ratio).toBeGreaterThan(0.7)
    expect(ratio).toBeLessThan(1.4)
    const covered = result.items.filter((item, j) => Math.abs(item.params.b - trueB[j]!) <= 1.96 * item.se.b!).length
    expect(covered / truth.length).toBeGreaterThan(0.85)
  })

  it('is least sure of items far above the population (principal, b around 3), and says so', () => {
    const seOf = (principal: boolean) => mean(result.items.filter((_, j) => (truth[j]!.centre === 3) === principal).map((i) => i.se.b!))
    expect(seOf(true)).toBeGreaterThan(1.5 * seOf(false))
  })

  it('is deterministic: the same input gives the same output', () => {
    expect(calibrate(authored(truth), sessions)).toEqual(result)
  })
})

describe('calibrate: sparse data', () => {
  const random = mulberry32(7)
  const truth = makeTruth(12, random)
  // Items q0-q3 are asked of 8% of 1,000 takers (about 80 responses), q11 of nobody.
  const sessions = simulateSessions(truth, 1000, random, (t) => (t.id === 'q11' ? false : ['q0', 'q1', 'q2', 'q3'].includes(t.id) ? random() < 0.08 : true))
  const result = calibrate(authored(truth), sessions, { minResponses: 200 })
  const byId = new Map(result.items.map((i) => [i.id, i]))

  it('counts each item\'s responses and reports as calibrated only those with at least the minimum', () => {
    for (const id of ['q0', 'q1', 'q2', 'q3']) {
      const item = byId.get(id)!
      expect(item.responses).toBeGreaterThan(0)
      expect(item.responses).toBeLessThan(200)
      expect(item.calibrated).toBe(false)
    }
    for (const id of ['q4', 'q5', 'q6', 'q7', 'q8', 'q9', 'q10']) {
      expect(byId.get(id)!.responses).toBe(1000)
      expect(byId.get(id)!.calibrated).toBe(true)
    }
  })

  it('leaves an item nobody answered as it was, without standard errors', () => {
    expect(byId.get('q11')).toEqual({ id: 'q11', params: authored(truth)[11]!.params, se: { a: null, b: null }, responses: 0, calibrated: false })
  })

  it('keeps sparse items sane: the priors hold them near their authored values', () => {
    for (const id of ['q0', 'q1', 'q2', 'q3']) {
      const item = byId.get(id)!
      const start = authored(truth).find((i) => i.id === id)!
      expect(Math.abs(item.params.b - start.params.b)).toBeLessThan(2)
      expect(item.params.a).toBeGreaterThan(0.25)
      expect(item.params.a).toBeLessThan(4)
      expect(item.se.b).toBeGreaterThan(byId.get('q4')!.se.b! / 2)
    }
  })

  it('keeps an item with a handful of all-right answers finite and near its prior', () => {
    const items: CalibrationItem[] = [{ id: 'easy', params: { a: 1, b: 0, c: 0.25 } }, { id: 'other', params: { a: 1, b: 0, c: 0 } }]
    const few: CalibrationSession[] = Array.from({ length: 5 }, (_, i) => [{ itemId: 'easy', correct: true }, { itemId: 'other', correct: i % 2 === 0 }])
    const out = calibrate(items, few).items[0]!
    expect(out.calibrated).toBe(false)
    expect(out.params.b).toBeLessThan(0)
    expect(out.params.b).toBeGreaterThan(-3)
    expect(Number.isFinite(out.se.b)).toBe(true)
  })

  it('takes its scale from the N(0, 1) population, not from the starting values', () => {
    const shifted = authored(truth).map((i) => ({ ...i, params: { ...i.params, a: 0.5, b: i.params.b + 1 } }))
    const again = calibrate(shifted, sessions, { minResponses: 200 })
    again.items.forEach((item, j) => {
      if (item.responses === 0) return
      expect(item.params.a).toBeCloseTo(result.items[j]!.params.a, 2)
      expect(item.params.b).toBeCloseTo(result.items[j]!.params.b, 2)
    })
  })

  it('leaves out and counts responses to items it was not given', () => {
    const out = calibrate(authored(truth).slice(0, 6), sessions.slice(0, 100))
    expect(out.items).toHaveLength(6)
    expect(out.responses + out.ignored).toBe(sessions.slice(0, 100).reduce((s, r) => s + r.length, 0))
    expect(out.ignored).toBeGreaterThan(0)
  })

  it('refuses an item listed twice', () => {
    expect(() => calibrate([...authored(truth), authored(truth)[0]!], sessions)).toThrow(/listed twice/)
  })
})
