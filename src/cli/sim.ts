/**
 * npm run sim [-- options] — simulation benchmark of the adaptive test on the real bank.
 *
 * Simulated takers with known theta (N(0, 1)) answer the questions of questions/ with the item
 * parameters the engine would use (calibrated `irt` or the authored level's), once adaptively and
 * once on fixed random forms of the adaptive test's mean length and of twice that length.
 *
 * Options:
 *   --json                 one JSON object {settings, adaptive, fixed, fixedDouble, goals}
 *   --takers N             simulated takers (default 5000)       --seed N   (default 1)
 *   --area ID              restrict to an area (repeatable)      --by-area  one row per area too
 *   --top-k K --topic-slack S --min N --max N --se X --confidence P   override the defaults
 *   --bank DIR             the question bank directory (default questions)
 *   --misspecified         answers come from perturbed parameters (b + N(0, 0.5), a · e^N(0, 0.3)):
 *                          what it costs that uncalibrated items are guesses
 *   --calibrated           items get parameters spread around the authored ones as a calibration
 *                          would find them (same spread), used both by the engine and for the answers:
 *                          what calibrating the bank would buy
 */
import { loadBank } from '../bank/load.js'
import type { ItemParams } from '../engine/irt.js'
import { itemParams } from '../engine/params.js'
import { mulberry32, normal } from '../engine/random.js'
import { DEFAULT_TOP_K, DEFAULT_TOPIC_SLACK } from '../engine/select.js'
import { simulate, type ArmReport, type SimItem, type SimulationReport } from '../engine/simulate.js'
import { defaultStopRules, type StopRules } from '../engine/stop.js'
import { LEVEL_IDS, type Level } from '../engine/types.js'

type Args = {
  json: boolean
  takers: number
  seed: number
  areas: string[]
  byArea: boolean
  topK: number
  topicSlack: number
  rules: StopRules
  misspecified: boolean
  calibrated: boolean
  bank: string
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    json: false,
    takers: 5000,
    seed: 1,
    areas: [],
    byArea: false,
    topK: DEFAULT_TOP_K,
    topicSlack: DEFAULT_TOPIC_SLACK,
    rules: { ...defaultStopRules },
    misspecified: false,
    calibrated: false,
    bank: 'questions',
  }
  const num = (i: number, flag: string): number => {
    const value = Number(argv[i + 1])
    if (!Number.isFinite(value)) throw new Error(`${flag} needs a number`)
    return value
  }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!
    switch (flag) {
      case '--json':
        args.json = true
        break
      case '--by-area':
        args.byArea = true
        break
      case '--misspecified':
        args.misspecified = true
        break
      case '--calibrated':
        args.calibrated = true
        break
      case '--takers':
        args.takers = num(i++, flag)
        break
      case '--seed':
        args.seed = num(i++, flag)
        break
      case '--top-k':
        args.topK = num(i++, flag)
        break
      case '--topic-slack':
        args.topicSlack = num(i++, flag)
        break
      case '--min':
        args.rules.minItems = num(i++, flag)
        break
      case '--max':
        args.rules.maxItems = num(i++, flag)
        break
      case '--se':
        args.rules.seTarget = num(i++, flag)
        break
      case '--confidence':
        args.rules.levelConfidence = num(i++, flag)
        break
      case '--bank': {
        const dir = argv[++i]
        if (!dir) throw new Error('--bank needs a directory')
        args.bank = dir
        break
      }
      case '--area': {
        const area = argv[++i]
        if (!area) throw new Error('--area needs an area id')
        args.areas.push(area)
        break
      }
      default:
        throw new Error(`unknown option ${flag} (see the comment at the top of src/cli/sim.ts)`)
    }
  }
  return args
}

type BankItem = SimItem & { area: string }

function goals(r: SimulationReport) {
  return {
    /** The adaptive test is at least as accurate as fixed random forms twice its mean length. */
    accuracyVsDoubleFixed: {
      adaptive: r.adaptive.accuracy,
      fixedDouble: r.fixedDouble.accuracy,
      met: r.adaptive.accuracy >= r.fixedDouble.accuracy,
    },
    /** No item is shown to more than 25% of the takers. */
    exposure: { maxExposure: r.adaptive.maxExposure, met: r.adaptive.maxExposure <= 0.25 },
    /** A reported level probability over 0.9 is right at least 90% of the time. */
    calibration: {
      confidentAccuracy: r.adaptive.confidentAccuracy,
      met: r.adaptive.confidentAccuracy === null || r.adaptive.confidentAccuracy >= 0.9,
    },
  }
}

/** Parameters spread around the authored ones: b + N(0, 0.5), a · e^N(0, 0.3), seeded. */
function spread(items: BankItem[], seed: number): Map<string, ItemParams> {
  const random = mulberry32(seed)
  return new Map(
    items.map((item) => [
      item.id,
      { ...item.params, b: item.params.b + 0.5 * normal(random), a: item.params.a * Math.exp(0.3 * normal(random)) },
    ]),
  )
}

function run(bankItems: BankItem[], levels: Level[], args: Args): SimulationReport {
  let items = bankItems
  if (args.calibrated) {
    const calibrated = spread(bankItems, args.seed + 13)
    items = bankItems.map((item) => ({ ...item, params: calibrated.get(item.id)! }))
  }
  let trueParams: ((item: SimItem) => ItemParams) | undefined
  if (args.misspecified) {
    const truth = spread(items, args.seed + 7)
    trueParams = (item) => truth.get(item.id)!
  }
  return simulate({
    items,
    levels,
    takers: args.takers,
    seed: args.seed,
    rules: args.rules,
    topK: args.topK,
    topicSlack: args.topicSlack,
    ...(trueParams ? { trueParams } : {}),
  })
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`
const dec = (x: number | null, digits = 3): string => (x === null ? '-' : x.toFixed(digits))
const signed = (x: number): string => (x >= 0 ? '+' : '') + x.toFixed(3)

function table(r: SimulationReport): string {
  const arms: [string, ArmReport][] = [
    ['adaptive', r.adaptive],
    [`fixed ${r.fixedLength}`, r.fixed],
    [`fixed ${2 * r.fixedLength}`, r.fixedDouble],
  ]
  const row = (label: string, f: (a: ArmReport) => string): string => label.padEnd(32) + arms.map(([, a]) => f(a).padStart(12)).join('')
  const lines = [
    ''.padEnd(32) + arms.map(([name]) => name.padStart(12)).join(''),
    row('mean items', (a) => a.meanItems.toFixed(1)),
    row('min / max items', (a) => `${a.minItems} / ${a.maxItems}`),
    row('RMSE of theta', (a) => dec(a.rmse)),
    row('bias of theta', (a) => signed(a.bias)),
    row('mean reported SE', (a) => dec(a.meanSe)),
    row('level accuracy', (a) => dec(a.accuracy)),
    ...LEVEL_IDS.map((id) => row(`  true ${id} (n=${r.adaptive.accuracyByLevel[id].n})`, (a) => dec(a.accuracyByLevel[id].accuracy))),
    row('reported probability > 0.9', (a) => pct(a.confident)),
    row('  of them right', (a) => dec(a.confidentAccuracy)),
    row('  wrong (share of all takers)', (a) => pct(a.confidentWrong)),
    row('highest item exposure', (a) => pct(a.maxExposure)),
    row('items shown to > 25%', (a) => String(a.overexposedItems)),
  ]
  lines.push(
    '',
    'adaptive stop reasons: ' +
      Object.entries(r.adaptive.stopReasons)
        .map(([k, v]) => `${k} ${pct(v / r.takers)}`)
        .join(', '),
  )
  lines.push('calibration of the reported level probability (adaptive):')
  for (const bin of r.adaptive.calibration) {
    lines.push(
      `  ${bin.from.toFixed(2)}-${bin.to.toFixed(2)}: n=${String(bin.n).padStart(5)}  mean reported ${dec(bin.meanReported)}  right ${dec(bin.accuracy)}`,
    )
  }
  const g = goals(r)
  const ok = (met: boolean): string => (met ? 'met' : 'NOT MET')
  lines.push(
    '',
    'goals:',
    `  accuracy of a fixed form twice as long: ${dec(g.accuracyVsDoubleFixed.adaptive)} vs ${dec(g.accuracyVsDoubleFixed.fixedDouble)}  ${ok(g.accuracyVsDoubleFixed.met)}`,
    `  no item shown to more than 25% of takers: highest ${pct(g.exposure.maxExposure)}  ${ok(g.exposure.met)}`,
    `  reported probability > 0.9 right at least 90%: ${dec(g.calibration.confidentAccuracy)}  ${ok(g.calibration.met)}`,
  )
  return lines.join('\n')
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const bank = await loadBank(args.bank)
  if (bank.problems.length)
    console.error(`warning: the bank has ${bank.problems.length} problems (npm run bank:check); simulating the valid questions`)
  const levels: Level[] = bank.levels
  const all: BankItem[] = bank.questions.map((q) => ({
    id: q.id,
    topic: q.topic,
    area: q.area,
    params: itemParams({ level: q.level, type: q.type, optionCount: q.options.length, irt: q.irt }, levels),
  }))
  const unknown = args.areas.filter((a) => !bank.areas.some((area) => area.id === a))
  if (unknown.length) throw new Error(`unknown area ${unknown.join(', ')}`)
  const items = args.areas.length ? all.filter((item) => args.areas.includes(item.area)) : all
  if (!items.length) throw new Error('no questions to simulate')

  const report = run(items, levels, args)
  const topics = new Set(items.map((i) => i.topic)).size
  const settings = {
    takers: report.takers,
    seed: args.seed,
    items: items.length,
    topics,
    areas: args.areas.length ? args.areas : 'all',
    rules: args.rules,
    topK: args.topK,
    topicSlack: args.topicSlack,
    misspecified: args.misspecified,
    calibrated: args.calibrated,
  }
  const perArea = args.byArea
    ? bank.areas
        .map((area) => ({ area: area.id, items: all.filter((i) => i.area === area.id) }))
        .filter((a) => a.items.length > 0)
        .map(({ area, items: areaItems }) => {
          const r = run(areaItems, levels, args)
          return { area, items: areaItems.length, adaptive: r.adaptive, fixed: r.fixed, fixedDouble: r.fixedDouble, goals: goals(r) }
        })
    : undefined

  if (args.json) {
    console.log(
      JSON.stringify(
        {
          settings,
          adaptive: report.adaptive,
          fixed: report.fixed,
          fixedDouble: report.fixedDouble,
          goals: goals(report),
          ...(perArea ? { perArea } : {}),
        },
        null,
        2,
      ),
    )
    return
  }
  console.log(
    `Levelset simulation: ${report.takers} takers with theta ~ N(0, 1), ${items.length} questions in ${topics} topics` +
      ` (${args.areas.length ? args.areas.join(', ') : 'all areas'}), seed ${args.seed}${args.misspecified ? ', misspecified item parameters' : ''}${args.calibrated ? ', spread (calibrated-like) item parameters' : ''}`,
  )
  const r = args.rules
  console.log(
    `stop rules: min ${r.minItems}, max ${r.maxItems}, SE <= ${r.seTarget}, level probability >= ${r.levelConfidence}; top-K ${args.topK}, topic slack ${args.topicSlack}\n`,
  )
  console.log(table(report))
  if (perArea) {
    console.log('\nper area (adaptive; fixed forms of the same and twice the mean length):')
    console.log(
      '  ' +
        'area'.padEnd(22) +
        'items'.padStart(6) +
        'mean'.padStart(7) +
        'acc'.padStart(7) +
        'fixed'.padStart(7) +
        'fixed2x'.padStart(9) +
        'rmse'.padStart(7) +
        'conf.right'.padStart(12) +
        'max exp.'.padStart(10),
    )
    for (const a of perArea) {
      console.log(
        '  ' +
          a.area.padEnd(22) +
          String(a.items).padStart(6) +
          a.adaptive.meanItems.toFixed(1).padStart(7) +
          dec(a.adaptive.accuracy).padStart(7) +
          dec(a.fixed.accuracy).padStart(7) +
          dec(a.fixedDouble.accuracy).padStart(9) +
          dec(a.adaptive.rmse).padStart(7) +
          dec(a.adaptive.confidentAccuracy).padStart(12) +
          pct(a.adaptive.maxExposure).padStart(10),
      )
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
