import type { ItemParams } from './irt.js'
import type { Level, LevelId, QuestionType } from './types.js'

export type ParamsSource = {
  level: LevelId
  type: QuestionType
  /** Number of options shown (0 for boolean and number questions). */
  optionCount: number
  /** Calibrated parameters, once the bank has them. */
  irt?: { a: number; b: number; c: number; d?: number } | undefined
}

/**
 * Guessing floor of an uncalibrated item: the chance of a blind guess being scored right.
 * single: one of k options; boolean: one of two; multiple (the exact set of 4-6 options), order
 * (one of k! orders) and number (an open answer) are near zero, so 0.
 */
export function chanceOf(type: QuestionType, optionCount: number): number {
  switch (type) {
    case 'single':
      return optionCount >= 2 ? 1 / optionCount : 0
    case 'boolean':
      return 0.5
    default:
      return 0
  }
}

/**
 * The IRT parameters the engine uses for a question: its calibrated `irt` when present, otherwise
 * b = the centre of its authored level (questions/levels.yaml), a = 1 and c = the chance of a blind
 * guess (see `chanceOf`).
 */
export function itemParams(q: ParamsSource, levels: readonly Level[]): ItemParams {
  if (q.irt) {
    const { a, b, c, d } = q.irt
    return d === undefined ? { a, b, c } : { a, b, c, d }
  }
  const level = levels.find((l) => l.id === q.level)
  if (!level) throw new RangeError(`unknown level "${q.level}"`)
  return { a: 1, b: level.centre, c: chanceOf(q.type, q.optionCount) }
}
