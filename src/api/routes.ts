import { Hono } from 'hono'
import { AppError } from '../errors'
import { answerQuestion, getResult, getSession, startSession, type Deps } from '../sessions'
import { openApiDocument } from './openapi'
import { ownResult } from '../screens'
import { screenApi } from './screens'
import { StartSession, startInputOf, SubmitResponse } from './schemas'
import { json } from './validate'
import { params } from '../params'

/** The JSON API of DESIGN.md, under /api/v1. */
export function apiRoutes(deps: Deps) {
  return new Hono()
    .get('/openapi.json', (c) => c.json(openApiDocument()))
    .get('/areas', async (c) => {
      const catalog = await deps.catalog.get(deps.db)
      return c.json({ areas: catalog.areas.map((a) => ({ id: a.id, name: a.name, summary: a.summary, questionCount: a.topics.reduce((n, t) => n + t.questionCount, 0), topics: a.topics.map((t) => ({ id: t.id, name: t.name, summary: t.summary, questionCount: t.questionCount })) })) })
    })
    .post('/sessions', json(StartSession), async (c) => c.json(await startSession(deps, startInputOf(c.req.valid('json'))), 201))
    .get('/sessions/:id', params({ id: 'session' }), async (c) => c.json(await getSession(deps, c.req.valid('param').id)))
    .post('/sessions/:id/responses', params({ id: 'session' }), json(SubmitResponse), async (c) => c.json(await answerQuestion(deps, c.req.valid('param').id, c.req.valid('json'))))
    .get('/sessions/:id/result', params({ id: 'session' }), async (c) => {
      const result = await ownResult(deps, await getResult(deps, c.req.valid('param').id))
      if (!result) throw new AppError(403, 'result-hidden', 'this screen does not show candidates their result')
      return c.json(result)
    })
    .route('/screens', screenApi(deps))
    .all('*', () => {
      throw new AppError(404, 'not-found', 'no such API route')
    })
}
