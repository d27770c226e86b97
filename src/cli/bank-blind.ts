// npm run bank:blind -- --topics a,b [--out quiz.md]          prints the questions without their keys
// npm run bank:blind -- --topics a,b --grade answers.json       compares a reviewer's answers with the keys
//
// The blind review of issue "Question banks": an independent reviewer answers every question from
// the quiz file alone; every disagreement with the key is then fixed, clarified or dropped.
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadBank, type Question } from '../bank/load'
import { isCorrect, type Answer } from '../engine/score'

const { values } = parseArgs({ options: { topics: { type: 'string' }, out: { type: 'string' }, grade: { type: 'string' } } })
const topics = new Set((values.topics ?? '').split(',').filter(Boolean))
const bank = await loadBank('questions')
const chosen = bank.questions.filter((q) => topics.size === 0 || topics.has(q.topic))

const howToAnswer: Record<Question['type'], string> = {
  single: 'one option id, e.g. "b"',
  multiple: 'an array of every correct option id, e.g. ["a","c"]',
  boolean: '"true" or "false"',
  order: 'an array of all option ids in the right order',
  number: 'a number',
}

function blind(q: Question): string {
  const lines = [`## ${q.id}`, `type: ${q.type} (answer with ${howToAnswer[q.type]})${q.unit ? `; unit: ${q.unit}` : ''}`, '', q.stem.trim()]
  if (q.code) lines.push('', '```' + q.code.lang, q.code.source.replace(/\n$/, ''), '```')
  if (q.type !== 'boolean' && q.type !== 'number') lines.push('', ...q.options.map((o) => `- ${o.id}: ${o.text}`))
  return lines.join('\n')
}

if (values.grade) {
  const answers = JSON.parse(readFileSync(values.grade, 'utf8')) as Record<string, Answer | { answer: Answer }>
  let agree = 0
  const disagreements: string[] = []
  for (const q of chosen) {
    const given = answers[q.id]
    if (given === undefined) { disagreements.push(`${q.file}:${q.line}: ${q.id}: not answered`); continue }
    const answer = typeof given === 'object' && !Array.isArray(given) ? given.answer : given
    if (isCorrect(q.key, answer)) agree++
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
