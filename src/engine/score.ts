import type { QuestionType } from './types.js'

/** What a taker sends: an option id, option ids (a set, or all of them in order), or a number. */
export type Answer = string | string[] | number

/** The stored key of a question (see the bank loader). */
export type Key =
  | { kind: 'option'; option: string }
  | { kind: 'set'; options: string[] }
  | { kind: 'order'; options: string[] }
  | { kind: 'number'; value: number; tolerance: number }

/** The key with every option id replaced by `to(id)`; a set stays sorted, as it is stored. */
export function renameKeyOptions(key: Key, to: (id: string) => string): Key {
  switch (key.kind) {
    case 'option': return { ...key, option: to(key.option) }
    case 'set': return { ...key, options: key.options.map(to).sort() }
    case 'order': return { ...key, options: key.options.map(to) }
    case 'number': return key
  }
}

/** Why an answer does not fit its question, or null when it does: a refusal, not a wrong answer. */
export function answerProblem(type: QuestionType, optionIds: readonly string[], answer: Answer): string | null {
  const known = (id: string) => optionIds.includes(id)
  // Sorted: the stored order of an `order` question is its key.
  const listed = [...optionIds].sort().join(', ')
  switch (type) {
    case 'single':
    case 'boolean':
      return typeof answer === 'string' && known(answer) ? null : `answer must be one of the option ids: ${listed}`
    case 'multiple':
      if (!Array.isArray(answer) || answer.length === 0) return 'answer must be a non-empty array of option ids'
      if (!answer.every(known)) return `answer may only hold the option ids: ${listed}`
      return new Set(answer).size === answer.length ? null : 'answer must not repeat an option'
    case 'order':
      if (!Array.isArray(answer) || answer.length !== optionIds.length || new Set(answer).size !== answer.length || !answer.every(known)) {
        return `answer must list every option id once, in the chosen order: ${listed}`
      }
      return null
    case 'number':
      return typeof answer === 'number' && Number.isFinite(answer) ? null : 'answer must be a finite number'
  }
}

/** The answer as it is compared and stored: a `multiple` is a set, so the same ids in any order are one answer. */
export function canonicalAnswer(type: QuestionType, answer: Answer): Answer {
  return type === 'multiple' && Array.isArray(answer) ? [...answer].sort() : answer
}

/** Whether a fitting answer is right; a `multiple` is right only for exactly the correct set. */
export function isCorrect(key: Key, answer: Answer): boolean {
  switch (key.kind) {
    case 'option':
      return answer === key.option
    case 'set':
      return Array.isArray(answer) && answer.length === key.options.length && answer.every((id) => key.options.includes(id))
    case 'order':
      return Array.isArray(answer) && answer.length === key.options.length && answer.every((id, i) => id === key.options[i])
    case 'number':
      return typeof answer === 'number' && Math.abs(answer - key.value) <= key.tolerance + 1e-9
  }
}
