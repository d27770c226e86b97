import { AppError, notFound } from './errors'
import { hashPassword, newToken, tokenHash, verifyPassword } from './password'
import type { Deps } from './sessions'
import { newSessionId } from './store/sessions'
import {
  createApiToken, createSignIn, createUser, deleteApiToken, deleteSignIn, findUserByEmail, listApiTokens, userByApiToken, userBySignIn, type User,
} from './store/users'

// Hiring-team accounts: made from the CLI, signed in with a cookie, or with an API token.

export const signInDays = 14
export const normalEmail = (email: string) => email.trim().toLowerCase()

export async function addUser(deps: Pick<Deps, 'db' | 'now'>, email: string, password: string): Promise<User> {
  if (password.length < 12) throw new AppError(422, 'weak-password', 'the password needs at least 12 characters')
  if (await findUserByEmail(deps.db, normalEmail(email))) throw new AppError(409, 'user-exists', `a user with e-mail ${email} exists already`)
  return createUser(deps.db, { id: newSessionId(), email: normalEmail(email), passwordHash: await hashPassword(password), createdAt: deps.now() })
}

// Verifying against this hash when the e-mail is unknown makes both failures take the same time.
// Made on first use, not at module load: workerd forbids random values at global scope.
let decoy: Promise<string> | undefined
const decoyHash = () => (decoy ??= hashPassword('not a real password, only for timing'))

/** A new sign-in token for the cookie; one message for an unknown e-mail and a wrong password. */
export async function signIn(deps: Deps, email: string, password: string): Promise<{ token: string; expiresAt: number }> {
  const user = await findUserByEmail(deps.db, normalEmail(email))
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()))
  if (!user || !ok) throw new AppError(401, 'bad-credentials', 'that e-mail and password do not match an account')
  const token = newToken()
  const expiresAt = deps.now() + signInDays * 86_400_000
  await createSignIn(deps.db, { tokenHash: await tokenHash(token), userId: user.id, createdAt: deps.now(), expiresAt })
  return { token, expiresAt }
}

export async function signOut(deps: Deps, token: string): Promise<void> {
  await deleteSignIn(deps.db, await tokenHash(token))
}

export async function userOfSignIn(deps: Deps, token: string | undefined): Promise<User | undefined> {
  return token ? userBySignIn(deps.db, await tokenHash(token), deps.now()) : undefined
}

export async function userOfApiToken(deps: Deps, token: string | undefined): Promise<User | undefined> {
  return token ? userByApiToken(deps.db, await tokenHash(token)) : undefined
}

/** A new API token; the caller shows it once, only its hash is kept. */
export async function issueApiToken(deps: Deps, user: User, name: string): Promise<string> {
  const token = `lvl_${newToken()}`
  await createApiToken(deps.db, { tokenHash: await tokenHash(token), userId: user.id, name, createdAt: deps.now() })
  return token
}

export const apiTokensOf = (deps: Deps, user: User) => listApiTokens(deps.db, user.id)

/** Revokes one of the user's tokens at once; an id that is not theirs is a 404. */
export async function revokeApiToken(deps: Deps, user: User, id: string): Promise<void> {
  if (!(await deleteApiToken(deps.db, user.id, id))) throw notFound('API token')
}
