/**
 * Calibration of item parameters from real answers: marginal maximum likelihood by EM over a
 * quadrature grid (Bock & Aitkin, 1981), for the 3PL with the guessing floor `c` held fixed (and
 * `d` too when an item has one), so only the slope `a` and the difficulty `b` are estimated.
 *
 *   P(correct | theta) = c + (d - c) / (1 + exp(-D·a·(theta - b)))
 *
 * The ability scale is anchored by fixing the population at N(0, 1) (the engine's default prior):
 * the quadrature weights never move, so a calibrated b means the same as an authored one.
 *
 * Weak priors keep sparse items sane (a Bayesian modal estimate, as in BILOG-MG):
 *   log a ~ N(0, 0.5²)  (a lognormal around 1)      b ~ N(authored b, 1²)
 * With a few hundred responses the data dominate; with a handful, the item stays near its
 * authored parameters.
 *
 * E-step: for every session, the posterior over the grid given its responses and the current
 * parameters; its weights add to each answered item's expected count n_k and expected number
 * right r_k at every grid point. M-step: per item, Fisher scoring on (log a, b) of
 *   sum_k [r_k log P_k + (n_k - r_k) log(1 - P_k)] + log prior
 * with step halving, so each cycle never lowers the penalised likelihood.
 *
 * Standard errors come from the cross-product of each session's score for the item (the
 * empirical information, one extra E-step pass) plus the prior's precision, one item at a time
 * (the covariances between items are ignored).
 *
 * Pure: no I/O, no randomness; the same input gives the same output.
 */
import { DEFAULT_BOUNDS, DEFAULT_PRIOR, grid, priorPosterior, type ItemParams } from './irt.js'

export type CalibrationItem = {
  id: string
  /** The parameters the engine uses today: the starting point; `c` (and `d`) stay fixed. */
  params: ItemParams
  /** Mean of the normal prior on b (default: params.b); the authored level's centre. */
  priorB?: number
}

/** One response: the item answered and whether it was scored right. */
export type CalibrationResponse = { itemId: string; correct: boolean }
/** A session's responses (order does not matter). */
export type CalibrationSession = readonly CalibrationResponse[]

export type CalibrationOptions = {
  /** Responses an item needs to be reported as calibrated (default 200). */
  minResponses?: number
  /** Prior on log a: N(mean, sd²) (default mean 0, sd 0.5). */
  priorLogA?: { mean: number; sd: number }
  /** Standard deviation of the normal prior on b around `priorB` (default 1). */
  priorBSd?: number
  /** Quadrature points on -4..4 (default 41, a step of 0.2). */
  points?: number
  /** Stop when no a or b moves more than this in a cycle (default 1e-4). */
  tolerance?: number
  /** At most this many EM cycles (default 500). */
  maxCycles?: number
  D?: number
}

export type CalibratedItem = {
  id: string
  /** The estimate; `c` (and `d`) as given. */
  params: ItemParams
  /** Standard errors of a and b (null without responses). */
  se: { a: number | null; b: number | null }
  /** Responses to the item in the data. */
  responses: number
  /** Whether it had at least `minResponses`: only these should replace the authored parameters. */
  calibrated: boolean
}

export type CalibrationResult = {
  items: CalibratedItem[]
  /** Sessions with at least one response to a known item. */
  sessions: number
  /** Responses used. */
  responses: number
  /** Responses to items not in the list, left out. */
  ignored: number
  cycles: number
  converged: boolean
  /** Marginal log-likelihood of the data at the estimate (without the priors). */
  logLikelihood: number
}

export const DEFAULT_MIN_RESPONSES = 200
export const DEFAULT_PRIOR_LOG_A = { mean: 0, sd: 0.5 }
export const DEFAULT_PRIOR_B_SD = 1
const A_RANGE: [number, number] = [0.1, 5]
/** The bank schema's range for b. */
const B_RANGE: [number, number] = [-6, 6]

/** Sessions packed into flat arrays: item indices and outcomes, with each session's start. */
type Packed = { item: Int32Array; correct: Uint8Array; start: Int32Array; ignored: number }

function pack(sessions: readonly CalibrationSession[], index: ReadonlyMap<string, number>): Packed {
  const item: number[] = []
  const correct: number[] = []
  const start: number[] = [0]
  let ignored = 0
  for (const session of sessions) {
    const before = item.length
    for (const r of session) {
      const j = index.get(r.itemId)
      if (j === undefined) {
        ignored++
        continue
      }
      item.push(j)
      correct.push(r.correct ? 1 : 0)
    }
    if (item.length > before) start.push(item.length)
  }
  return { item: Int32Array.from(item), correct: Uint8Array.from(correct), start: Int32Array.from(start), ignored }
}

function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

const clamp = (x: number, [lo, hi]: [number, number]) => Math.min(hi, Math.max(lo, x))

/** Per item and grid point: P, and W = (dP/dz) / (P(1-P)), the factor of d log P(x)/dz = (x - P)·W. */
function tables(a: Float64Array, b: Float64Array, c: Float64Array, d: Float64Array, points: readonly number[], D: number) {
  const K = points.length
  const P = new Float64Array(a.length * K)
  const W = new Float64Array(a.length * K)
  for (let j = 0; j < a.length; j++) {
    const span = d[j]! - c[j]!
    for (let k = 0; k < K; k++) {
      const L = logistic(D * a[j]! * (points[k]! - b[j]!))
      const p = c[j]! + span * L
      P[j * K + k] = p
      W[j * K + k] = (span * L * (1 - L)) / Math.max(p * (1 - p), 1e-300)
    }
  }
  return { P, W }
}

const RESCALE_EVERY = 20

/**
 * One pass over the sessions: each one's posterior on the grid. `visit` gets the session's slice
 * and its normalised posterior; returns the marginal log-likelihood.
 */
function eachPosterior(
  data: Packed,
  P: Float64Array,
  prior: readonly number[],
  visit: (from: number, to: number, post: Float64Array) => void,
): number {
  const K = prior.length
  const post = new Float64Array(K)
  let logLikelihood = 0
  for (let s = 0; s + 1 < data.start.length; s++) {
    const from = data.start[s]!
    const to = data.start[s + 1]!
    for (let k = 0; k < K; k++) post[k] = prior[k]!
    let logScale = 0
    for (let i = from; i < to; i++) {
      const base = data.item[i]! * K
      if (data.correct[i]) for (let k = 0; k < K; k++) post[k]! *= P[base + k]!
      else for (let k = 0; k < K; k++) post[k]! *= 1 - P[base + k]!
      if ((i - from) % RESCALE_EVERY === RESCALE_EVERY - 1) {
        let max = 0
        for (let k = 0; k < K; k++) max = Math.max(max, post[k]!)
        if (max > 0) {
          for (let k = 0; k < K; k++) post[k]! /= max
          logScale += Math.log(max)
        }
      }
    }
    let total = 0
    for (let k = 0; k < K; k++) total += post[k]!
    if (!(total > 0)) throw new RangeError('a session has zero likelihood on the grid')
    for (let k = 0; k < K; k++) post[k]! /= total
    logLikelihood += Math.log(total) + logScale
    visit(from, to, post)
  }
  return logLikelihood
}

type ItemFit = { alpha: number; b: number }

/**
 * M-step for one item: Fisher scoring on (alpha = log a, b) of the expected complete-data
 * log-likelihood plus the log priors, with step halving so the objective never decreases.
 */
function fitItem(
  n: Float64Array,
  r: Float64Array,
  offset: number,
  points: readonly number[],
  start: ItemFit,
  c: number,
  d: number,
  prior: { alphaMean: number; alphaSd: number; bMean: number; bSd: number },
  D: number,
): ItemFit {
  const K = points.length
  const span = d - c
  const objective = (alpha: number, b: number): number => {
    const a = Math.exp(alpha)
    let sum = 0
    for (let k = 0; k < K; k++) {
      const nk = n[offset + k]!
      if (nk === 0) continue
      const p = Math.min(1 - 1e-12, Math.max(1e-12, c + span * logistic(D * a * (points[k]! - b))))
      const rk = r[offset + k]!
      sum += rk * Math.log(p) + (nk - rk) * Math.log(1 - p)
    }
    const za = (alpha - prior.alphaMean) / prior.alphaSd
    const zb = (b - prior.bMean) / prior.bSd
    return sum - 0.5 * (za * za + zb * zb)
  }
  let { alpha, b } = start
  let current = objective(alpha, b)
  for (let iteration = 0; iteration < 25; iteration++) {
    const a = Math.exp(alpha)
    let gAlpha = -(alpha - prior.alphaMean) / (prior.alphaSd * prior.alphaSd)
    let gB = -(b - prior.bMean) / (prior.bSd * prior.bSd)
    let iAA = 1 / (prior.alphaSd * prior.alphaSd)
    let iBB = 1 / (prior.bSd * prior.bSd)
    let iAB = 0
    for (let k = 0; k < K; k++) {
      const nk = n[offset + k]!
      if (nk === 0) continue
      const L = logistic(D * a * (points[k]! - b))
      const p = c + span * L
      const pq = Math.max(p * (1 - p), 1e-300)
      const dPdz = span * L * (1 - L)
      const dzAlpha = D * a * (points[k]! - b)
      const dzB = -D * a
      const dz = ((r[offset + k]! - nk * p) * dPdz) / pq
      const info = (nk * dPdz * dPdz) / pq
      gAlpha += dz * dzAlpha
      gB += dz * dzB
      iAA += info * dzAlpha * dzAlpha
      iBB += info * dzB * dzB
      iAB += info * dzAlpha * dzB
    }
    const det = iAA * iBB - iAB * iAB
    if (!(det > 0)) break
    let stepAlpha = (iBB * gAlpha - iAB * gB) / det
    let stepB = (iAA * gB - iAB * gAlpha) / det
    // Keep a single step modest: the surface of a sparse item can be flat.
    const longest = Math.max(Math.abs(stepAlpha), Math.abs(stepB))
    if (longest > 1) {
      stepAlpha /= longest
      stepB /= longest
    }
    let improved = false
    for (let halving = 0; halving < 20; halving++) {
      const nextAlpha = clamp(alpha + stepAlpha, [Math.log(A_RANGE[0]), Math.log(A_RANGE[1])])
      const nextB = clamp(b + stepB, B_RANGE)
      const value = objective(nextAlpha, nextB)
      if (value >= current) {
        const moved = Math.max(Math.abs(nextAlpha - alpha), Math.abs(nextB - b))
        alpha = nextAlpha
        b = nextB
        current = value
        improved = moved > 1e-9
        break
      }
      stepAlpha /= 2
      stepB /= 2
    }
    if (!improved || Math.max(Math.abs(stepAlpha), Math.abs(stepB)) < 1e-8) break
  }
  return { alpha, b }
}

/**
 * Marginal maximum likelihood (with weak priors) of every item's a and b from the sessions'
 * responses, c (and d) fixed, the population fixed at N(0, 1). Items come back in input order;
 * an item without responses keeps its parameters.
 */
export function calibrate(
  items: readonly CalibrationItem[],
  sessions: readonly CalibrationSession[],
  options: CalibrationOptions = {},
): CalibrationResult {
  const D = options.D ?? 1
  const minResponses = options.minResponses ?? DEFAULT_MIN_RESPONSES
  const priorLogA = options.priorLogA ?? DEFAULT_PRIOR_LOG_A
  const priorBSd = options.priorBSd ?? DEFAULT_PRIOR_B_SD
  const tolerance = options.tolerance ?? 1e-4
  const maxCycles = options.maxCycles ?? 500
  if (!(priorLogA.sd > 0) || !(priorBSd > 0)) throw new RangeError('prior standard deviations must be > 0')

  const index = new Map<string, number>()
  items.forEach((item, j) => {
    if (index.has(item.id)) throw new RangeError(`item "${item.id}" is listed twice`)
    index.set(item.id, j)
  })
  const J = items.length
  const a = Float64Array.from(items, (i) => clamp(i.params.a, A_RANGE))
  const b = Float64Array.from(items, (i) => clamp(i.params.b, B_RANGE))
  const c = Float64Array.from(items, (i) => i.params.c)
  const d = Float64Array.from(items, (i) => i.params.d ?? 1)
  const priorB = items.map((i) => i.priorB ?? i.params.b)

  const data = pack(sessions, index)
  const counts = new Int32Array(J)
  for (const j of data.item) counts[j]!++

  const points = grid(DEFAULT_BOUNDS, options.points ?? 41)
  const K = points.length
  const weights = priorPosterior(DEFAULT_PRIOR, points).weights
  const n = new Float64Array(J * K)
  const r = new Float64Array(J * K)

  let cycles = 0
  let converged = J === 0 || data.item.length === 0
  while (!converged && cycles < maxCycles) {
    cycles++
    // E-step: expected counts at each grid point.
    n.fill(0)
    r.fill(0)
    const { P } = tables(a, b, c, d, points, D)
    eachPosterior(data, P, weights, (from, to, post) => {
      for (let i = from; i < to; i++) {
        const base = data.item[i]! * K
        for (let k = 0; k < K; k++) n[base + k]! += post[k]!
        if (data.correct[i]) for (let k = 0; k < K; k++) r[base + k]! += post[k]!
      }
    })
    // M-step: each item on its own.
    let change = 0
    for (let j = 0; j < J; j++) {
      if (counts[j] === 0) continue
      const fit = fitItem(n, r, j * K, points, { alpha: Math.log(a[j]!), b: b[j]! }, c[j]!, d[j]!, {
        alphaMean: priorLogA.mean, alphaSd: priorLogA.sd, bMean: priorB[j]!, bSd: priorBSd,
      }, D)
      const nextA = Math.exp(fit.alpha)
      change = Math.max(change, Math.abs(nextA - a[j]!), Math.abs(fit.b - b[j]!))
      a[j] = nextA
      b[j] = fit.b
    }
    converged = change < tolerance
  }

  // One more pass at the estimate: the marginal log-likelihood and each session's score per item.
  const { P, W } = tables(a, b, c, d, points, D)
  const sAA = new Float64Array(J)
  const sAB = new Float64Array(J)
  const sBB = new Float64Array(J)
  const logLikelihood = eachPosterior(data, P, weights, (from, to, post) => {
    for (let i = from; i < to; i++) {
      const j = data.item[i]!
      const base = j * K
      const x = data.correct[i]!
      let alphaScore = 0
      let bScore = 0
      for (let k = 0; k < K; k++) {
        const dz = post[k]! * (x - P[base + k]!) * W[base + k]!
        alphaScore += dz * (points[k]! - b[j]!)
        bScore += dz
      }
      alphaScore *= D * a[j]!
      bScore *= -D * a[j]!
      sAA[j]! += alphaScore * alphaScore
      sAB[j]! += alphaScore * bScore
      sBB[j]! += bScore * bScore
    }
  })

  const out: CalibratedItem[] = items.map((item, j) => {
    const params: ItemParams = { a: a[j]!, b: b[j]!, c: c[j]! }
    if (item.params.d !== undefined) params.d = item.params.d
    if (counts[j] === 0) return { id: item.id, params: { ...item.params }, se: { a: null, b: null }, responses: 0, calibrated: false }
    const iAA = sAA[j]! + 1 / (priorLogA.sd * priorLogA.sd)
    const iBB = sBB[j]! + 1 / (priorBSd * priorBSd)
    const iAB = sAB[j]!
    const det = iAA * iBB - iAB * iAB
    const se = det > 0 ? { a: a[j]! * Math.sqrt(iBB / det), b: Math.sqrt(iAA / det) } : { a: null, b: null }
    return { id: item.id, params, se, responses: counts[j]!, calibrated: counts[j]! >= minResponses }
  })
  return {
    items: out,
    sessions: data.start.length - 1,
    responses: data.item.length,
    ignored: data.ignored,
    cycles,
    converged,
    logLikelihood,
  }
}
