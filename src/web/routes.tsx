import { Hono, type Context } from 'hono'
import { csrf } from 'hono/csrf'
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import { AppError } from '../errors'
import { answerQuestion, getFeedback, getResult, getSession, startSession, type AnswerReply, type Deps, type SessionView } from '../sessions'
import { answerInput, readForm, startInput } from './form'
import { Home } from './home'
import { layout } from './layout'
import { FinishedCard, QuestionCard } from './question'
import { ResultPage } from './result'
import { AnswerReview } from './review'
import { accountRoutes } from './account'
import { hiringRoutes } from './hiring'
import { ThanksPage } from './screens'
import { ownResult } from '../screens'
import { params } from '../params'

const isHtmx = (c: Context) => c.req.header('HX-Request') === 'true'

const crossSiteMessage = 'This form came from another site, or your browser did not say where it came from; reload the page and try again.'
const sameOriginCheck = csrf()

/** Hono's CSRF check, its bare 403 turned into a refusal that says what happened and what to do. */
const sameOrigin = createMiddleware(async (c, next) => {
  // Only the check is guarded, so a refusal from a later handler keeps its own code.
  await sameOriginCheck(c, async () => {}).catch((e: unknown) => {
    throw e instanceof HTTPException && e.status === 403 ? new AppError(403, 'forbidden', crossSiteMessage) : e
  })
  await next()
})

function Card({ session, error, now }: { session: SessionView; error?: string; now: number }) {
  return session.question ? <QuestionCard session={session} q={session.question} now={now} {...(error ? { error } : {})} /> : <FinishedCard id={session.id} />
}

/** The pages people use; every form works as a plain POST, htmx only swaps the card in place. */
export function webRoutes(deps: Deps) {
  const web = new Hono()
  web.use(sameOrigin)
  web.use(layout)

  web.get('/', async (c) => c.render(<Home catalog={await deps.catalog.get(deps.db)} />, { title: 'Find your level' }))

  web.post('/sessions', async (c) => {
    const session = await startSession(deps, startInput(await readForm(c)))
    return c.redirect(`/sessions/${session.id}`, 303)
  })

  web.get('/sessions/:id', params({ id: 'session' }), async (c) => {
    const session = await getSession(deps, c.req.valid('param').id)
    if (session.status === 'finished') return c.redirect(`/sessions/${session.id}/result`, 303)
    return c.render(<Card session={session} now={deps.now()} />, { title: 'Question' })
  })

  web.get('/sessions/:id/card', params({ id: 'session' }), async (c) => c.html(<Card session={await getSession(deps, c.req.valid('param').id)} now={deps.now()} />))

  web.post('/sessions/:id/responses', params({ id: 'session' }), async (c) => {
    const { id } = c.req.valid('param')
    let reply
    try {
      reply = await answerQuestion(deps, id, answerInput(await readForm(c)))
    } catch (e) {
      // An unusable answer shows the same question again with the reason, not an error page.
      if (!(e instanceof AppError) || e.status !== 422) throw e
      const session = await getSession(deps, id)
      const card = <Card session={session} error={e.message} now={deps.now()} />
      c.status(422)
      return isHtmx(c) ? c.html(card) : c.render(card, { title: 'Question' })
    }
    if (!isHtmx(c)) {
      if (reply.feedback) return c.redirect(`/sessions/${id}/feedback/${reply.position}`, 303)
      return c.redirect(reply.session.status === 'finished' ? `/sessions/${id}/result` : `/sessions/${id}`, 303)
    }
    if (reply.feedback) return c.html(<FeedbackCard id={id} reply={reply} />)
    if (reply.session.status === 'finished') c.header('HX-Redirect', `/sessions/${id}/result`)
    return c.html(<Card session={reply.session} now={deps.now()} />)
  })

  web.get('/sessions/:id/feedback/:position', params({ id: 'session', position: 'position' }), async (c) => {
    const { id, position } = c.req.valid('param')
    const reply = await getFeedback(deps, id, position)
    return c.render(<FeedbackCard id={id} reply={reply} />, { title: 'Feedback' })
  })

  web.get('/sessions/:id/result', params({ id: 'session' }), async (c) => {
    const result = await ownResult(deps, await getResult(deps, c.req.valid('param').id))
    if (!result) return c.render(<ThanksPage />, { title: 'Thank you' })
    return c.render(<ResultPage r={result} withheld={result.mode === 'screen'} />, { title: 'Your result' })
  })
  // Before the hiring routes, so that their sign-in goes through the cookie policy of account.tsx.
  web.route('/', accountRoutes(deps))
  web.route('/', hiringRoutes(deps))
  return web
}


function FeedbackCard({ id, reply }: { id: string; reply: AnswerReply }) {
  const finished = reply.session.status === 'finished'
  const next = finished ? `/sessions/${id}/result` : `/sessions/${id}`
  return (
    <section id="card" class="card feedback" aria-live="polite">
      <h1 class="visually-hidden">Feedback on your answer</h1>
      <AnswerReview r={reply.feedback!} />
      {finished
        ? <a class="button primary" href={next} autofocus>See your result</a>
        : <a class="button primary" href={next} hx-get={`/sessions/${id}/card`} hx-target="#card" hx-swap="outerHTML" autofocus>Next question <kbd aria-hidden="true">Enter</kbd></a>}
    </section>
  )
}
