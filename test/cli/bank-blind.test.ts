import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadBank, type Bank } from '../../src/bank/load'

const dir = mkdtempSync(join(tmpdir(), 'levelset-blind-'))
const run = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/bank-blind.ts', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
let bank: Bank
let quiz: Map<string, { label: string; text: string }[]>
beforeAll(async () => {
  bank = await loadBank('questions')
  const text = run('--topics', 'go-services,redis,ci-cd,kubernetes')
  quiz = new Map(text.split(/^## /m).slice(1).map((block) => [
    block.split('\n')[0]!.trim(),
    [...block.matchAll(/^- ([A-Za-z]+): (.*)$/gm)].map((m) => ({ label: m[1]!, text: m[2]! })),
  ]))
}, 60_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('npm run bank:blind', () => {
  it('shows options shuffled under neutral labels, so an order question is not shown in its right order', () => {
    const orders = bank.questions.filter((q) => q.type === 'order' && quiz.has(q.id))
    expect(orders.length).toBeGreaterThan(3)
    const inKeyOrder = orders.filter((q) => quiz.get(q.id)!.map((o) => o.text).join('\n') === q.options.map((o) => o.text).join('\n'))
    expect(inKeyOrder.length).toBeLessThan(orders.length / 2)
    for (const q of orders) expect(quiz.get(q.id)!.map((o) => o.label)).toEqual(['A', 'B', 'C', 'D', 'E', 'F'].slice(0, q.options.length))
  })

  it('grades answers given in those labels against the key', () => {
    const chosen = bank.questions.filter((q) => quiz.has(q.id))
    const labelOf = (q: (typeof chosen)[number], id: string) => quiz.get(q.id)!.find((o) => o.text === q.options.find((x) => x.id === id)!.text)?.label ?? id
    const answers = Object.fromEntries(chosen.map((q) => {
      const key = q.key
      const answer = key.kind === 'option' ? labelOf(q, key.option) : key.kind === 'number' ? key.value : key.options.map((id) => labelOf(q, id))
      return [q.id, answer]
    }))
    const right = join(dir, 'right.json')
    writeFileSync(right, JSON.stringify(answers))
    expect(run('--topics', 'go-services,redis,ci-cd,kubernetes', '--grade', right)).toContain(`${chosen.length} of ${chosen.length} agree with the key; 0 to resolve`)
    const [first] = chosen.filter((q) => q.key.kind === 'order')
    const wrong = join(dir, 'wrong.json')
    writeFileSync(wrong, JSON.stringify({ ...answers, [first!.id]: [...(answers[first!.id] as string[])].reverse() }))
    expect(run('--topics', 'go-services,redis,ci-cd,kubernetes', '--grade', wrong)).toContain(`${chosen.length - 1} of ${chosen.length} agree with the key; 1 to resolve`)
  })
})
