import type { UserRole } from '@certdesk/persistence';

/** Who is making a request, resolved once per request from their token. */
export interface Actor {
  userId: string;
  personId: string;
  name: string;
  email: string;
  /** The actor's own SSIN (normalised), if known: they see it unmasked. */
  ssin: string | null;
  centralAdmin: boolean;
  /** Roles per organisation id (central-admin is not listed here). */
  roles: ReadonlyMap<string, ReadonlySet<Exclude<UserRole, 'central-admin'>>>;
  /** The token the request came with, so log-out can revoke exactly it. */
  tokenId: string;
}

/** What the audit trail records about an actor. */
export function actorLabel(actor: Actor): string {
  return `${actor.name} <${actor.email}>`;
}
