/** The sign-in form; `next`, the page the user was sent here from, goes along with it. */
export function SignInForm({ error, email, next }: { error?: string | undefined; email?: string | undefined; next?: string | undefined }) {
  return (
    <form method="post" action="/sign-in" class="card">
      <h1>Sign in</h1>
      <p class="hint">For hiring teams. Accounts are created by an administrator; there is no open sign-up.</p>
      {error ? <p class="form-error" role="alert">{error}</p> : null}
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <label>E-mail <input type="email" name="email" required autocomplete="username" value={email ?? ''} /></label>
      <label>Password <input type="password" name="password" required autocomplete="current-password" /></label>
      <button type="submit" class="primary">Sign in</button>
    </form>
  )
}

export function AccountPage({ email, tokens, newToken, newTokenId, revoked }: { email: string; tokens: { id: string; name: string; createdAt: number }[]; newToken?: string; newTokenId?: string; revoked?: string }) {
  return (
    <>
      <section class="card">
        <h1>Your account</h1>
        <p>Signed in as <strong>{email}</strong>.</p>
        <form method="post" action="/sign-out"><button type="submit">Sign out</button></form>
      </section>
      <section class="card">
        <h2>API tokens</h2>
        {newToken ? (
          <p class="token" role="status">New token (shown once; copy it now): <code>{newToken}</code></p>
        ) : null}
        <p class="hint">Send it as <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/v1/screens</code>.</p>
        {revoked ? <p role="status">Token “{revoked}” revoked: requests that send it are refused from now on.</p> : null}
        <ul class="tokens">
          {tokens.map((t) => {
            // Two tokens of one name still differ by the start of their id (a hash, not the secret); the one just made says so.
            const made = `${new Date(t.createdAt).toISOString().slice(0, 19).replace('T', ' ')} UTC, id ${t.id.slice(0, 6)}${t.id === newTokenId ? ', new' : ''}`
            return (
            <li>
              <form method="post" action="/account/tokens/revoke" class="row">
                <span>{t.name} <small>(created {made})</small></span>
                <input type="hidden" name="id" value={t.id} />
                <button type="submit" aria-label={`Revoke token ${t.name}, created ${made}`}>Revoke</button>
              </form>
            </li>
            )
          })}
        </ul>
        <form method="post" action="/account/tokens" class="row">
          <label>Name <input type="text" name="name" required maxlength={60} /></label>
          <button type="submit">Create token</button>
        </form>
      </section>
    </>
  )
}
