import { describe, expect, it } from 'vitest'
import { chanceOf, itemParams } from '../../src/engine/params.js'
import { levels } from './fixtures.js'

describe('itemParams', () => {
  it('uses calibrated parameters when the question has them', () => {
    expect(itemParams({ level: 'mid', type: 'single', optionCount: 4, irt: { a: 1.7, b: 0.3, c: 0.18 } }, levels)).toEqual({
      a: 1.7,
      b: 0.3,
      c: 0.18,
    })
    expect(itemParams({ level: 'mid', type: 'single', optionCount: 4, irt: { a: 1.7, b: 0.3, c: 0.18, d: 0.97 } }, levels)).toEqual({
      a: 1.7,
      b: 0.3,
      c: 0.18,
      d: 0.97,
    })
  })

  it("takes b from the authored level's centre, a = 1 and c = chance otherwise", () => {
    expect(itemParams({ level: 'junior', type: 'single', optionCount: 4 }, levels)).toEqual({ a: 1, b: -1.5, c: 0.25 })
    expect(itemParams({ level: 'mid', type: 'single', optionCount: 5 }, levels)).toEqual({ a: 1, b: 0, c: 0.2 })
    expect(itemParams({ level: 'senior', type: 'boolean', optionCount: 2 }, levels)).toEqual({ a: 1, b: 1.5, c: 0.5 })
    expect(itemParams({ level: 'principal', type: 'multiple', optionCount: 5 }, levels)).toEqual({ a: 1, b: 3, c: 0 })
    expect(itemParams({ level: 'mid', type: 'order', optionCount: 4 }, levels)).toEqual({ a: 1, b: 0, c: 0 })
    expect(itemParams({ level: 'mid', type: 'number', optionCount: 0 }, levels)).toEqual({ a: 1, b: 0, c: 0 })
  })

  it('rejects a level that levels.yaml does not define', () => {
    expect(() => itemParams({ level: 'mid', type: 'single', optionCount: 4 }, levels.slice(0, 1))).toThrow(/unknown level/)
  })

  it('gives no chance floor to a single question without options', () => {
    expect(chanceOf('single', 0)).toBe(0)
    expect(chanceOf('single', 3)).toBeCloseTo(1 / 3, 12)
  })
})
