import { describe, expect, it } from 'vitest'
import { itemParams } from '../../src/engine/params.js'
import { simulate, type SimItem } from '../../src/engine/simulate.js'
import { LEVEL_IDS, type QuestionType } from '../../src/engine/types.js'
import { levels } from './fixtures.js'

// 12 topics x 16 items, levels and types in turn, parameters as the engine gives uncalibrated items.
const types: QuestionType[] = ['single', 'multiple', 'single', 'boolean', 'single', 'number', 'single', 'order']
const items: SimItem[] = Array.from({ length: 12 }, (_, t) =>
  Array.from({ length: 16 }, (_, i) => ({
    id: `t${t}-${i}`,
    topic: `t${t}`,
    params: itemParams({ level: LEVEL_IDS[i % 4]!, type: types[(i + t) % types.length]!, optionCount: 4 }, levels),
  })),
).flat()

const rules = { minItems: 6, maxItems: 20, seTarget: 0.3, levelConfidence: 0.9 }

describe('simulate', () => {
  const run = () => simulate({ items, levels, takers: 300, seed: 3, rules })
  const first = run()

  it('is reproducible from its seed', () => {
    expect(run()).toEqual(first)
  })

  it('reports both arms with lengths inside the rules and sane statistics', () => {
    const r = first
    expect(r.adaptive.takers).toBe(300)
    expect(r.adaptive.minItems).toBeGreaterThanOrEqual(rules.minItems)
    expect(r.adaptive.maxItems).toBeLessThanOrEqual(rules.maxItems)
    expect(r.fixed.meanItems).toBe(r.fixedLength)
    expect(r.fixedDouble.meanItems).toBe(2 * r.fixedLength)
    expect(r.fixedLength).toBe(Math.round(r.adaptive.meanItems))
    for (const arm of [r.adaptive, r.fixed, r.fixedDouble]) {
      expect(arm.accuracy).toBeGreaterThan(0.5)
      expect(arm.rmse).toBeGreaterThan(0)
      expect(arm.rmse).toBeLessThan(0.8)
      expect(Math.abs(arm.bias)).toBeLessThan(0.15)
      expect(arm.maxExposure).toBeGreaterThan(0)
      expect(arm.maxExposure).toBeLessThanOrEqual(1)
      expect(Object.values(arm.accuracyByLevel).reduce((s, g) => s + g.n, 0)).toBe(300)
      expect(arm.calibration.reduce((s, b) => s + b.n, 0)).toBe(300)
    }
    const stops = Object.values(r.adaptive.stopReasons).reduce((s, n) => s + n, 0)
    expect(stops).toBe(300)
  })

  it('measures better than a fixed random form of the same length', () => {
    const r = first
    expect(r.adaptive.rmse).toBeLessThan(r.fixed.rmse)
  })

  it('accepts given true abilities and wrong true parameters', () => {
    const r = simulate({
      items,
      levels,
      thetas: [-2, -1, 0, 1, 2.5],
      seed: 1,
      rules,
      trueParams: (item) => ({ ...item.params, b: item.params.b + 0.5 }),
    })
    expect(r.takers).toBe(5)
    expect(r.adaptive.accuracyByLevel.principal.n).toBe(1)
  })
})
