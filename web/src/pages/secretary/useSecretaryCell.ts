import { useState } from 'react';
import { organizationsOf } from '../../lib/roles';
import { useUser } from '../../session/session';

/** The cell a secretary works in now: their first secretary role's cell, or the one they pick. */
export function useSecretaryCell() {
  const user = useUser();
  const cells = organizationsOf(user, 'secretary');
  const [cellId, setCellId] = useState<string | null>(cells[0] ?? null);
  return { cells, cellId, setCellId };
}
