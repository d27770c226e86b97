/**
 * npm run calibrate [-- --url URL] [--min 200] [--dir questions] [--write]
 *
 * Calibrates the bank from real answers: reads the responses of finished sessions, fits every
 * question's a and b by marginal maximum likelihood (src/engine/calibrate.ts; c held at the chance
 * of a blind guess, the population at N(0, 1)), and prints one row per answered question: id,
 * responses, old a/b/c, new a/b/c and the standard errors. With --write, questions with at least
 * --min responses get `irt: { a, b, c }` in their YAML file; the rest of each file is kept as it
 * is (comments, order, quoting) through the yaml package's Document API. Then `npm run db:seed`
 * loads them (a new version of each question; its responses keep counting, see below).
 *
 * A response counts for the question as it is in questions/ now only if the version it answered
 * showed the same thing: type, stem, code, option ids and texts, unit and key (feedback,
 * explanation, references, level and irt may differ). A question reworded since has only its new
 * answers.
 *
 * The database is read only (LIBSQL_URL by default, the token from LIBSQL_AUTH_TOKEN).
 */
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { isMap, isSeq, parseDocument, type Document } from 'yaml'
import { bankProblems } from '../bank/check'
import { loadBank, type Problem, type Question } from '../bank/load'
import { renderQuestion } from '../bank/seed'
import { calibrate, DEFAULT_MIN_RESPONSES, type CalibrationResult, type CalibrationSession } from '../engine/calibrate'
import type { ItemParams } from '../engine/irt'
import { renameKeyOptions, type Key } from '../engine/score'
import { chanceOf, itemParams } from '../engine/params'
import { defaultUrl, openDatabase, questionsFolder } from '../runtime/database'
import { loadCatalog, versionKey, type QuestionRow } from '../store/catalog'
import type { Db } from '../store/db'
import { readFinishedSessionResponses } from '../store/responses'

export type CalibrationRow = {
  id: string
  /** The question's file, relative to the working directory, as the bank loader reports it. */
  file: string
  responses: number
  calibrated: boolean
  old: ItemParams
  new: { a: number; b: number; c: number }
  se: { a: number | null; b: number | null }
}

export type CalibrationReport = {
  rows: CalibrationRow[]
  minResponses: number
  /** Finished sessions and their responses read from the database. */
  read: { sessions: number; responses: number }
  /** Responses left out: to questions no longer in the bank, or to a version that showed something else. */
  excluded: { retired: number; changed: number }
  fit: Pick<CalibrationResult, 'sessions' | 'responses' | 'cycles' | 'converged' | 'logLikelihood'>
}

type Shown = Pick<QuestionRow, 'type' | 'stemHtml' | 'codeHtml' | 'options' | 'unit' | 'key'>

// The text a taker reads: markup only changes how it looks (highlighting, a tabindex), and a new
// release may render the same question differently.
const text = (html: string | null) => html?.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim() ?? null

/**
 * What a taker read and how it was scored: equal for two versions means their answers are
 * comparable. Options count by position, as each stored version draws its own option ids.
 */
const shown = (q: Shown): string => {
  const scored = renameKeyOptions(q.key as Key, (id) => String(q.options.findIndex((o) => o.id === id)))
  return JSON.stringify([q.type, text(q.stemHtml), text(q.codeHtml), q.options.map((o) => text(o.html)), q.unit ?? null, scored])
}

const round = (x: number, digits: number) => Number(x.toFixed(digits))

/**
 * Reads the finished sessions' responses, keeps those comparable with the bank in `dir` as it is
 * now, and calibrates every question of the bank. Nothing is written.
 */
export async function calibrateBank(db: Db, options: { dir?: string; minResponses?: number } = {}): Promise<CalibrationReport> {
  const minResponses = options.minResponses ?? DEFAULT_MIN_RESPONSES
  const bank = await loadBank(options.dir ?? questionsFolder)
  if (bank.problems.length) throw new Error(`the question bank has ${bank.problems.length} problem(s); run npm run bank:check`)
  const [catalog, answers] = await Promise.all([loadCatalog(db), readFinishedSessionResponses(db)])

  const now = new Map(bank.questions.map((q) => [q.id, shown(renderQuestion(q))]))
  const sameAsNow = new Map<string, boolean>()
  const byVersion = (id: string, version: number): boolean | undefined => {
    const key = versionKey(id, version)
    let same = sameAsNow.get(key)
    if (same === undefined) {
      const row = catalog.versions.get(key)
      const current = now.get(id)
      if (!row || current === undefined) return undefined
      same = shown(row) === current
      sameAsNow.set(key, same)
    }
    return same
  }

  const sessions: CalibrationSession[] = []
  const excluded = { retired: 0, changed: 0 }
  let sessionCount = 0
  let last: string | undefined
  let session: { itemId: string; correct: boolean }[] = []
  for (const r of answers) {
    if (r.sessionId !== last) {
      if (session.length) sessions.push(session)
      session = []
      last = r.sessionId
      sessionCount++
    }
    const same = byVersion(r.questionId, r.questionVersion)
    if (same === undefined) excluded.retired++
    else if (!same) excluded.changed++
    else session.push({ itemId: r.questionId, correct: r.correct })
  }
  if (session.length) sessions.push(session)

  const levels = bank.levels
  const centre = (q: Question) => levels.find((l) => l.id === q.level)!.centre
  const old = (q: Question) => itemParams({ level: q.level, type: q.type, optionCount: q.options.length, irt: q.irt }, levels)
  const items = bank.questions.map((q) => {
    const { a, b } = old(q)
    return { id: q.id, params: { a, b, c: chanceOf(q.type, q.options.length) }, priorB: centre(q) }
  })
  const result = calibrate(items, sessions, { minResponses })
  const rows = bank.questions.map((q, j): CalibrationRow => {
    const fitted = result.items[j]!
    return {
      id: q.id,
      file: q.file,
      responses: fitted.responses,
      calibrated: fitted.calibrated,
      old: old(q),
      new: { a: round(fitted.params.a, 2), b: round(fitted.params.b, 2), c: round(fitted.params.c, 3) },
      se: fitted.se,
    }
  })
  const { sessions: fitSessions, responses, cycles, converged, logLikelihood } = result
  return {
    rows,
    minResponses,
    read: { sessions: sessionCount, responses: answers.length },
    excluded,
    fit: { sessions: fitSessions, responses, cycles, converged, logLikelihood },
  }
}

const fmt = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? '-' : x.toFixed(digits))
const triple = (p: { a: number; b: number; c: number }) => `${fmt(p.a).padStart(4)} ${fmt(p.b).padStart(5)} ${fmt(p.c)}`

/** The report as text: a summary and one row per question with any responses. */
export function formatReport(report: CalibrationReport): string {
  const answered = report.rows.filter((r) => r.responses > 0)
  const width = Math.max(2, ...answered.map((r) => r.id.length))
  const header = `${'id'.padEnd(width)}  ${'responses'.padStart(9)}  ${'old a / b / c'.padEnd(17)}  ${'new a / b / c'.padEnd(17)}  ${'SE a'.padStart(5)}  ${'SE b'.padStart(5)}`
  const lines = answered.map((r) =>
    `${r.id.padEnd(width)}  ${String(r.responses).padStart(9)}  ${triple(r.old).padEnd(17)}  ${triple(r.new).padEnd(17)}  ${fmt(r.se.a).padStart(5)}  ${fmt(r.se.b).padStart(5)}${r.calibrated ? '' : '  (too few)'}`,
  )
  const calibrated = report.rows.filter((r) => r.calibrated).length
  const { read, excluded, fit } = report
  return [
    `${read.responses} responses in ${read.sessions} finished sessions; ${fit.responses} used` +
      (excluded.retired || excluded.changed ? ` (${excluded.retired} to questions no longer in the bank, ${excluded.changed} to versions since changed left out)` : ''),
    `EM: ${fit.cycles} cycles, ${fit.converged ? 'converged' : 'NOT converged'}; marginal log-likelihood ${fit.logLikelihood.toFixed(1)}`,
    `${calibrated} of ${report.rows.length} questions have at least ${report.minResponses} responses (calibrated); ${report.rows.length - answered.length} have none and are not listed`,
    '',
    header,
    ...lines,
  ].join('\n')
}

/** Sets `irt` on the question with `id` in a parsed file: replaced in place, or added after `type`. */
function setIrt(doc: Document, id: string, irt: { a: number; b: number; c: number }): boolean {
  const list = doc.get('questions', true)
  if (!isSeq(list)) return false
  const question = list.items.find((item) => isMap(item) && item.get('id') === id)
  if (!isMap(question)) return false
  const value = doc.createNode(irt, { flow: true })
  if (question.has('irt')) {
    question.set('irt', value)
    return true
  }
  const after = question.items.findIndex((pair) => (pair.key as { value?: unknown } | null)?.value === 'type')
  question.items.splice(after < 0 ? question.items.length : after + 1, 0, doc.createPair('irt', value))
  return true
}

export type WriteReport = { files: string[]; questions: number; skipped: Problem[] }

/**
 * Writes `irt: { a, b, c }` into the question files for the calibrated rows. A file whose text
 * would change anywhere else by being parsed and printed again is left alone and reported.
 */
export async function writeCalibration(rows: readonly CalibrationRow[]): Promise<WriteReport> {
  const byFile = new Map<string, CalibrationRow[]>()
  for (const row of rows) if (row.calibrated) byFile.set(row.file, [...(byFile.get(row.file) ?? []), row])
  const report: WriteReport = { files: [], questions: 0, skipped: [] }
  for (const [file, fileRows] of [...byFile].sort(([x], [y]) => x.localeCompare(y))) {
    const path = resolve(file)
    const text = await readFile(path, 'utf8')
    const doc = parseDocument(text)
    const print = () => doc.toString({ lineWidth: 0 })
    if (doc.errors.length || print() !== text) {
      report.skipped.push({ file, line: 1, message: 'not written: printing the parsed file would change its formatting' })
      continue
    }
    let changed = 0
    for (const row of fileRows) {
      if (setIrt(doc, row.id, row.new)) changed++
      else report.skipped.push({ file, line: 1, message: `${row.id}: question not found in the file` })
    }
    const out = print()
    if (changed && out !== text) {
      await writeFile(path, out)
      report.files.push(file)
      report.questions += changed
    }
  }
  return report
}

type Args = { url: string; min: number; dir: string; write: boolean }

function args(argv: string[]): Args {
  const { values } = parseArgs({
    args: argv,
    options: { url: { type: 'string' }, min: { type: 'string' }, dir: { type: 'string' }, write: { type: 'boolean' } },
  })
  const min = Number(values.min ?? DEFAULT_MIN_RESPONSES)
  if (!Number.isInteger(min) || min < 1) throw new Error('--min needs a whole number of responses, at least 1')
  return { url: values.url ?? process.env.LIBSQL_URL ?? defaultUrl, min, dir: values.dir ?? questionsFolder, write: values.write ?? false }
}

async function main(): Promise<void> {
  const { url, min, dir, write } = args(process.argv.slice(2))
  if (url.startsWith('file:') && !existsSync(url.slice('file:'.length))) {
    throw new Error(`no database at ${url} (--url or LIBSQL_URL)`)
  }
  const { db, close } = await openDatabase(url, { authToken: process.env.LIBSQL_AUTH_TOKEN })
  let report: CalibrationReport
  try {
    report = await calibrateBank(db, { dir, minResponses: min })
  } finally {
    close()
  }
  console.log(formatReport(report))
  if (!write) {
    if (report.rows.some((r) => r.calibrated)) console.log('\n(--write puts irt: into the question files of the calibrated questions)')
    return
  }
  const written = await writeCalibration(report.rows)
  for (const p of written.skipped) console.error(`${p.file}:${p.line}: ${p.message}`)
  console.log(`\nwrote irt: for ${written.questions} question(s) in ${written.files.length} file(s)`)
  const bank = await loadBank(dir)
  const problems = [...bank.problems, ...bankProblems(bank)]
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.message}`)
  if (problems.length || written.skipped.length) process.exitCode = 1
  else console.log('bank ok; npm run db:seed loads the new parameters')
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
