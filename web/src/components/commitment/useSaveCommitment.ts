import { useQueryClient } from '@tanstack/react-query';
import { api, Schemas } from '../../api/client';
import { commitmentKey } from '../../api/queries';
import { unwrap } from '../../lib/errors';

type View = Schemas['CommitmentView'];

/** Writes of one commitment; each answer replaces the cached commitment and refreshes the lists. */
export function useCommitmentWrites() {
  const queryClient = useQueryClient();
  const settle = async (view: View) => {
    queryClient.setQueryData(commitmentKey(view.id), view);
    await queryClient.invalidateQueries({ queryKey: ['commitments'], refetchType: 'none' });
    return view;
  };
  return {
    create: async (body: Schemas['CreateCommitmentDto']) =>
      settle(await unwrap(api.POST('/api/commitments', { body }))),
    update: async (id: string, body: Schemas['UpdateCommitmentDto']) =>
      settle(await unwrap(api.PATCH('/api/commitments/{id}', { params: { path: { id } }, body }))),
    submit: async (id: string, version: number) =>
      settle(
        await unwrap(
          api.POST('/api/commitments/{id}/submit', { params: { path: { id } }, body: { version } }),
        ),
      ),
    report: async (id: string, body: Schemas['ReportResultsDto']) =>
      settle(await unwrap(api.POST('/api/commitments/{id}/results', { params: { path: { id } }, body }))),
    carryForward: async (id: string, version: number) =>
      settle(
        await unwrap(
          api.POST('/api/commitments/{id}/carry-forward', { params: { path: { id } }, body: { version } }),
        ),
      ),
    /** Puts a copy read with `latest` into the cache (the page then shows it). */
    remember: (view: View) => queryClient.setQueryData(commitmentKey(view.id), view),
    /** The server's current copy, without touching the cache (a conflict keeps the form as typed). */
    latest: (id: string) => unwrap(api.GET('/api/commitments/{id}', { params: { path: { id } } })),
  };
}
