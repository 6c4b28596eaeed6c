import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../lib/errors';
import { flattenTree } from './tree';

/** The organisation tree the person may see (GET /api/organizations), flattened in reading order. */
export function useOrganizationTree() {
  const query = useQuery({
    queryKey: ['organizations', 'tree'],
    queryFn: () => unwrap(api.GET('/api/organizations')),
  });
  const flat = useMemo(() => flattenTree(query.data ?? []), [query.data]);
  return { query, flat };
}
