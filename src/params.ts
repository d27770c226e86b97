import { validator } from 'hono/validator'
import * as z from 'zod'
import { AppError } from './errors'
import { sessionIdPattern } from './store/sessions'

// Path parameters, checked with zod at the route, on the JSON API and the pages alike: a malformed
// one is a 400 that says which it is, before anything is looked up.

const Id = z.string().regex(sessionIdPattern)
// Digits only: Number() would also read '', ' 1' and '1e2'.
const Position = z.string().regex(/^\d{1,9}$/).transform(Number)

const kinds = {
  session: { schema: Id, code: 'bad-session-id', message: 'malformed session id' },
  screen: { schema: Id, code: 'bad-screen-id', message: 'malformed screen id' },
  invite: { schema: Id, code: 'bad-invite-id', message: 'malformed invite id' },
  position: { schema: Position, code: 'bad-position', message: 'malformed answer position' },
} as const

type Kind = keyof typeof kinds
type Checked<P extends Record<string, Kind>> = { [K in keyof P]: z.output<(typeof kinds)[P[K]]['schema']> }

/** Checks the route's parameters, each named with its kind: `params({ id: 'session' })`. */
export const params = <P extends Record<string, Kind>>(shape: P) =>
  validator('param', (value: Record<string, string>) => {
    const checked: Record<string, unknown> = {}
    for (const [name, kind] of Object.entries(shape)) {
      const { schema, code, message } = kinds[kind]
      const result = schema.safeParse(value[name])
      if (!result.success) throw new AppError(400, code, message)
      checked[name] = result.data
    }
    return checked as Checked<P>
  })
