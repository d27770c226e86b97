import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { isNode, LineCounter, parseDocument, type Document } from 'yaml'
import type { z } from 'zod'
import {
  AreasFile, LevelsFile, PhasesFile, QuestionFile, QuestionSchema, SourcesFile,
  type Area, type Level, type Phase, type QuestionSource,
} from './schema'

import type { Key } from '../engine/score'
export type { Key }

/** A question as the rest of the app sees it: one shape for every type, the key apart from the options. */
export type Question = Omit<QuestionSource, 'options' | 'answer' | 'type'> & {
  type: QuestionSource['type']
  area: string
  topic: string
  options: { id: string; text: string; feedback?: string }[]
  key: Key
  unit?: string
  file: string
  line: number
}

export type Problem = { file: string; line: number; message: string }
export type Bank = { areas: Area[]; levels: Level[]; phases: Phase[]; sourceHosts: string[]; questions: Question[] }

type Parsed<T> = { data?: T; problems: Problem[]; lineOf: (path: PropertyKey[]) => number }

function parseFile<S extends z.ZodType>(text: string, file: string, schema: S): Parsed<z.infer<S>> {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false })
  const lineOf = (path: PropertyKey[]) => lineAt(doc, lineCounter, path)
  const syntax = doc.errors.map((e) => ({ file, line: lineCounter.linePos(e.pos[0]).line, message: e.message.split('\n')[0]! }))
  if (syntax.length) return { problems: syntax, lineOf }
  const { data, problems } = validate(schema, doc.toJS(), [], file, lineOf)
  return { data, problems, lineOf }
}

function validate<S extends z.ZodType>(schema: S, value: unknown, at: PropertyKey[], file: string, lineOf: (path: PropertyKey[]) => number) {
  const result = schema.safeParse(value)
  if (result.success) return { data: result.data as z.infer<S>, problems: [] as Problem[] }
  const problems = result.error.issues.map((i) => {
    const path = [...at, ...i.path]
    return { file, line: lineOf(path), message: `${path.join('.') || '(file)'}: ${i.message}` }
  })
  return { data: undefined, problems }
}

// The deepest node that exists on the path, so a missing key points at its parent.
function lineAt(doc: Document, lines: LineCounter, path: PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true)
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line
  }
  return 1
}

function normalise(q: QuestionSource): Pick<Question, 'options' | 'key'> {
  switch (q.type) {
    case 'single': {
      const options = q.options.map(({ correct: _, ...o }) => o)
      return { options, key: { kind: 'option', option: q.options.find((o) => o.correct)!.id } }
    }
    case 'multiple':
      return {
        options: q.options.map(({ correct: _, ...o }) => o),
        key: { kind: 'set', options: q.options.filter((o) => o.correct).map((o) => o.id).sort() },
      }
    case 'order':
      return { options: q.options.map(({ correct: _, ...o }) => o), key: { kind: 'order', options: q.options.map((o) => o.id) } }
    case 'boolean':
      return { options: [{ id: 'true', text: 'True' }, { id: 'false', text: 'False' }], key: { kind: 'option', option: String(q.answer) } }
    case 'number':
      return { options: [], key: { kind: 'number', value: q.answer.value, tolerance: q.answer.tolerance } }
  }
}

async function read<S extends z.ZodType>(dir: string, name: string, schema: S, problems: Problem[]) {
  const file = join(dir, name)
  const parsed = parseFile(await readFile(file, 'utf8'), relative(process.cwd(), file), schema)
  problems.push(...parsed.problems)
  return parsed.data
}

/** Reads and validates every file of the bank; problems are reported, never thrown, so a check can list them all. */
export async function loadBank(dir = 'questions'): Promise<Bank & { problems: Problem[] }> {
  const problems: Problem[] = []
  const areasFile = await read(dir, 'areas.yaml', AreasFile, problems)
  const levelsFile = await read(dir, 'levels.yaml', LevelsFile, problems)
  const phasesFile = await read(dir, 'phases.yaml', PhasesFile, problems)
  const sourcesFile = await read(dir, 'sources.yaml', SourcesFile, problems)
  const areas = areasFile?.areas ?? []
  const questions: Question[] = []
  for (const area of areas) {
    const files = await readdir(join(dir, area.id)).catch(() => [] as string[])
    for (const name of files.filter((f) => f.endsWith('.yaml')).sort()) {
      const topic = name.replace(/\.yaml$/, '')
      const path = join(dir, area.id, name)
      const file = relative(process.cwd(), path)
      if (!area.topics.some((t) => t.id === topic)) {
        problems.push({ file, line: 1, message: `topic "${topic}" is not listed under area "${area.id}" in areas.yaml` })
        continue
      }
      const parsed = parseFile(await readFile(path, 'utf8'), file, QuestionFile)
      problems.push(...parsed.problems)
      parsed.data?.questions.forEach((raw, i) => {
        const { data: q, problems: invalid } = validate(QuestionSchema, raw, ['questions', i], file, parsed.lineOf)
        problems.push(...invalid)
        if (!q) return
        const { options: _o, answer: _a, ...rest } = q as QuestionSource & { options?: unknown; answer?: unknown }
        questions.push({ ...rest, ...normalise(q), area: area.id, topic, file, line: parsed.lineOf(['questions', i]) })
      })
    }
  }
  return {
    areas,
    levels: levelsFile?.levels ?? [],
    phases: phasesFile?.phases ?? [],
    sourceHosts: sourcesFile?.hosts ?? [],
    questions,
    problems,
  }
}
