import { levelIds, phaseIds } from './schema'
import type { Bank, Problem, Question } from './load'

// The bank's quality bar (issue: "Question banks for every expertise area").
export const minimums = { total: 600, perArea: 130, perTopic: 20, levelShare: 0.15, phaseShare: 0.15, nonSingleShare: 0.25, codeShare: 0.3 }
export const maxLongestCorrectShare = 0.35
export const nearDuplicateThreshold = 0.8

const share = (n: number, of: number) => (of === 0 ? 0 : n / of)
const pct = (x: number) => `${Math.round(x * 100)}%`
const at = (q: Question, message: string): Problem => ({ file: q.file, line: q.line, message: `${q.id}: ${message}` })

export function sentenceCount(markdown: string): number {
  const prose = markdown.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`]*`/g, 'x')
  return prose.split(/[.!?](?:\s|$)/).filter((s) => /[a-z]{2}/i.test(s)).length
}

const giveaway = /\b(all|none|both|neither) of (the )?(above|these|them|the options)\b/i
const numeric = /^-?[\d.,]+\s*\S{0,3}$/
const textLength = (s: string) => s.replace(/[`*_]/g, '').trim().length

/** Problems of one question that need no view of the rest of the bank. */
export function questionProblems(q: Question, sourceHosts: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = []
  if (sentenceCount(q.explanation) < 2) problems.push(at(q, 'explanation needs at least two sentences: why the answer is right and why the tempting wrong one is wrong'))
  for (const ref of q.references) {
    const host = new URL(ref).host
    if (!sourceHosts.has(host)) problems.push(at(q, `reference ${ref}: ${host} is not an official documentation host (questions/sources.yaml)`))
  }
  if (q.options.some((o) => giveaway.test(o.text))) problems.push(at(q, 'options must not say "all/none of the above"'))
  const numericOptions = q.options.filter((o) => numeric.test(o.text.trim())).length
  if (q.type !== 'boolean' && numericOptions > 0 && numericOptions < q.options.length) problems.push(at(q, 'options mix numbers and text; make them of one kind'))
  return problems
}

function words(q: Question): Set<string> {
  const text = `${q.stem} ${q.code?.source ?? ''}`.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ')
  const pairs = new Set<string>()
  for (let i = 1; i < text.length; i++) pairs.add(`${text[i - 1]} ${text[i]}`)
  return pairs
}

export function similarity(a: Set<string>, b: Set<string>): number {
  let common = 0
  for (const x of a) if (b.has(x)) common++
  return share(common, a.size + b.size - common)
}

export function nearDuplicates(questions: Question[]): Problem[] {
  const shingles = questions.map(words)
  const problems: Problem[] = []
  for (let i = 0; i < questions.length; i++) {
    for (let j = i + 1; j < questions.length; j++) {
      const s = similarity(shingles[i]!, shingles[j]!)
      if (s >= nearDuplicateThreshold) {
        const [a, b] = [questions[i]!, questions[j]!]
        problems.push(at(a, `stem is a near-duplicate (${pct(s)}) of ${b.id} at ${b.file}:${b.line}`))
      }
    }
  }
  return problems
}

/** The correct option of a single-choice question is the strictly longest one: a giveaway when it happens often. */
export function correctIsLongest(q: Question): boolean {
  if (q.type !== 'single' || q.key.kind !== 'option') return false
  const correct = q.options.find((o) => o.id === (q.key as { option: string }).option)!
  return q.options.every((o) => o === correct || textLength(o.text) < textLength(correct.text))
}

const count = <T>(items: T[], pick: (x: T) => boolean) => items.filter(pick).length

/** Bank-wide problems: ids, sizes, coverage and giveaways. */
export function bankProblems(bank: Bank): Problem[] {
  const problems: Problem[] = []
  const seen = new Map<string, Question>()
  for (const q of bank.questions) {
    const first = seen.get(q.id)
    if (first) problems.push(at(q, `duplicate id, first used at ${first.file}:${first.line}`))
    else seen.set(q.id, q)
  }
  const hosts = new Set(bank.sourceHosts)
  for (const q of bank.questions) problems.push(...questionProblems(q, hosts))
  problems.push(...nearDuplicates(bank.questions))

  const bankFile = 'questions'
  const { questions } = bank
  if (questions.length < minimums.total) problems.push({ file: bankFile, line: 1, message: `bank has ${questions.length} questions, needs at least ${minimums.total}` })
  for (const area of bank.areas) {
    const inArea = questions.filter((q) => q.area === area.id)
    const file = `questions/${area.id}`
    if (inArea.length < minimums.perArea) problems.push({ file, line: 1, message: `area ${area.id} has ${inArea.length} questions, needs at least ${minimums.perArea}` })
    for (const topic of area.topics) {
      const n = count(inArea, (q) => q.topic === topic.id)
      if (n < minimums.perTopic) problems.push({ file: `${file}/${topic.id}.yaml`, line: 1, message: `topic ${topic.id} has ${n} questions, needs at least ${minimums.perTopic}` })
    }
    for (const level of levelIds) {
      const s = share(count(inArea, (q) => q.level === level), inArea.length)
      if (s < minimums.levelShare) problems.push({ file, line: 1, message: `area ${area.id}: level ${level} is ${pct(s)} of its questions, needs at least ${pct(minimums.levelShare)}` })
    }
    for (const phase of phaseIds) {
      const s = share(count(inArea, (q) => q.phase === phase), inArea.length)
      if (s < minimums.phaseShare) problems.push({ file, line: 1, message: `area ${area.id}: phase ${phase} is ${pct(s)} of its questions, needs at least ${pct(minimums.phaseShare)}` })
    }
  }
  const nonSingle = share(count(questions, (q) => q.type !== 'single'), questions.length)
  if (nonSingle < minimums.nonSingleShare) problems.push({ file: bankFile, line: 1, message: `${pct(nonSingle)} of questions are not single-choice, needs at least ${pct(minimums.nonSingleShare)}` })
  const withCode = share(count(questions, (q) => q.code !== undefined), questions.length)
  if (withCode < minimums.codeShare) problems.push({ file: bankFile, line: 1, message: `${pct(withCode)} of questions carry a snippet, needs at least ${pct(minimums.codeShare)}` })
  const singles = questions.filter((q) => q.type === 'single')
  const longest = share(count(singles, correctIsLongest), singles.length)
  if (longest > maxLongestCorrectShare) problems.push({ file: bankFile, line: 1, message: `the correct option is the longest in ${pct(longest)} of single-choice questions, at most ${pct(maxLongestCorrectShare)} allowed` })
  return problems
}

/** The shape of the bank at a glance: area x level, area x phase, topics, types. */
export function coverageTable(bank: Bank): string {
  const rows: string[] = []
  const pad = (s: string | number, n: number) => String(s).padEnd(n)
  const head = (title: string, cols: readonly string[]) => rows.push('', `${pad(title, 22)}${cols.map((c) => pad(c, 13)).join('')}total`)
  head('area x level', levelIds)
  for (const a of bank.areas) {
    const qs = bank.questions.filter((q) => q.area === a.id)
    rows.push(`${pad(a.id, 22)}${levelIds.map((l) => pad(count(qs, (q) => q.level === l), 13)).join('')}${qs.length}`)
  }
  head('area x phase', phaseIds)
  for (const a of bank.areas) {
    const qs = bank.questions.filter((q) => q.area === a.id)
    rows.push(`${pad(a.id, 22)}${phaseIds.map((p) => pad(count(qs, (q) => q.phase === p), 13)).join('')}${qs.length}`)
  }
  rows.push('', 'topics')
  for (const a of bank.areas) for (const t of a.topics) {
    rows.push(`  ${pad(`${a.id}/${t.id}`, 46)}${count(bank.questions, (q) => q.topic === t.id)}`)
  }
  const types = [...new Set(bank.questions.map((q) => q.type))].sort()
  const singles = bank.questions.filter((q) => q.type === 'single')
  rows.push('', `types: ${types.map((t) => `${t} ${count(bank.questions, (q) => q.type === t)}`).join(', ')}`)
  rows.push(`with a snippet: ${pct(share(count(bank.questions, (q) => q.code !== undefined), bank.questions.length))}`)
  rows.push(`single-choice with the longest option correct: ${pct(share(count(singles, correctIsLongest), singles.length))}`)
  rows.push(`total: ${bank.questions.length}`)
  return rows.join('\n')
}
