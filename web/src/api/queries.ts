import { QueryClient, useQuery } from '@tanstack/react-query';
import { unwrap } from '../lib/errors';
import { api } from './client';

/** Queries several pages share; keys name the resource first so writes can invalidate by prefix. */

/** The 27 manifestations (Nghị quyết 4 khóa XII) with their texts; they change only by a new catalog version. */
export function useManifestations() {
  return useQuery({
    queryKey: ['manifestations'],
    queryFn: () => unwrap(api.GET('/api/manifestations')),
    staleTime: Infinity,
  });
}

const notificationsQuery = (unreadOnly: boolean) => ({
  queryKey: ['notifications', { unreadOnly }],
  queryFn: () => unwrap(api.GET('/api/notifications', { params: { query: { unreadOnly, pageSize: 50 } } })),
});

export function useNotifications(unreadOnly = false) {
  return useQuery(notificationsQuery(unreadOnly));
}

/** The work list (GET /api/commitments/queue): a member's and a secretary's lists in one answer. */
const workQueueQuery = {
  queryKey: ['commitments', 'queue'],
  queryFn: () => unwrap(api.GET('/api/commitments/queue')),
};

export function useWorkQueue() {
  return useQuery(workQueueQuery);
}

/**
 * The home page's two queries, started as soon as the session is known on a load of `/`, while
 * React still renders the layout (docs/WEB.md "Speed").
 */
export function prefetchHome(client: QueryClient): void {
  void client.prefetchQuery(workQueueQuery);
  void client.prefetchQuery(notificationsQuery(true));
}

/** One person's commitments of a year, every period. */
export function useMemberCommitments(memberId: string | null, year: number) {
  return useQuery({
    queryKey: ['commitments', 'list', { memberId, year }],
    enabled: memberId !== null,
    queryFn: () =>
      unwrap(
        api.GET('/api/commitments', { params: { query: { memberId: memberId!, year, pageSize: 200 } } }),
      ),
  });
}

export const commitmentKey = (id: string) => ['commitments', 'one', id] as const;

/** One commitment with its items, history, version and the actions the caller may take. */
export function useCommitment(id: string) {
  return useQuery({
    queryKey: commitmentKey(id),
    queryFn: () => unwrap(api.GET('/api/commitments/{id}', { params: { path: { id } } })),
  });
}

export function useFeedback(commitmentId: string) {
  return useQuery({
    queryKey: ['feedback', commitmentId],
    queryFn: () =>
      unwrap(
        api.GET('/api/commitments/{id}/feedback', {
          params: { path: { id: commitmentId }, query: { pageSize: 200 } },
        }),
      ),
  });
}
