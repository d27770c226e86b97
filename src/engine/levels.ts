import type { Posterior, Prior } from './irt.js'
import { LEVEL_IDS, type Level, type LevelId } from './types.js'

/**
 * The band [lower, upper) of each level on the theta scale, from the cut scores (`upTo`) of
 * questions/levels.yaml, listed in ascending order. The first band starts at -Infinity and the
 * last ends at +Infinity.
 */
export function levelBands(levels: readonly Level[]): { id: LevelId; lower: number; upper: number }[] {
  let lower = -Infinity
  return levels.map((level, i) => {
    const upper = i === levels.length - 1 ? Infinity : (level.upTo ?? Infinity)
    const band = { id: level.id, lower, upper }
    lower = upper
    return band
  })
}

/** The level whose band holds `theta`. */
export function levelOf(theta: number, levels: readonly Level[]): LevelId {
  for (const band of levelBands(levels)) if (theta < band.upper) return band.id
  const last = levels[levels.length - 1]
  if (!last) throw new RangeError('no levels')
  return last.id
}

function emptyRecord(): Record<LevelId, number> {
  const out = {} as Record<LevelId, number>
  for (const id of LEVEL_IDS) out[id] = 0
  return out
}

/**
 * Posterior probability of each level: the posterior mass between its cut scores.
 * Each grid point stands for the cell between the midpoints to its neighbours; a cell that a cut
 * score crosses is split in proportion, so the answer does not depend on whether a cut happens to
 * fall on a grid point. Levels absent from `levels` get 0. The values sum to 1.
 */
export function levelProbabilities(post: Posterior, levels: readonly Level[]): Record<LevelId, number> {
  const out = emptyRecord()
  const bands = levelBands(levels)
  const { points, weights } = post
  const n = points.length
  let total = 0
  for (let i = 0; i < n; i++) {
    const w = weights[i]!
    if (!(w > 0)) continue
    total += w
    const x = points[i]!
    const left = i > 0 ? (x + points[i - 1]!) / 2 : n > 1 ? x - (points[1]! - x) / 2 : x
    const right = i < n - 1 ? (x + points[i + 1]!) / 2 : n > 1 ? x + (x - points[n - 2]!) / 2 : x
    const width = right - left
    for (const band of bands) {
      if (width > 0) {
        const overlap = Math.min(right, band.upper) - Math.max(left, band.lower)
        if (overlap > 0) out[band.id] += (w * overlap) / width
      } else if (x >= band.lower && x < band.upper) {
        out[band.id] += w
      }
    }
  }
  if (total > 0) for (const id of LEVEL_IDS) out[id] /= total
  return out
}

/** The most probable level (the lower level on a tie). */
export function mostProbableLevel(probs: Record<LevelId, number>): LevelId {
  let best: LevelId = LEVEL_IDS[0]
  for (const id of LEVEL_IDS) if (probs[id] > probs[best]) best = id
  return best
}

/**
 * How far a stated experience moves the prior mean from the population mean 0 toward the centre
 * of the level the seed's career table gives for those years.
 *
 * Why shrink by half: years of experience predict skill only loosely (people with 8 years range
 * from junior to principal in practice), so the best guess of theta given the years regresses
 * toward the population mean; with a correlation of about 0.5 between the experience signal and
 * ability the regression slope is 0.5. A full shift would also hurt: principal's centre (3) is
 * 3 SD out, and a prior there needs many answers to overturn for a person whose experience
 * overstates their level, while the level probabilities are only calibrated when the prior is
 * not more confident than the truth. So the means are -0.75, 0, 0.75 and 1.5 for the four levels.
 *
 * Why keep sd 1 (rather than the regression's residual sd of about 0.87): self-reported years are
 * unverified and sometimes wrong, and a prior that is too narrow biases the estimate toward it; with
 * sd 1 the prior weighs as much as five uncalibrated items (information about 0.2 each), so the
 * answers outweigh it after the first handful.
 */
export const EXPERIENCE_SHRINKAGE = 0.5

/**
 * The prior for a taker: N(0, 1) when the experience is left blank (or is not a number >= 0);
 * otherwise the mean is EXPERIENCE_SHRINKAGE times the centre of the level whose `years` range
 * holds it ([from, to), the last level open-ended), sd 1.
 */
export function priorFor(experienceYears: number | undefined | null, levels: readonly Level[]): Prior {
  if (experienceYears === undefined || experienceYears === null || !Number.isFinite(experienceYears) || experienceYears < 0) {
    return { mean: 0, sd: 1 }
  }
  let match: Level | undefined
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!
    const [from, to] = level.years
    const last = i === levels.length - 1
    if (experienceYears >= from && (experienceYears < to || last)) {
      match = level
      break
    }
  }
  if (!match) return { mean: 0, sd: 1 }
  return { mean: EXPERIENCE_SHRINKAGE * match.centre, sd: 1 }
}
