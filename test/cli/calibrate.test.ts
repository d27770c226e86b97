import { execFile } from 'node:child_process'
import { cpSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { calibrateBank, formatReport, writeCalibration, type CalibrationReport } from '../../src/cli/calibrate'
import { bankProblems } from '../../src/bank/check'
import { loadBank } from '../../src/bank/load'
import { probability, type ItemParams } from '../../src/engine/irt'
import { itemParams } from '../../src/engine/params'
import { renameKeyOptions, type Key } from '../../src/engine/score'
import { mulberry32, normal, sample } from '../../src/engine/random'
import { seedDatabase } from '../../src/runtime/database'
import { loadCatalog, type QuestionRow } from '../../src/store/catalog'
import { questions, responses, sessions } from '../../src/store/schema'
import { testDatabase } from '../helpers'

const exec = promisify(execFile)

// The real bank in a temp database; 900 finished sessions of 12 answers each drawn from 30 real
// questions (about 360 answers each) with known parameters, plus what calibration must leave out.
let t: Awaited<ReturnType<typeof testDatabase>>
let bankCopy: string
let chosen: QuestionRow[]
let sparse: QuestionRow
let truth: Map<string, ItemParams>
const expected = { finished: 0, finishedResponses: 0, changed: 0, retired: 0, perItem: new Map<string, number>() }

const TAKERS = 900
const PER_SESSION = 12

async function insertAll<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 400) await insert(rows.slice(i, i + 400))
}

beforeAll(async () => {
  t = await testDatabase()
  bankCopy = join(t.dir, 'questions')
  cpSync('questions', bankCopy, { recursive: true })
  const catalog = await loadCatalog(t.db)
  const random = mulberry32(11)
  const pool = catalog.current.filter((q) => q.areaId === 'databases').sort((x, y) => x.id.localeCompare(y.id))
  const picked = sample(pool, 31, random)
  chosen = picked.slice(0, 30)
  sparse = picked[30]!
  truth = new Map(picked.map((q) => {
    const authored = itemParams({ level: q.level, type: q.type, optionCount: q.options.length }, catalog.levels)
    return [q.id, { ...authored, a: Math.exp(0.4 * normal(random)), b: authored.b + 0.5 * normal(random) }]
  }))
  const [changedQ, sameQ, restyledQ] = [chosen[0]!, chosen[1]!, chosen[3]!]
  // A version 2 of one question that showed another stem (its answers must not count), of another
  // that differs only in its irt, and of a third that an earlier release rendered with other markup
  // and other option ids (their answers count).
  const renamed = new Map(restyledQ.options.map((o, i) => [o.id, `old-${i}`]))
  await t.db.insert(questions).values([
    { ...changedQ, version: 2, current: false, hash: 'changed', stemHtml: '<p>An earlier wording.</p>' },
    { ...sameQ, version: 2, current: false, hash: 'irt-only', irt: { a: 1.5, b: 0.2, c: 0.25 } },
    {
      ...restyledQ, version: 2, current: false, hash: 'markup-only',
      stemHtml: `<div class="stem">\n${restyledQ.stemHtml}</div>`,
      options: restyledQ.options.map((o) => ({ ...o, id: renamed.get(o.id)!, html: `<span>${o.html}</span>` })),
      key: renameKeyOptions(restyledQ.key as Key, (id) => renamed.get(id)!),
    },
  ])

  const sessionRows: (typeof sessions.$inferInsert)[] = []
  const responseRows: (typeof responses.$inferInsert)[] = []
  const addSession = (id: string, status: 'active' | 'finished', answers: { q: QuestionRow; version?: number; correct: boolean }[]) => {
    sessionRows.push({ id, mode: 'assessment', form: 'adaptive', status, areas: ['databases'], topics: [], length: 40, seed: 1, position: answers.length, createdAt: 0, ...(status === 'finished' ? { finishedAt: 1 } : {}) })
    answers.forEach((a, position) => responseRows.push({
      sessionId: id, position, questionId: a.q.id, questionVersion: a.version ?? 1, answer: 'a', correct: a.correct, presentedAt: 0, answeredAt: 1,
    }))
  }
  const count = (id: string) => expected.perItem.set(id, (expected.perItem.get(id) ?? 0) + 1)
  for (let s = 0; s < TAKERS; s++) {
    const theta = normal(random)
    const asked = sample(chosen, PER_SESSION, random).map((q) => ({ q, correct: random() < probability(theta, truth.get(q.id)!) }))
    if (s < 60) asked.push({ q: sparse, correct: random() < probability(theta, truth.get(sparse.id)!) })
    const answers = asked.map((a, i) => (s % 10 === 0 && i === 0 && [changedQ, sameQ, restyledQ].includes(a.q) ? { ...a, version: 2 } : a))
    for (const a of answers) {
      if (a.q === changedQ && 'version' in a) expected.changed++
      else count(a.q.id)
    }
    expected.finished++
    expected.finishedResponses += answers.length
    addSession(`finished-${s}`, 'finished', answers)
  }
  // A question no longer in the bank, answered in finished sessions.
  const retired = { ...chosen[2]!, id: 'retired-question', current: false }
  await t.db.insert(questions).values({ ...retired, version: 1 })
  for (let s = 0; s < 5; s++) {
    addSession(`retired-${s}`, 'finished', [{ q: retired, correct: true }, { q: chosen[3]!, correct: false }])
    expected.finished++
    expected.finishedResponses += 2
    expected.retired++
    count(chosen[3]!.id)
  }
  // Sessions still active: none of their answers count.
  for (let s = 0; s < 40; s++) addSession(`active-${s}`, 'active', chosen.slice(0, 10).map((q) => ({ q, correct: true })))
  await insertAll(sessionRows, (chunk) => t.db.insert(sessions).values(chunk))
  await insertAll(responseRows, (chunk) => t.db.insert(responses).values(chunk))
}, 120_000)
afterAll(() => t.cleanup())

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
const rowOf = (report: CalibrationReport, id: string) => report.rows.find((r) => r.id === id)!

describe('npm run calibrate: from the database to the question files', () => {
  let report: CalibrationReport
  beforeAll(async () => { report = await calibrateBank(t.db, { dir: bankCopy, minResponses: 200 }) })

  it('reads the finished sessions only and leaves out answers to retired questions and to changed versions', () => {
    expect(report.read).toEqual({ sessions: expected.finished, responses: expected.finishedResponses })
    expect(report.excluded).toEqual({ retired: expected.retired, changed: expected.changed })
    expect(report.fit.responses).toBe(expected.finishedResponses - expected.retired - expected.changed)
    expect(report.fit.converged).toBe(true)
    for (const q of [...chosen, sparse]) expect(rowOf(report, q.id).responses).toBe(expected.perItem.get(q.id))
    expect(report.rows.filter((r) => r.responses > 0)).toHaveLength(31)
  })

  it('reports as calibrated only the questions with at least --min responses', () => {
    expect(rowOf(report, sparse.id).responses).toBe(60)
    expect(rowOf(report, sparse.id).calibrated).toBe(false)
    for (const q of chosen) expect(rowOf(report, q.id).calibrated).toBe(true)
    expect(report.rows.filter((r) => r.calibrated)).toHaveLength(30)
  })

  it('moves b from the authored level towards the truth, within its standard errors, with c at the chance of a guess', () => {
    // About 360 answers each: enough below principal; principal items (b near 3, where few of an
    // N(0, 1) population are) stay uncertain, and their standard errors say so.
    const errors = (items: QuestionRow[], pick: (q: QuestionRow) => number) => Math.sqrt(mean(items.map((q) => (pick(q) - truth.get(q.id)!.b) ** 2)))
    const fitted = (q: QuestionRow) => rowOf(report, q.id).new.b
    const authored = (q: QuestionRow) => rowOf(report, q.id).old.b
    const belowPrincipal = chosen.filter((q) => q.level !== 'principal')
    expect(errors(belowPrincipal, fitted)).toBeLessThan(0.35)
    expect(errors(belowPrincipal, fitted)).toBeLessThan(errors(belowPrincipal, authored) / 1.5)
    expect(errors(chosen, fitted)).toBeLessThan(errors(chosen, authored))
    const within = chosen.filter((q) => Math.abs(fitted(q) - truth.get(q.id)!.b) <= 2 * rowOf(report, q.id).se.b!)
    expect(within.length / chosen.length).toBeGreaterThan(0.8)
    for (const q of chosen) expect(rowOf(report, q.id).new.c).toBeCloseTo(truth.get(q.id)!.c, 3)
  })

  it('prints one row per answered question: id, responses, old and new a/b/c, SE', () => {
    const text = formatReport(report)
    expect(text).toMatch(/^id +responses +old a \/ b \/ c +new a \/ b \/ c +SE a +SE b$/m)
    const row = rowOf(report, chosen[4]!.id)
    expect(text).toContain(`${row.id.padEnd(10)}`)
    expect(text).toMatch(new RegExp(`^${row.id} +${row.responses} +${row.old.a.toFixed(2)} +${row.old.b.toFixed(2)} ${row.old.c.toFixed(2)} +${row.new.a.toFixed(2)} +${row.new.b.toFixed(2)} ${row.new.c.toFixed(2)} `, 'm'))
    expect(text).toMatch(new RegExp(`^${sparse.id} .*\\(too few\\)$`, 'm'))
  })

  it('--write puts irt: into the copied files for the calibrated questions only, changing nothing else, and the bank check passes', async () => {
    const real = readFileSync('questions/databases/postgresql.yaml', 'utf8')
    const files = [...new Set(report.rows.filter((r) => r.calibrated).map((r) => r.file))]
    expect(files.every((f) => join(process.cwd(), f).startsWith(bankCopy))).toBe(true)
    const before = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]))

    const written = await writeCalibration(report.rows)
    expect(written.skipped).toEqual([])
    expect(written.questions).toBe(30)
    expect(written.files.sort()).toEqual(files.sort())
    for (const f of files) {
      const after = readFileSync(f, 'utf8')
      const added = after.split('\n').filter((line) => line.includes('irt:'))
      expect(added.every((line) => /^ {4}irt: \{ a: [\d.]+, b: -?[\d.]+, c: [\d.]+ \}$/.test(line))).toBe(true)
      expect(after.split('\n').filter((line) => !line.includes('irt:')).join('\n')).toBe(before.get(f))
    }

    const bank = await loadBank(bankCopy)
    expect([...bank.problems, ...bankProblems(bank)]).toEqual([])
    for (const q of bank.questions) {
      const row = rowOf(report, q.id)
      if (row.calibrated) expect(q.irt).toEqual(row.new)
      else expect(q.irt).toBeUndefined()
    }
    expect(readFileSync('questions/databases/postgresql.yaml', 'utf8')).toBe(real)
  })

  it('writing again replaces irt: in place; the seeded new versions keep their answers counting', async () => {
    const again = await writeCalibration(report.rows)
    expect(again).toEqual({ files: [], questions: 0, skipped: [] })

    const seeded = await seedDatabase(t.db, bankCopy)
    expect(seeded.updated).toBe(30)
    const next = await calibrateBank(t.db, { dir: bankCopy, minResponses: 200 })
    expect(next.excluded).toEqual(report.excluded)
    for (const q of chosen) {
      const row = rowOf(next, q.id)
      expect(row.responses).toBe(rowOf(report, q.id).responses)
      expect(row.old).toEqual(rowOf(report, q.id).new)
      expect(row.new.b).toBeCloseTo(row.old.b, 1)
    }
  })

  it('runs as a command: --url, --dir, --min and --write, and the bank check passes after', async () => {
    const copy = join(t.dir, 'questions-cli')
    cpSync('questions', copy, { recursive: true })
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', 'src/cli/calibrate.ts', '--url', t.url, '--dir', copy, '--min', '300', '--write'], {
      env: { ...process.env, LIBSQL_URL: '', LIBSQL_AUTH_TOKEN: '' },
    })
    const calibrated = chosen.filter((q) => rowOf(report, q.id).responses >= 300).length
    expect(stdout).toContain(`${calibrated} of ${report.rows.length} questions have at least 300 responses`)
    expect(stdout).toMatch(/wrote irt: for \d+ question\(s\) in \d+ file\(s\)/)
    expect(stdout).toContain('bank ok')
    const bank = await loadBank(copy)
    expect(bank.questions.filter((q) => q.irt)).toHaveLength(calibrated)
  })
})
