import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bankProblems, correctIsLongest, sentenceCount } from '../../src/bank/check'
import { loadBank } from '../../src/bank/load'

/** A bank folder with the real areas/levels/phases/sources and one topic file of our own. */
function bankWith(topicYaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'bank-'))
  for (const f of ['areas.yaml', 'levels.yaml', 'phases.yaml', 'sources.yaml']) cpSync(join('questions', f), join(dir, f))
  mkdirSync(join(dir, 'databases'))
  writeFileSync(join(dir, 'databases', 'postgresql.yaml'), topicYaml)
  return dir
}

const good = `questions:
  - id: pg-good-one
    level: mid
    phase: intermediate
    type: single
    stem: Which statement is true?
    code:
      lang: sql
      source: SELECT 1;
    options:
      - { id: a, text: It returns one row, correct: true }
      - { id: b, text: It returns no rows at all }
      - { id: c, text: It raises a syntax error }
    explanation: It returns one row with the value 1. An empty result would need a WHERE clause that filters it out.
    references: [https://www.postgresql.org/docs/current/sql-select.html]
  - id: pg-good-two
    level: senior
    phase: advanced
    type: boolean
    answer: false
    stem: VACUUM FULL runs without blocking writes.
    explanation: VACUUM FULL takes an ACCESS EXCLUSIVE lock. Plain VACUUM is the one that runs beside writes.
    references: [https://www.postgresql.org/docs/current/sql-vacuum.html]
  - id: pg-good-three
    level: junior
    phase: beginner
    type: order
    stem: Order these from first to last.
    options:
      - { id: x, text: parse }
      - { id: y, text: plan }
      - { id: z, text: execute }
    explanation: A query is parsed, then planned, then executed. Planning cannot come first because it needs the parse tree.
    references: [https://www.postgresql.org/docs/current/query-path.html]
  - id: pg-good-four
    level: principal
    phase: advanced
    type: number
    answer: { value: 8, tolerance: 0 }
    unit: KiB
    stem: What is the default block size?
    explanation: The default block size is 8 kB. It can only be changed when building the server, which is why 4 is wrong.
    references: [https://www.postgresql.org/docs/current/runtime-config-preset.html]
`

describe('loading a bank', () => {
  it('accepts a good file and normalises every type to options and a key', async () => {
    const bank = await loadBank(bankWith(good))
    expect(bank.problems).toEqual([])
    const byId = new Map(bank.questions.map((q) => [q.id, q]))
    expect(byId.get('pg-good-one')!.key).toEqual({ kind: 'option', option: 'a' })
    expect(byId.get('pg-good-one')!.options[0]).toEqual({ id: 'a', text: 'It returns one row' })
    expect(byId.get('pg-good-two')!.key).toEqual({ kind: 'option', option: 'false' })
    expect(byId.get('pg-good-three')!.key).toEqual({ kind: 'order', options: ['x', 'y', 'z'] })
    expect(byId.get('pg-good-four')!.key).toEqual({ kind: 'number', value: 8, tolerance: 0 })
    expect(byId.get('pg-good-two')!).toMatchObject({ area: 'databases', topic: 'postgresql', line: 16 })
  })

  it('reports each problem as file:line with a message, and keeps the good questions', async () => {
    const bad = good
      .replace('level: senior', 'level: staff')
      .replace('      - { id: b, text: It returns no rows at all }', '      - { id: b, text: It returns no rows at all, correct: true }')
    const bank = await loadBank(bankWith(bad))
    const messages = bank.problems.map((p) => `${p.file.split('/').slice(-2).join('/')}:${p.line}: ${p.message}`)
    expect(messages).toEqual([
      expect.stringMatching(/^databases\/postgresql\.yaml:11: questions\.0\.options: single needs exactly one correct option/),
      expect.stringMatching(/^databases\/postgresql\.yaml:17: questions\.1\.level: Invalid option/),
    ])
    expect(bank.questions.map((q) => q.id)).toEqual(['pg-good-three', 'pg-good-four'])
  })

  it('reports broken YAML with its line', async () => {
    const bank = await loadBank(bankWith('questions:\n  - id: x\n    stem: [unclosed\n'))
    expect(bank.problems[0]!.line).toBeGreaterThan(1)
    expect(bank.questions).toEqual([])
  })
})

describe('the quality rules', () => {
  it('counts sentences of prose, not of code', () => {
    expect(sentenceCount('One. Two!')).toBe(2)
    expect(sentenceCount('Use `a.b.c` here.')).toBe(1)
  })

  it('flags unofficial references, giveaways, short explanations, duplicates and near-duplicate stems', async () => {
    const twin = good.replace('id: pg-good-one', 'id: pg-good-twin').split('  - id: pg-good-two')[0]!.replace('questions:\n', '')
    const yaml = good.replace('https://www.postgresql.org/docs/current/sql-vacuum.html', 'https://someblog.example.com/vacuum')
      .replace('It returns no rows at all', 'None of the above')
      .replace('The default block size is 8 kB. It can only be changed when building the server, which is why 4 is wrong.', 'Eight.') + twin
    const bank = await loadBank(bankWith(yaml))
    const problems = bankProblems(bank).map((p) => p.message).filter((m) => m.startsWith('pg-'))
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^pg-good-two: reference .*someblog\.example\.com is not an official documentation host/),
      expect.stringMatching(/^pg-good-one: options must not say/),
      expect.stringMatching(/^pg-good-four: explanation needs at least two sentences/),
      expect.stringMatching(/^pg-good-one: stem is a near-duplicate \(100%\) of pg-good-twin/),
    ]))
  })

  it('sees when the correct option is the longest one', async () => {
    const bank = await loadBank(bankWith(good.replace('It returns one row', 'It returns exactly one row with one column')))
    expect(correctIsLongest(bank.questions.find((q) => q.id === 'pg-good-one')!)).toBe(true)
  })

  it('enforces the bank size, coverage and shares', async () => {
    const messages = bankProblems(await loadBank(bankWith(good))).map((p) => p.message)
    expect(messages).toEqual(expect.arrayContaining([
      'bank has 4 questions, needs at least 600',
      'area databases has 4 questions, needs at least 130',
      'topic postgresql has 4 questions, needs at least 20',
    ]))
  })
})

describe('the real bank', () => {
  it('passes every rule of bank:check', async () => {
    const bank = await loadBank('questions')
    const problems = [...bank.problems, ...bankProblems(bank)].map((p) => `${p.file}:${p.line}: ${p.message}`)
    expect(problems).toEqual([])
  })
})
