import { describe, expect, it } from 'vitest'
import { answerInput, screenInput, startInput } from '../../src/web/form'

describe('numbers in HTML forms', () => {
  it('reads decimal notation, with or without a fraction or exponent', () => {
    expect(startInput({ mode: 'practice', experienceYears: ' 4 ' }).experienceYears).toBe(4)
    expect(answerInput({ questionId: 'q', type: 'number', answer: '2.5e3' })).toEqual({ questionId: 'q', answer: 2500 })
    expect(answerInput({ questionId: 'q', type: 'number', answer: '-.5' })).toEqual({ questionId: 'q', answer: -0.5 })
    expect(screenInput({ name: 'Screen', targetLevel: 'mid', length: '20', timeLimitMinutes: '30' })).toMatchObject({ length: 20, timeLimitMinutes: 30 })
  })

  it('refuses hex, binary and other forms that Number() would read', () => {
    for (const text of ['0x10', '0b11', '0o7', 'Infinity', '1_000']) {
      expect(() => startInput({ mode: 'practice', experienceYears: text })).toThrow(/experienceYears/)
      expect(() => answerInput({ questionId: 'q', type: 'number', answer: text })).toThrow('enter a number before answering')
      expect(() => screenInput({ name: 'Screen', targetLevel: 'mid', length: text, timeLimitMinutes: '30' })).toThrow(/length/)
      expect(() => screenInput({ name: 'Screen', targetLevel: 'mid', length: '20', timeLimitMinutes: text })).toThrow(/timeLimitMinutes/)
    }
  })
})
