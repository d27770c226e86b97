import { describe, expect, it } from 'vitest'
import { answerProblem, canonicalAnswer, isCorrect, renameKeyOptions } from '../../src/engine/score'

describe('scoring an answer', () => {
  it('single and boolean: right only for the key option', () => {
    expect(isCorrect({ kind: 'option', option: 'b' }, 'b')).toBe(true)
    expect(isCorrect({ kind: 'option', option: 'b' }, 'a')).toBe(false)
    expect(isCorrect({ kind: 'option', option: 'true' }, 'true')).toBe(true)
  })
  it('multiple: right only for exactly the correct set, in any order', () => {
    const key = { kind: 'set' as const, options: ['a', 'c'] }
    expect(isCorrect(key, ['c', 'a'])).toBe(true)
    expect(isCorrect(key, ['a'])).toBe(false)
    expect(isCorrect(key, ['a', 'c', 'd'])).toBe(false)
  })
  it('order: right only for the exact order', () => {
    const key = { kind: 'order' as const, options: ['x', 'y', 'z'] }
    expect(isCorrect(key, ['x', 'y', 'z'])).toBe(true)
    expect(isCorrect(key, ['y', 'x', 'z'])).toBe(false)
  })
  it('number: right within the tolerance', () => {
    const key = { kind: 'number' as const, value: 10, tolerance: 0.5 }
    expect(isCorrect(key, 10.5)).toBe(true)
    expect(isCorrect(key, 9.4)).toBe(false)
    expect(isCorrect({ kind: 'number', value: 3, tolerance: 0 }, 3)).toBe(true)
  })
})

describe('an answer that does not fit its question is refused, not scored', () => {
  const ids = ['a', 'b', 'c', 'd']
  it('single needs one known option id', () => {
    expect(answerProblem('single', ids, 'a')).toBeNull()
    expect(answerProblem('single', ids, 'e')).toMatch(/option ids/)
    expect(answerProblem('single', ids, ['a'])).toMatch(/option ids/)
  })
  it('multiple needs known, distinct option ids', () => {
    expect(answerProblem('multiple', ids, ['a', 'b'])).toBeNull()
    expect(answerProblem('multiple', ids, [])).toMatch(/non-empty/)
    expect(answerProblem('multiple', ids, ['a', 'a'])).toMatch(/repeat/)
  })
  it('order needs every option once', () => {
    expect(answerProblem('order', ids, ['d', 'c', 'b', 'a'])).toBeNull()
    expect(answerProblem('order', ids, ['a', 'b', 'c'])).toMatch(/every option/)
  })
  it('names the option ids sorted, never in their stored order, which is the key of an order question', () => {
    const stored = ['9f', '1c', 'e0', '5a']
    expect(answerProblem('order', stored, ['?'])).toMatch(/: 1c, 5a, 9f, e0$/)
    expect(answerProblem('single', stored, '?')).toMatch(/: 1c, 5a, 9f, e0$/)
    expect(answerProblem('multiple', stored, ['?'])).toMatch(/: 1c, 5a, 9f, e0$/)
  })
  it('number needs a finite number', () => {
    expect(answerProblem('number', [], 4)).toBeNull()
    expect(answerProblem('number', [], '4')).toMatch(/finite number/)
  })
})

describe('the canonical form of an answer', () => {
  it('multiple: the chosen ids sorted, so one set has one form whatever the order of choosing', () => {
    expect(canonicalAnswer('multiple', ['c', 'a'])).toEqual(['a', 'c'])
    expect(canonicalAnswer('multiple', ['a', 'c'])).toEqual(['a', 'c'])
  })
  it('order and the rest: unchanged, since there the order is the answer', () => {
    expect(canonicalAnswer('order', ['c', 'a', 'b'])).toEqual(['c', 'a', 'b'])
    expect(canonicalAnswer('single', 'b')).toBe('b')
    expect(canonicalAnswer('number', 7)).toBe(7)
  })
})

describe('renaming the options of a key', () => {
  const to = (id: string) => ({ a: 'z9', b: 'k1', c: 'm4' })[id]!
  it('renames every option id, keeps an order in order and a set sorted, and leaves a number as it is', () => {
    expect(renameKeyOptions({ kind: 'option', option: 'b' }, to)).toEqual({ kind: 'option', option: 'k1' })
    expect(renameKeyOptions({ kind: 'order', options: ['a', 'b', 'c'] }, to)).toEqual({ kind: 'order', options: ['z9', 'k1', 'm4'] })
    expect(renameKeyOptions({ kind: 'set', options: ['a', 'c'] }, to)).toEqual({ kind: 'set', options: ['m4', 'z9'] })
    expect(renameKeyOptions({ kind: 'number', value: 3, tolerance: 0 }, to)).toEqual({ kind: 'number', value: 3, tolerance: 0 })
  })
})
