import { List, Text } from '@mantine/core';
import type { Schemas } from '../api/client';
import { UNVERIFIED_TEXT } from '../lib/manifestations';

export type EvaluationReason = Schemas['EvaluationView']['reasons'][number];

/**
 * The reasons of a suggested level as the year-end rules gave them, each resting on an unverified rule
 * marked "chưa đối chiếu văn bản gốc" beside it (the rule set's `basis`: docs/EVALUATION.md).
 */
export function EvaluationReasons({ reasons }: { reasons: EvaluationReason[] }) {
  if (reasons.length === 0) return null;
  return (
    <List size="sm" spacing={4} aria-label="Căn cứ của mức gợi ý">
      {reasons.map((r, i) => (
        <List.Item key={`${r.code}-${i}`}>
          {r.text}
          {r.unverified && (
            <Text span size="sm" c="orange.9" fs="italic" className="unverified">
              {' '}
              ({UNVERIFIED_TEXT})
            </Text>
          )}
        </List.Item>
      ))}
    </List>
  );
}
