import type { Child } from 'hono/jsx'
import { jsxRenderer } from 'hono/jsx-renderer'

declare module 'hono' {
  interface ContextRenderer {
    (content: string | Promise<string>, props: { title: string }): Response | Promise<Response>
  }
}

export function Page({ title, children }: { title: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${title} · Levelset`}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/styles.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body>
        <header class="top">
          <a href="/" class="brand">Levelset</a>
          <span class="tagline">honest levels for backend &amp; database engineers</span>
          <nav><a href="/screens">Hiring teams</a></nav>
        </header>
        <main id="main">{children}</main>
        <footer class="foot">
          Levels and learning phases follow the backend career table and learning path in the Levelset seed.
        </footer>
      </body>
    </html>
  )
}

/** Full pages go through c.render(); htmx fragments are returned with c.html(). */
export const layout = jsxRenderer(({ children, title }) => <Page title={title}>{children}</Page>, { docType: true })
