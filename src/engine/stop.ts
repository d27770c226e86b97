import { LEVEL_IDS, type LevelId } from './types.js';

export type StopRules = {
  /** Never stop before this many answers. */
  minItems: number;
  /** Always stop at this many answers. */
  maxItems: number;
  /** Stop once the standard error of theta is at most this. */
  seTarget: number;
  /** Stop once one level's posterior probability is at least this. */
  levelConfidence: number;
};

export type StopReason = 'max-length' | 'precision' | 'level-decided';

export type StopState = {
  /** Answers so far. */
  count: number;
  /** Standard error of the current theta estimate. */
  se: number;
  levelProbabilities: Record<LevelId, number>;
};

/**
 * Defaults chosen with the simulation (src/cli/sim.ts; 2,000 takers from N(0, 1), 29 topics x 24
 * items with authored-level parameters, topK 5). Mean length / level accuracy / accuracy of fixed
 * random forms twice as long:
 *   min 5,  max 20, 0.9:  19.1 / 0.77 / 0.76      min 8, max 25, 0.9:  23.1 / 0.79 / 0.77
 *   min 10, max 30, 0.9:  26.5 / 0.81 / 0.79      min 10, max 40, 0.9: 30.9 / 0.82 / 0.80
 *   min 8,  max 30, 0.85: 22.2 / 0.81 / 0.77      min 8, max 30, 0.95: 28.9 / 0.80 / 0.79
 * - levelConfidence 0.9: the product says "90% sure" and the simulation shows those takers are
 *   right 90-92% of the time; 0.95 makes the test longer without more accuracy, and 0.85 is
 *   shorter but then almost nobody is reported above 0.9.
 * - maxItems 30: the four level bands are only 1.5 logits wide, so takers near a cut score need
 *   many items; 30 keeps a session near 15-20 minutes and is where extra items stop paying
 *   (40 items: +0.008 accuracy for +4.4 items on average).
 * - minItems 10: a level is never announced on fewer than ten answers, which also spreads the
 *   test over at least ten topics; 8 or 12 made no measurable difference to accuracy.
 * - seTarget 0.3 (reliability about 0.91): the usual CAT precision target. With uncalibrated
 *   items (a = 1) it is rarely reached within 30 items, so the level rule decides; once the bank is
 *   calibrated with more discriminating items it ends tests that are precise but sit on a cut.
 */
export const defaultStopRules: StopRules = {
  minItems: 10,
  maxItems: 30,
  seTarget: 0.3,
  levelConfidence: 0.9,
};

/**
 * Why the test should stop now, or null to go on. Before `minItems` only the maximum length can
 * stop it; after, a precise estimate or a decided level stops it, and otherwise the maximum length.
 */
export function stopReason(state: StopState, rules: StopRules = defaultStopRules): StopReason | null {
  if (state.count >= rules.minItems) {
    if (state.se <= rules.seTarget) return 'precision';
    let top = 0;
    for (const id of LEVEL_IDS) top = Math.max(top, state.levelProbabilities[id] ?? 0);
    if (top >= rules.levelConfidence) return 'level-decided';
  }
  if (state.count >= rules.maxItems) return 'max-length';
  return null;
}
