import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

/**
 * The headers every response carries, static files included. The policy allows no inline script or
 * style: every script and stylesheet is a file of this origin.
 */
export const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"], objectSrc: ["'none'"],
  },
  referrerPolicy: 'same-origin',
})

/** The same headers by name, for a host that serves static files before any code runs (Workers' `_headers`). */
export async function securityHeaderValues(): Promise<[string, string][]> {
  const probe = new Hono().use(securityHeaders).get('/', (c) => c.body(null, 204))
  return [...(await probe.request('/')).headers]
}
