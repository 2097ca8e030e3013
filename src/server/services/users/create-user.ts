import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import { hashPassword } from "@/server/auth/password";

type TTx = Prisma.TransactionClient;

export type TCreateUserOptions = { email: string; name: string; password: string; isPlatformAdmin?: boolean };

/**
 * Creates a staff user with a password credential, the way better-auth stores
 * it (an Account with providerId "credential"), so they can sign in at once.
 */
export async function createUserWithPassword(client: Db | TTx, options: TCreateUserOptions) {
  const email = options.email.trim().toLowerCase();
  const password = await hashPassword(options.password);
  const run = async (tx: TTx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new AppError("CONFLICT", `a user with email ${email} already exists`, "email");
    }
    const id = randomUUID();
    const user = await tx.user.create({
      data: { id, email, name: options.name.trim(), emailVerified: true, isPlatformAdmin: options.isPlatformAdmin ?? false },
    });
    await tx.account.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password } });
    return user;
  };
  return "$transaction" in client ? client.$transaction(run) : run(client);
}
