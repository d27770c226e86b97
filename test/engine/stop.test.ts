import { describe, expect, it } from 'vitest'
import { defaultStopRules, stopReason, type StopRules } from '../../src/engine/stop.js'

const rules: StopRules = { minItems: 5, maxItems: 20, seTarget: 0.3, levelConfidence: 0.9 }
const undecided = { junior: 0.2, mid: 0.5, senior: 0.25, principal: 0.05 }
const decided = { junior: 0.01, mid: 0.04, senior: 0.93, principal: 0.02 }

describe('stopReason', () => {
  it('goes on while nothing holds', () => {
    expect(stopReason({ count: 7, se: 0.5, levelProbabilities: undecided }, rules)).toBeNull()
  })

  it('respects minItems: neither precision nor a decided level stops the test before it', () => {
    for (let count = 0; count < rules.minItems; count++) {
      expect(stopReason({ count, se: 0.1, levelProbabilities: decided }, rules)).toBeNull()
    }
    expect(stopReason({ count: 5, se: 0.1, levelProbabilities: decided }, rules)).toBe('precision')
  })

  it('stops on precision, on a decided level, and at the maximum length', () => {
    expect(stopReason({ count: 9, se: 0.3, levelProbabilities: undecided }, rules)).toBe('precision')
    expect(stopReason({ count: 9, se: 0.45, levelProbabilities: decided }, rules)).toBe('level-decided')
    expect(stopReason({ count: 9, se: 0.45, levelProbabilities: { ...undecided, mid: 0.9 } }, rules)).toBe('level-decided')
    expect(stopReason({ count: 20, se: 0.45, levelProbabilities: undecided }, rules)).toBe('max-length')
    expect(stopReason({ count: 25, se: 0.45, levelProbabilities: undecided }, rules)).toBe('max-length')
  })

  it('stops at the maximum length even when it is below the minimum', () => {
    expect(stopReason({ count: 3, se: 1, levelProbabilities: undecided }, { ...rules, minItems: 10, maxItems: 3 })).toBe('max-length')
  })

  it('has sane defaults', () => {
    expect(defaultStopRules.minItems).toBeLessThanOrEqual(defaultStopRules.maxItems)
    expect(defaultStopRules.levelConfidence).toBeGreaterThanOrEqual(0.9)
    expect(stopReason({ count: 0, se: 1, levelProbabilities: undecided })).toBeNull()
  })
})
