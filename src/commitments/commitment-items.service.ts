import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { isIsoDate } from '../common/dates.js';
import { CommitmentItem } from './commitment-item.entity.js';
import { Commitment } from './commitment.entity.js';
import { CommitmentItemDto, ResultItemDto } from './commitments.dto.js';
import { CommitmentsRepository } from './commitments.repository.js';
import { carryForwardItems, itemCounts } from './commitments.rules.js';
import { liveItemTallies, liveYearlyItemIds } from './commitment-items.repository.js';

/**
 * Writing a commitment's items: full replacement on edit, remedies carried from last year, reported
 * outcomes. Every write of items goes through here and ends with `storeCounts`, inside the caller's
 * transaction, so the counts on the commitment row always match its live items.
 */
@Injectable()
export class CommitmentItemsService {
  constructor(private readonly repo: CommitmentsRepository) {}

  /**
   * Replaces the live items with `inputs`: items with an id are updated in place, new ones inserted,
   * the rest marked removed (kept, since feedback may point at them).
   */
  async writeItems(
    em: EntityManager,
    c: Commitment,
    inputs: CommitmentItemDto[],
    existing: CommitmentItem[],
  ): Promise<void> {
    const errors: Array<{ field: string; rule: string; message: string }> = [];
    const byId = new Map(existing.map((i) => [i.id, i]));
    const seen = new Set<string>();
    inputs.forEach((item, i) => {
      if (item.id !== undefined) {
        if (!byId.has(item.id))
          errors.push({
            field: `items.${i}.id`,
            rule: 'itemOfCommitment',
            message: 'id is not an item of this commitment',
          });
        else if (seen.has(item.id))
          errors.push({ field: `items.${i}.id`, rule: 'unique', message: 'an item appears once' });
        seen.add(item.id);
      }
      if (item.dueDate != null && !isIsoDate(item.dueDate)) {
        errors.push({
          field: `items.${i}.dueDate`,
          rule: 'isDate',
          message: 'dueDate must be a real date YYYY-MM-DD',
        });
      }
    });
    const parentIds = [...new Set(inputs.map((i) => i.parentItemId).filter((p): p is string => !!p))];
    if (parentIds.length > 0) {
      const ok = await liveYearlyItemIds(em, parentIds, c.memberId, c.year);
      inputs.forEach((item, i) => {
        if (item.parentItemId && !ok.has(item.parentItemId)) {
          errors.push({
            field: `items.${i}.parentItemId`,
            rule: 'yearlyItemOfMember',
            message: 'parentItemId must be an item of the same member’s yearly commitment of the same year',
          });
        }
      });
    }
    if (errors.length) throw DomainError.validation(errors, errors.map((e) => e.message).join('; '));

    const now = new Date();
    const kept = new Set(inputs.map((i) => i.id).filter(Boolean));
    const removed = existing.filter((i) => !kept.has(i.id)).map((i) => i.id);
    if (removed.length) await em.update(CommitmentItem, { id: In(removed) }, { removedAt: now });
    for (const [position, item] of inputs.entries()) {
      const fields = {
        position,
        category: item.category,
        content: item.content,
        target: item.target ?? null,
        dueDate: item.dueDate ?? null,
        manifestationCodes: item.manifestationCodes?.length
          ? JSON.stringify([...item.manifestationCodes].sort((a, b) => a - b))
          : null,
        parentItemId: item.parentItemId ?? null,
      };
      if (item.id) await em.update(CommitmentItem, { id: item.id }, fields);
      else
        await em.insert(CommitmentItem, {
          ...fields,
          commitmentId: c.id,
          sourceRef: null,
          outcome: null,
          exceeded: null,
          outcomeNote: null,
          completedOn: null,
          removedAt: null,
        });
    }
    await this.storeCounts(em, c.id);
  }

  /** Records reported outcomes (`exceeded` kept only with `done`). The caller has checked them. */
  async writeOutcomes(em: EntityManager, commitmentId: string, results: ResultItemDto[]): Promise<void> {
    for (const r of results) {
      await em.update(
        CommitmentItem,
        { id: r.itemId, commitmentId },
        {
          outcome: r.outcome,
          exceeded: r.outcome === 'done' ? (r.exceeded ?? false) : null,
          outcomeNote: r.note ?? null,
          completedOn: r.outcome === 'done' ? (r.completedOn ?? null) : null,
        },
      );
    }
    await this.storeCounts(em, commitmentId);
  }

  /** Adds last year's unfinished items and shortcomings as remedy items; answers how many were added. */
  async pullRemedies(em: EntityManager, c: Commitment): Promise<number> {
    const previous = await em.findOneBy(Commitment, {
      memberId: c.memberId,
      year: c.year - 1,
      periodType: 'yearly',
      periodKey: 0,
    });
    if (!previous) return 0;
    // One after the other: a transaction's EntityManager holds one connection (pg refuses overlap).
    const pastItems = await this.repo.liveItems(em, previous.id);
    const current = await this.repo.liveItems(em, c.id);
    const refs = new Set(current.map((i) => i.sourceRef).filter((r): r is string => r !== null));
    const shortcomings = previous.shortcomings ? (JSON.parse(previous.shortcomings) as string[]) : [];
    const carried = carryForwardItems({ commitmentId: previous.id, items: pastItems, shortcomings }, refs);
    let position = current.length;
    for (const item of carried) {
      await em.insert(CommitmentItem, {
        commitmentId: c.id,
        position: position++,
        category: item.category,
        content: item.content,
        target: null,
        dueDate: null,
        manifestationCodes: null,
        parentItemId: null,
        sourceRef: item.sourceRef,
        outcome: null,
        exceeded: null,
        outcomeNote: null,
        completedOn: null,
        removedAt: null,
      });
    }
    if (carried.length > 0) await this.storeCounts(em, c.id);
    return carried.length;
  }

  /**
   * Recounts the commitment's live items (rule: `itemCounts`) and stores the counts on its row, which
   * the reports read instead of the items. Reads the items through their covering report index.
   */
  private async storeCounts(em: EntityManager, commitmentId: string): Promise<void> {
    const items = await liveItemTallies(em, commitmentId);
    await em.update(Commitment, { id: commitmentId }, itemCounts(items));
  }
}
