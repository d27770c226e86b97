/**
 * Simulation of takers with known theta answering the bank, for the adaptive test and for fixed
 * random forms. Pure: the caller passes the items (with the parameters the engine would use) and a
 * seed; the same inputs give the same report.
 *
 * The responses are generated from the same IRT model the engine scores with, unless `trueParams`
 * says otherwise (to see what wrong item parameters cost, e.g. uncalibrated authored levels).
 */
import { DEFAULT_GRID_POINTS, DEFAULT_PRIOR, grid, priorPosterior, probability, summarise, updatePosterior, posterior } from './irt.js'
import type { ItemParams, Posterior, Prior } from './irt.js'
import { levelOf, levelProbabilities, mostProbableLevel } from './levels.js'
import { mulberry32, normal, sample, type Random } from './random.js'
import { selectNext, type Candidate } from './select.js'
import { defaultStopRules, stopReason, type StopReason, type StopRules } from './stop.js'
import { LEVEL_IDS, type Level, type LevelId } from './types.js'

export type SimItem = Candidate

export type SimulationOptions = {
  items: readonly SimItem[]
  levels: readonly Level[]
  /** Number of simulated takers (default 2000); ignored when `thetas` is given. */
  takers?: number
  seed?: number
  /** True abilities; default: `takers` draws from N(0, 1). */
  thetas?: readonly number[]
  rules?: StopRules
  topK?: number
  topicSlack?: number
  /** The prior the engine uses (default N(0, 1), the population the thetas are drawn from). */
  prior?: Prior
  /** Length of the fixed forms; default: the adaptive test's mean length, rounded. */
  fixedLength?: number
  /** Parameters that generate the answers (default: the engine's `params`). */
  trueParams?: (item: SimItem) => ItemParams
  /** A reported level probability above this counts as "confident" (default 0.9). */
  confidence?: number
  D?: number
}

export type TakerResult = {
  trueTheta: number
  trueLevel: LevelId
  theta: number
  se: number
  items: number
  level: LevelId
  probability: number
  stop: StopReason | 'pool-exhausted' | 'fixed'
}

export type CalibrationBin = { from: number; to: number; n: number; meanReported: number; accuracy: number }

export type ArmReport = {
  takers: number
  meanItems: number
  maxItems: number
  minItems: number
  rmse: number
  bias: number
  /** Mean reported standard error (compare with rmse: they should be close). */
  meanSe: number
  /** Share of takers whose most probable level is their true level. */
  accuracy: number
  accuracyByLevel: Record<LevelId, { n: number; accuracy: number | null }>
  /** Share of takers whose reported level probability is over `confidence`. */
  confident: number
  /** Share of all takers whose reported probability was over `confidence` and whose level was wrong. */
  confidentWrong: number
  /** Accuracy among the confident takers (the goal: at least `confidence`). */
  confidentAccuracy: number | null
  calibration: CalibrationBin[]
  /** Highest share of takers shown any one item. */
  maxExposure: number
  /** Items shown to more than a quarter of the takers. */
  overexposedItems: number
  stopReasons: Record<string, number>
}

export type SimulationReport = {
  takers: number
  items: number
  rules: StopRules
  topK: number | undefined
  fixedLength: number
  adaptive: ArmReport
  /** Fixed random forms of the adaptive test's mean length. */
  fixed: ArmReport
  /** Fixed random forms twice that long (the benchmark for the adaptive test). */
  fixedDouble: ArmReport
}

export type SimEnvironment = {
  pool: readonly SimItem[]
  levels: readonly Level[]
  prior: Prior
  gridPoints: number[]
  D: number
  trueParams: (item: SimItem) => ItemParams
}

function answer(env: SimEnvironment, item: SimItem, trueTheta: number, random: Random): boolean {
  return random() < probability(trueTheta, env.trueParams(item), env.D)
}

function finish(env: SimEnvironment, post: Posterior, trueTheta: number, items: number, stop: TakerResult['stop']): TakerResult {
  const est = summarise(post)
  const probs = levelProbabilities(post, env.levels)
  const level = mostProbableLevel(probs)
  return {
    trueTheta,
    trueLevel: levelOf(trueTheta, env.levels),
    theta: est.theta,
    se: est.se,
    items,
    level,
    probability: probs[level],
    stop,
  }
}

/** One adaptive session: select, answer, update, until a stop rule holds. Records exposure. */
export function runAdaptive(
  env: SimEnvironment,
  trueTheta: number,
  rules: StopRules,
  topK: number | undefined,
  topicSlack: number | undefined,
  selectRandom: Random,
  answerRandom: Random,
  shown?: Map<string, number>,
): TakerResult {
  let post = priorPosterior(env.prior, env.gridPoints)
  let est = summarise(post)
  const answered = new Set<string>()
  const topicCounts = new Map<string, number>()
  for (;;) {
    const reason = stopReason({ count: answered.size, se: est.se, levelProbabilities: levelProbabilities(post, env.levels) }, rules)
    if (reason) return finish(env, post, trueTheta, answered.size, reason)
    const item = selectNext(
      env.pool,
      { theta: est.theta, answered, topicCounts },
      { topK, random: selectRandom, D: env.D, ...(topicSlack === undefined ? {} : { topicSlack }) },
    )
    if (!item) return finish(env, post, trueTheta, answered.size, 'pool-exhausted')
    answered.add(item.id)
    topicCounts.set(item.topic, (topicCounts.get(item.topic) ?? 0) + 1)
    shown?.set(item.id, (shown.get(item.id) ?? 0) + 1)
    post = updatePosterior(post, { item: item.params, correct: answer(env, item, trueTheta, answerRandom) }, env.D)
    est = summarise(post)
  }
}

/** One fixed random form of `length` items, scored by EAP with the same prior. */
function runFixed(
  env: SimEnvironment,
  trueTheta: number,
  length: number,
  formRandom: Random,
  answerRandom: Random,
  shown: Map<string, number>,
): TakerResult {
  const form = sample(env.pool, length, formRandom)
  const responses = form.map((item) => {
    shown.set(item.id, (shown.get(item.id) ?? 0) + 1)
    return { item: item.params, correct: answer(env, item, trueTheta, answerRandom) }
  })
  const post = posterior(responses, { prior: env.prior, D: env.D, points: env.gridPoints.length })
  return finish(env, post, trueTheta, form.length, 'fixed')
}

/** Summary statistics of one arm. */
export function report(results: readonly TakerResult[], shown: ReadonlyMap<string, number>, confidence = 0.9): ArmReport {
  const n = results.length
  const mean = (f: (r: TakerResult) => number): number => (n ? results.reduce((s, r) => s + f(r), 0) / n : 0)
  const byLevel = {} as ArmReport['accuracyByLevel']
  for (const id of LEVEL_IDS) {
    const group = results.filter((r) => r.trueLevel === id)
    byLevel[id] = {
      n: group.length,
      accuracy: group.length ? group.filter((r) => r.level === r.trueLevel).length / group.length : null,
    }
  }
  const confident = results.filter((r) => r.probability > confidence)
  const confidentRight = confident.filter((r) => r.level === r.trueLevel).length
  const edges = [0.25, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0000001]
  const calibration: CalibrationBin[] = []
  for (let i = 0; i + 1 < edges.length; i++) {
    const from = edges[i]!
    const to = edges[i + 1]!
    const bin = results.filter((r) => r.probability >= from && r.probability < to)
    if (!bin.length) continue
    calibration.push({
      from,
      to: Math.min(1, to),
      n: bin.length,
      meanReported: bin.reduce((s, r) => s + r.probability, 0) / bin.length,
      accuracy: bin.filter((r) => r.level === r.trueLevel).length / bin.length,
    })
  }
  let maxShown = 0
  let overexposed = 0
  for (const count of shown.values()) {
    maxShown = Math.max(maxShown, count)
    if (count > n / 4) overexposed++
  }
  const stopReasons: Record<string, number> = {}
  for (const r of results) stopReasons[r.stop] = (stopReasons[r.stop] ?? 0) + 1
  return {
    takers: n,
    meanItems: mean((r) => r.items),
    maxItems: results.reduce((m, r) => Math.max(m, r.items), 0),
    minItems: results.reduce((m, r) => Math.min(m, r.items), Infinity),
    rmse: Math.sqrt(mean((r) => (r.theta - r.trueTheta) ** 2)),
    bias: mean((r) => r.theta - r.trueTheta),
    meanSe: mean((r) => r.se),
    accuracy: mean((r) => (r.level === r.trueLevel ? 1 : 0)),
    accuracyByLevel: byLevel,
    confident: n ? confident.length / n : 0,
    confidentWrong: n ? (confident.length - confidentRight) / n : 0,
    confidentAccuracy: confident.length ? confidentRight / confident.length : null,
    calibration,
    maxExposure: n ? maxShown / n : 0,
    overexposedItems: overexposed,
    stopReasons,
  }
}

/** The true abilities: the given ones, or `takers` draws from N(0, 1). */
export function drawThetas(takers: number, seed: number): number[] {
  const random = mulberry32(seed)
  return Array.from({ length: takers }, () => normal(random))
}

/**
 * Adaptive test vs fixed random forms of the same mean length and of twice that length, on the
 * same simulated takers. Separate seeded streams for the abilities, the item choice and the
 * answers keep the arms comparable and the whole report reproducible.
 */
export function simulate(options: SimulationOptions): SimulationReport {
  const seed = options.seed ?? 1
  const rules = options.rules ?? defaultStopRules
  const thetas = options.thetas ?? drawThetas(options.takers ?? 2000, seed)
  const env: SimEnvironment = {
    pool: options.items,
    levels: options.levels,
    prior: options.prior ?? DEFAULT_PRIOR,
    gridPoints: grid(undefined, DEFAULT_GRID_POINTS),
    D: options.D ?? 1,
    trueParams: options.trueParams ?? ((item) => item.params),
  }
  const confidence = options.confidence ?? 0.9

  const selectRandom = mulberry32(seed + 101)
  const answerRandom = mulberry32(seed + 202)
  const shownAdaptive = new Map<string, number>()
  const adaptiveResults = thetas.map((t) =>
    runAdaptive(env, t, rules, options.topK, options.topicSlack, selectRandom, answerRandom, shownAdaptive),
  )
  const adaptive = report(adaptiveResults, shownAdaptive, confidence)

  const fixedLength = Math.max(1, options.fixedLength ?? Math.round(adaptive.meanItems))
  const arm = (length: number, salt: number): ArmReport => {
    const formRandom = mulberry32(seed + salt)
    const answers = mulberry32(seed + salt + 1)
    const shown = new Map<string, number>()
    const results = thetas.map((t) => runFixed(env, t, length, formRandom, answers, shown))
    return report(results, shown, confidence)
  }
  return {
    takers: thetas.length,
    items: options.items.length,
    rules,
    topK: options.topK,
    fixedLength,
    adaptive,
    fixed: arm(fixedLength, 303),
    fixedDouble: arm(2 * fixedLength, 404),
  }
}
