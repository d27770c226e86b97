import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** A refusal with a status and a message fit to show a person or a program. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export const notFound = (what: string) => new AppError(404, 'not-found', `${what} not found`)
