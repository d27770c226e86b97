// npm run bank:blind -- --topics a,b [--types order] [--out quiz.md]   prints the questions without their keys
// npm run bank:blind -- --topics a,b --grade answers.json       compares a reviewer's answers with the keys
//
// The blind review of issue "Question banks": an independent reviewer answers every question from
// the quiz file alone; every disagreement with the key is then fixed, clarified or dropped.
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadBank, type Question } from '../bank/load'
import { mulberry32, seedFrom, shuffle } from '../engine/random'
import { isCorrect, type Answer } from '../engine/score'

const { values } = parseArgs({ options: { topics: { type: 'string' }, types: { type: 'string' }, out: { type: 'string' }, grade: { type: 'string' } } })
const listed = (v: string | undefined) => new Set((v ?? '').split(',').filter(Boolean))
const [topics, types] = [listed(values.topics), listed(values.types)]
const bank = await loadBank('questions')
const chosen = bank.questions.filter((q) => (topics.size === 0 || topics.has(q.topic)) && (types.size === 0 || types.has(q.type)))

const howToAnswer: Record<Question['type'], string> = {
  single: 'one option label, e.g. "B"',
  multiple: 'an array of every correct option label, e.g. ["A","C"]',
  boolean: '"true" or "false"',
  order: 'an array of all option labels in the right order',
  number: 'a number',
}

/**
 * The options as the reviewer sees them: shuffled and labelled A, B, C, because the authored ids
 * a, b, c follow the key (an order question's options are written in the right order). The same
 * question always gets the same labels, so the grade can map them back.
 */
function labelled(q: Question): { label: string; id: string; text: string }[] {
  const shown = q.type === 'boolean' ? q.options : shuffle(q.options, mulberry32(seedFrom(`blind:${q.id}`)))
  return shown.map((o, i) => ({ label: q.type === 'boolean' ? o.id : String.fromCharCode(65 + i), id: o.id, text: o.text }))
}

function blind(q: Question): string {
  const lines = [`## ${q.id}`, `type: ${q.type} (answer with ${howToAnswer[q.type]})${q.unit ? `; unit: ${q.unit}` : ''}`, '', q.stem.trim()]
  if (q.code) lines.push('', '```' + q.code.lang, q.code.source.replace(/\n$/, ''), '```')
  if (q.type !== 'boolean' && q.type !== 'number') lines.push('', ...labelled(q).map((o) => `- ${o.label}: ${o.text}`))
  return lines.join('\n')
}

/** A reviewer's answer in the authored ids; a label that is not one stays as given and is wrong. */
function authored(q: Question, answer: Answer): Answer {
  const ids = new Map(labelled(q).map((o) => [o.label, o.id]))
  const id = (label: string) => ids.get(label.toUpperCase()) ?? ids.get(label) ?? label
  return typeof answer === 'string' ? id(answer) : Array.isArray(answer) ? answer.map(id) : answer
}

if (values.grade) {
  const answers = JSON.parse(readFileSync(values.grade, 'utf8')) as Record<string, Answer | { answer: Answer }>
  let agree = 0
  const disagreements: string[] = []
  for (const q of chosen) {
    const given = answers[q.id]
    if (given === undefined) { disagreements.push(`${q.file}:${q.line}: ${q.id}: not answered`); continue }
    const answer = typeof given === 'object' && !Array.isArray(given) ? given.answer : given
    if (isCorrect(q.key, authored(q, answer))) agree++
    else disagreements.push(`${q.file}:${q.line}: ${q.id}: reviewer answered ${JSON.stringify(answer)}, key is ${JSON.stringify(q.key)}`)
  }
  console.log(disagreements.join('\n'))
  console.log(`\n${agree} of ${chosen.length} agree with the key; ${disagreements.length} to resolve`)
} else {
  const text = chosen.map(blind).join('\n\n') + '\n'
  if (values.out) writeFileSync(values.out, text)
  else process.stdout.write(text)
  console.error(`${chosen.length} questions`)
}
