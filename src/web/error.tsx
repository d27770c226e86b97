import { Page } from './layout'

// What a form field's refusal says on a page: the JSON API's messages name the schema's fields in
// zod's words ("length: Invalid input: expected number, received NaN"), which a person who chose
// from a list cannot act on. The first letter is made a capital by the stylesheet, so that the
// words stay the API's own.
const fieldHelp: Record<string, string> = {
  mode: 'Mode: choose practice, assessment or screen practice',
  length: 'Questions: choose a number from the list',
  experienceYears: 'Years of experience: a number from 0 to 60, or nothing',
  targetLevel: 'Target level: choose one from the list',
  areas: 'Areas: choose from the list',
  topics: 'Topics: choose from the list',
  timeLimitMinutes: 'Time limit: a whole number of minutes from 1 to 240',
}

/** A form's refusal in the form's own words; any other message as it is. */
export function readable(message: string): string {
  const parts = message.split('; ').map((part) => fieldHelp[/^([A-Za-z]+)(\.\d+)?: /.exec(part)?.[1] ?? ''])
  return parts.every(Boolean) ? [...new Set(parts)].join('; ') : message
}

/** The HTML side of a refusal: the same message the JSON API gives, in the form's words for a form. */
export function errorPage(status: number, message: string) {
  return '<!DOCTYPE html>' + (
    <Page title={`Error ${status}`}>
      <section class="card error" role="alert">
        <h1>{status === 404 ? 'Not found' : 'That did not work'}</h1>
        <p class="message">{readable(message)}</p>
        <p><a href="/">Back to the start</a></p>
      </section>
    </Page>
  ).toString()
}

/** The same message as a card for htmx to swap in place, with the way on from there. */
export function errorCard(path: string, message: string) {
  const session = /^\/sessions\/([^/]+)/.exec(path)?.[1]
  return (
    <section id="card" class="card error" role="alert">
      <p class="message">{readable(message)}</p>
      <p><a class="button primary" href={session ? `/sessions/${session}` : '/'}>Continue</a></p>
    </section>
  ).toString()
}
