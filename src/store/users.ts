import { and, eq, gt } from 'drizzle-orm'
import type { Db } from './db'
import { apiTokens, signIns, users } from './schema'

export type User = { id: string; email: string }

export async function createUser(db: Db, input: { id: string; email: string; passwordHash: string; createdAt: number }): Promise<User> {
  const [row] = await db.insert(users).values(input).returning({ id: users.id, email: users.email })
  return row!
}

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email))
  return row
}

export async function createSignIn(db: Db, input: typeof signIns.$inferInsert): Promise<void> {
  await db.insert(signIns).values(input)
}

export async function userBySignIn(db: Db, tokenHash: string, now: number): Promise<User | undefined> {
  const [row] = await db.select({ id: users.id, email: users.email }).from(signIns)
    .innerJoin(users, eq(users.id, signIns.userId))
    .where(and(eq(signIns.tokenHash, tokenHash), gt(signIns.expiresAt, now)))
  return row
}

export async function deleteSignIn(db: Db, tokenHash: string): Promise<void> {
  await db.delete(signIns).where(eq(signIns.tokenHash, tokenHash))
}

export async function createApiToken(db: Db, input: typeof apiTokens.$inferInsert): Promise<void> {
  await db.insert(apiTokens).values(input)
}

export async function userByApiToken(db: Db, tokenHash: string): Promise<User | undefined> {
  const [row] = await db.select({ id: users.id, email: users.email }).from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId)).where(eq(apiTokens.tokenHash, tokenHash))
  return row
}

/** A user's tokens; `id` is the token's hash, which names it without being it. */
export async function listApiTokens(db: Db, userId: string) {
  return db.select({ id: apiTokens.tokenHash, name: apiTokens.name, createdAt: apiTokens.createdAt }).from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(apiTokens.createdAt)
}

/** Whether a token of this user's was deleted: another user's token id deletes nothing. */
export async function deleteApiToken(db: Db, userId: string, id: string): Promise<boolean> {
  const { rowsAffected } = await db.delete(apiTokens).where(and(eq(apiTokens.userId, userId), eq(apiTokens.tokenHash, id)))
  return rowsAffected === 1
}
