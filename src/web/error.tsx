import { Page } from './layout'

/** The HTML side of a refusal: the same message the JSON API gives. */
export function errorPage(status: number, message: string) {
  return '<!DOCTYPE html>' + (
    <Page title={`Error ${status}`}>
      <section class="card error" role="alert">
        <h1>{status === 404 ? 'Not found' : 'That did not work'}</h1>
        <p>{message}</p>
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
      <p>{message}</p>
      <p><a class="button primary" href={session ? `/sessions/${session}` : '/'}>Continue</a></p>
    </section>
  ).toString()
}
