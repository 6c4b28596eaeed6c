import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor.js';
import { Database } from '../common/database.service.js';
import { scopeOf } from '../common/scope.js';
import { Page, pageOf } from '../common/pagination.js';
import { AuditEntry } from './audit-entry.entity.js';
import { AuditQuery } from './audit.dto.js';
import { auditEntriesPage } from './audit.repository.js';
import type { AuditEntryView } from './audit.responses.js';
import { insertRow } from '../common/raw-rows.js';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId?: string | null;
  organizationPath?: string | null;
  changes?: Record<string, unknown> | null;
  reason?: string | null;
}

/** Fields that never go into the audit log, whatever entity they come from. */
const SECRET_FIELDS = new Set(['passwordHash', 'password', 'refreshHash', 'token']);

/** Before/after of the fields that differ, for update entries. */
export function diff(before: object, after: object): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const key of Object.keys(a)) {
    if (SECRET_FIELDS.has(key) || key === 'updatedAt' || key === 'version') continue;
    const from = b[key] instanceof Date ? b[key].toISOString() : b[key];
    const to = a[key] instanceof Date ? a[key].toISOString() : a[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) out[key] = { from: from ?? null, to: to ?? null };
  }
  return out;
}

/** Plain copy of an entity's own fields without secrets, for creation entries. */
export function snapshot(entity: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entity))
    if (!SECRET_FIELDS.has(k)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

@Injectable()
export class AuditService {
  constructor(private readonly db: Database) {}

  /** Appends an entry inside the caller's transaction, so the entry and the change commit together. */
  async record(em: EntityManager, actor: Actor | null, entry: AuditRecord): Promise<void> {
    const row: Partial<AuditEntry> = {
      actorUserId: actor && actor.userId !== 'system' ? actor.userId : null,
      actorUsername: actor?.username ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      organizationPath: entry.organizationPath ?? null,
      changes: entry.changes ? JSON.stringify(entry.changes) : null,
      reason: entry.reason ?? null,
      requestId: actor?.requestId ?? null,
      ip: actor?.ip ?? null,
    };
    // In a transaction (nearly every caller): a plain INSERT, `at` from the column default as
    // before; the commit tells the caches. Outside one, the entity insert, whose insert event does.
    if (em.queryRunner?.isTransactionActive) await insertRow(em, AuditEntry, { id: randomUUID(), ...row });
    else await em.insert(AuditEntry, row);
  }

  /** Audit entries in the caller's scope (a leader: entries about their subtree), newest first. */
  async listAuditLog(actor: Actor, q: AuditQuery): Promise<Page<AuditEntryView>> {
    const scope = scopeOf(actor, 'audit.read');
    return this.db.read(async (em) => {
      if (!scope.all && scope.paths.length === 0) return pageOf([], 0, q);
      const [rows, total] = await auditEntriesPage(em, scope.all ? null : scope.paths, q);
      return pageOf(
        rows.map((r) => ({ ...r, changes: r.changes ? (JSON.parse(r.changes) as unknown) : null })),
        total,
        q,
      );
    });
  }
}
