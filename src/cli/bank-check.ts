// npm run bank:check — validates questions/ and prints file:line: message for each problem.
import { bankProblems, coverageTable } from '../bank/check'
import { loadBank } from '../bank/load'

const bank = await loadBank(process.argv[2] ?? 'questions')
const problems = [...bank.problems, ...bankProblems(bank)]
console.log(coverageTable(bank))
console.log('')
for (const p of problems) console.log(`${p.file}:${p.line}: ${p.message}`)
console.log(problems.length ? `\n${problems.length} problem(s)` : '\nbank ok')
process.exitCode = problems.length ? 1 : 0
