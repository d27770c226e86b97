/**
 * Item response theory for dichotomously scored items: the 3PL model (4PL when `d` is given),
 * Fisher information, and ability estimation by EAP (default) or bounded MLE.
 *
 *   P(correct | theta) = c + (d - c) / (1 + exp(-D·a·(theta - b)))      (d = 1 for 3PL)
 *
 * Pure functions, no I/O. Theta is on the usual logit scale (population N(0, 1)); D = 1 by default
 * (use 1.702 to mimic the normal-ogive metric).
 */

import { keptIn } from './kept.js'

export type ItemParams = { a: number; b: number; c: number; d?: number }
export type ItemResponse = { item: ItemParams; correct: boolean }
export type Prior = { mean: number; sd: number }
export type EstimateOptions = {
  method?: 'EAP' | 'MLE'
  prior?: Prior
  D?: number
  bounds?: [number, number]
  /** EAP quadrature points over the bounds (default 161, i.e. a step of 0.05 on -4..4). */
  points?: number
}
export type Estimate = { theta: number; se: number }
/** A discrete posterior over theta: grid points and their normalised weights (sum 1). */
export type Posterior = { points: readonly number[]; weights: number[] }

export const DEFAULT_BOUNDS: [number, number] = [-4, 4]
export const DEFAULT_PRIOR: Prior = { mean: 0, sd: 1 }
/** 161 points on -4..4 is a step of 0.05: the cut scores ±0.75 and 2.25 fall on grid points. */
export const DEFAULT_GRID_POINTS = 161

/** The logistic function 1 / (1 + e^-z), computed without overflow for large |z|. */
function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

/** Probability of a correct answer at `theta`. */
export function probability(theta: number, item: ItemParams, D = 1): number {
  const d = item.d ?? 1
  return item.c + (d - item.c) * logistic(D * item.a * (theta - item.b))
}

/**
 * Fisher information of one item at `theta`:
 *   I = D²a² (P - c)² (d - P)² / ((d - c)² P (1 - P))
 * written with L = logistic(D·a·(theta - b)) so that it stays finite far from b:
 *   P - c = (d - c) L,  d - P = (d - c)(1 - L)  =>  I = D²a² (d - c)² L² (1 - L)² / (P (1 - P)).
 */
export function information(theta: number, item: ItemParams, D = 1): number {
  const d = item.d ?? 1
  const z = D * item.a * (theta - item.b)
  const L = logistic(z)
  const M = logistic(-z) // 1 - L without cancellation
  const span = d - item.c
  const p = item.c + span * L
  const q = 1 - d + span * M
  const pq = p * q
  if (!(pq > 0)) return 0
  const s = D * item.a * span * L * M
  return (s * s) / pq
}

/** Test information: the sum of the items' information at `theta`. */
export function testInformation(theta: number, items: readonly ItemParams[], D = 1): number {
  let sum = 0
  for (const item of items) sum += information(theta, item, D)
  return sum
}

/** Log-likelihood of a response pattern at `theta`. */
export function logLikelihood(theta: number, responses: readonly ItemResponse[], D = 1): number {
  let sum = 0
  for (const r of responses) {
    const p = probability(theta, r.item, D)
    sum += Math.log(r.correct ? p : 1 - p)
  }
  return sum
}

function checkBounds(bounds: [number, number]): [number, number] {
  const [lo, hi] = bounds
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    throw new RangeError(`bounds must be finite with lower < upper, got [${lo}, ${hi}]`)
  }
  return [lo, hi]
}

/** Equally spaced grid of `n` points from lo to hi inclusive. */
export function grid(bounds: [number, number] = DEFAULT_BOUNDS, n = DEFAULT_GRID_POINTS): number[] {
  const [lo, hi] = checkBounds(bounds)
  const count = Math.max(2, Math.floor(n))
  const step = (hi - lo) / (count - 1)
  const points = new Array<number>(count)
  for (let i = 0; i < count; i++) points[i] = lo + i * step
  points[count - 1] = hi
  return points
}

/** Normalised normal prior on a grid (a normal truncated to the grid's range). */
export function priorPosterior(prior: Prior = DEFAULT_PRIOR, points: readonly number[] = grid()): Posterior {
  if (!(prior.sd > 0) || !Number.isFinite(prior.mean)) {
    throw new RangeError(`prior needs a finite mean and sd > 0, got ${prior.mean}, ${prior.sd}`)
  }
  const weights = points.map((x) => {
    const z = (x - prior.mean) / prior.sd
    return Math.exp(-0.5 * z * z)
  })
  return normalise({ points, weights })
}

function normalise(post: Posterior): Posterior {
  let total = 0
  for (const w of post.weights) total += w
  if (!(total > 0)) throw new RangeError('posterior has no mass on the grid')
  return { points: post.points, weights: post.weights.map((w) => w / total) }
}

/**
 * Bayes' rule for one more response: multiplies the weights by the response's likelihood at each
 * point and renormalises. Returns a new posterior (the input is not changed), so a session can
 * keep its posterior and update it in O(grid) per answer instead of recomputing from scratch.
 */
export function updatePosterior(post: Posterior, response: ItemResponse, D = 1): Posterior {
  const { points } = post
  const weights = new Array<number>(points.length)
  let total = 0
  for (let i = 0; i < points.length; i++) {
    const p = probability(points[i]!, response.item, D)
    const w = post.weights[i]! * (response.correct ? p : 1 - p)
    weights[i] = w
    total += w
  }
  if (!(total > 0)) throw new RangeError('response pattern has zero likelihood on the grid')
  for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! / total
  return { points, weights }
}

// Every posterior starts from its prior on its grid. Kept per prior and grid (a few: one per
// experience band), so that an answer does not build the grid and the prior's weights again: they
// were a tenth of what an answer allocated. Their points are shared, hence readonly.
const starts = new Map<string, Posterior>()
const startOf = (prior: Prior, bounds: [number, number], points: number): Posterior =>
  keptIn(starts, `${prior.mean} ${prior.sd} ${bounds[0]} ${bounds[1]} ${points}`, 64, () => priorPosterior(prior, grid(bounds, points)))

/**
 * The posterior of theta on the quadrature grid given the responses, a normal prior (default
 * N(0, 1)) truncated to the bounds (default -4..4), and `points` grid points (default 161).
 */
export function posterior(responses: readonly ItemResponse[], options: EstimateOptions = {}): Posterior {
  const D = options.D ?? 1
  const start = startOf(options.prior ?? DEFAULT_PRIOR, options.bounds ?? DEFAULT_BOUNDS, options.points ?? DEFAULT_GRID_POINTS)
  const { points } = start
  const weights = start.weights.slice()
  // Multiply in every likelihood, rescaling after each response so the weights never underflow.
  for (const r of responses) {
    let total = 0
    for (let i = 0; i < points.length; i++) {
      const p = probability(points[i]!, r.item, D)
      const w = weights[i]! * (r.correct ? p : 1 - p)
      weights[i] = w
      total += w
    }
    if (!(total > 0)) throw new RangeError('response pattern has zero likelihood on the grid')
    for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! / total
  }
  return { points, weights }
}

/** Posterior mean (EAP) and posterior standard deviation of a discrete posterior. */
export function summarise(post: Posterior): Estimate {
  let mean = 0
  for (let i = 0; i < post.points.length; i++) mean += post.points[i]! * post.weights[i]!
  let variance = 0
  for (let i = 0; i < post.points.length; i++) {
    const dx = post.points[i]! - mean
    variance += dx * dx * post.weights[i]!
  }
  return { theta: mean, se: Math.sqrt(variance) }
}

/**
 * Maximum likelihood within the bounds: a scan of the log-likelihood on a 0.05 grid finds the
 * global maximum's neighbourhood (3PL likelihoods can be multimodal), then a golden-section search
 * refines it. All-correct and all-wrong patterns have no interior maximum and return the upper
 * and lower bound. The standard error is 1/sqrt(test information) at the estimate.
 */
function mle(responses: readonly ItemResponse[], D: number, bounds: [number, number]): Estimate {
  const [lo, hi] = bounds
  const items = responses.map((r) => r.item)
  const se = (theta: number): number => {
    const info = testInformation(theta, items, D)
    return info > 0 ? 1 / Math.sqrt(info) : Infinity
  }
  if (responses.length === 0) return { theta: (lo + hi) / 2, se: Infinity }
  const right = responses.filter((r) => r.correct).length
  if (right === responses.length) return { theta: hi, se: se(hi) }
  if (right === 0) return { theta: lo, se: se(lo) }

  const steps = Math.max(2, Math.ceil((hi - lo) / 0.05))
  const h = (hi - lo) / steps
  let best = 0
  let bestLl = -Infinity
  for (let i = 0; i <= steps; i++) {
    const ll = logLikelihood(lo + i * h, responses, D)
    if (ll > bestLl) {
      bestLl = ll
      best = i
    }
  }
  let a = Math.max(lo, lo + (best - 1) * h)
  let b = Math.min(hi, lo + (best + 1) * h)
  const g = (Math.sqrt(5) - 1) / 2
  let x1 = b - g * (b - a)
  let x2 = a + g * (b - a)
  let f1 = logLikelihood(x1, responses, D)
  let f2 = logLikelihood(x2, responses, D)
  while (b - a > 1e-7) {
    if (f1 < f2) {
      a = x1
      x1 = x2
      f1 = f2
      x2 = a + g * (b - a)
      f2 = logLikelihood(x2, responses, D)
    } else {
      b = x2
      x2 = x1
      f2 = f1
      x1 = b - g * (b - a)
      f1 = logLikelihood(x1, responses, D)
    }
  }
  let theta = (a + b) / 2
  // The maximum may sit on a bound (e.g. right on hard items, wrong on easy ones under 3PL).
  if (logLikelihood(lo, responses, D) >= logLikelihood(theta, responses, D)) theta = lo
  if (logLikelihood(hi, responses, D) >= logLikelihood(theta, responses, D)) theta = hi
  return { theta, se: se(theta) }
}

/**
 * Ability estimate from scored responses.
 * - EAP (default): posterior mean over the grid with a normal prior (default N(0, 1)) on the
 *   bounds (default -4..4); `se` is the posterior standard deviation. With no responses it is
 *   the (truncated) prior's mean and sd.
 * - MLE: bounded maximum likelihood; `se` = 1/sqrt(test information at the estimate).
 */
export function estimateAbility(responses: readonly ItemResponse[], options: EstimateOptions = {}): Estimate {
  const bounds = checkBounds(options.bounds ?? DEFAULT_BOUNDS)
  const D = options.D ?? 1
  if ((options.method ?? 'EAP') === 'MLE') return mle(responses, D, bounds)
  return summarise(posterior(responses, { ...options, bounds }))
}
