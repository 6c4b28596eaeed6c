import { Permission, Role } from './permissions.js';

export interface ActorRole {
  role: Role;
  /** null for admin (whole system); for `member` the member's current cell. */
  organizationId: string | null;
  /** Materialised path of organizationId ("/rootId/.../id/"), null for admin. */
  organizationPath: string | null;
}

/** The authenticated caller, built once per request by the auth guard. */
export interface Actor {
  userId: string;
  username: string;
  sessionId: string;
  memberId: string | null;
  roles: ActorRole[];
  permissions: ReadonlySet<Permission>;
  requestId: string;
  ip: string;
}

/** Acting outside an HTTP request (start-up, seeding, CLI). */
export function systemActor(reason: string): Actor {
  return {
    userId: 'system',
    username: `system:${reason}`,
    sessionId: 'system',
    memberId: null,
    roles: [{ role: 'admin', organizationId: null, organizationPath: null }],
    permissions: new Set(),
    requestId: 'system',
    ip: '127.0.0.1',
  };
}
