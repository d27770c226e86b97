import { LEVEL_IDS, type LevelId } from './types.js'

export type StopRules = {
  /** Never stop before this many answers. */
  minItems: number
  /** Always stop at this many answers. */
  maxItems: number
  /** Stop once the standard error of theta is at most this. */
  seTarget: number
  /** Stop once one level's posterior probability is at least this. */
  levelConfidence: number
}

export type StopReason = 'max-length' | 'precision' | 'level-decided'

export type StopState = {
  /** Answers so far. */
  count: number
  /** Standard error of the current theta estimate. */
  se: number
  levelProbabilities: Record<LevelId, number>
}

/**
 * Defaults chosen with the simulation (npm run sim: 5,000 takers from N(0, 1), the bank's 664
 * questions in 27 topics with authored-level parameters, topK 6). Mean length / level accuracy /
 * accuracy of fixed random forms twice as long:
 *   defaults (min 10, max 40, SE 0.3, 0.9):  31.9 / 0.821 / 0.801
 *   max 30:                                  26.8 / 0.794 / 0.788
 *   max 50:                                  35.3 / 0.838 / 0.814
 *   levelConfidence 0.85:                    26.1 / 0.813 / 0.787  (but only 4% reported above 0.9)
 *   levelConfidence 0.95:                    37.4 / 0.818 / 0.813
 *   min 6:                                   31.6 / 0.814 / 0.801
 *   seTarget 0.4:                            27.0 / 0.802 / 0.788
 * - levelConfidence 0.9: the result says "90% sure" and the simulated takers reported above 0.9
 *   were right 92% of the time; 0.95 costs 5.5 more items for no accuracy.
 * - maxItems 40: with uncalibrated items (a = 1, b on four level centres) an item tells little,
 *   and takers near a cut score need many; the extra items go only to them, which is what lets the
 *   adaptive test beat fixed forms twice as long (+0.020 here; only +0.006 with max 30, within
 *   noise). Most tests end earlier: the mean is 32.
 * - minItems 10: no level on fewer than ten answers, which also spreads a test over at least ten
 *   topics; 6 made no difference.
 * - seTarget 0.3 (reliability about 0.91): the usual CAT precision target. With uncalibrated items
 *   it is rarely reached, so the level rule and the maximum decide; once the bank is calibrated
 *   with more discriminating items it ends tests that are precise but sit on a cut score.
 */
export const defaultStopRules: StopRules = {
  minItems: 10,
  maxItems: 40,
  seTarget: 0.3,
  levelConfidence: 0.9,
}

/**
 * Why the test should stop now, or null to go on. Before `minItems` only the maximum length can
 * stop it; after, a precise estimate or a decided level stops it, and otherwise the maximum length.
 */
export function stopReason(state: StopState, rules: StopRules = defaultStopRules): StopReason | null {
  if (state.count >= rules.minItems) {
    if (state.se <= rules.seTarget) return 'precision'
    let top = 0
    for (const id of LEVEL_IDS) top = Math.max(top, state.levelProbabilities[id] ?? 0)
    if (top >= rules.levelConfidence) return 'level-decided'
  }
  if (state.count >= rules.maxItems) return 'max-length'
  return null
}
