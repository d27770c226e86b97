import { validator } from 'hono/validator'
import type { z } from 'zod'
import { AppError } from '../errors'

// The media types Hono's json validator parses, parameters aside.
const jsonType = /^application\/([\w.-]+\+)?json$/i
const isJson = (type: string | undefined) => jsonType.test((type ?? '').split(';')[0]!.trim())

/** Checks a JSON body against a zod schema; a mismatch is a 400 that lists every problem. */
export const json = <S extends z.ZodType>(schema: S) =>
  validator('json', (value, c) => {
    // Hono reads a body of another type as {}, whose refusal ("mode: Invalid option") would not say why.
    if (!isJson(c.req.header('content-type'))) {
      throw new AppError(400, 'invalid-body', 'the request body must be JSON, sent with content-type: application/json')
    }
    const result = schema.safeParse(value)
    if (!result.success) {
      const details = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
      throw new AppError(400, 'invalid-body', `invalid request body: ${details.map((d) => `${d.path || '(body)'}: ${d.message}`).join('; ')}`, details)
    }
    return result.data as z.infer<S>
  })
