import { useQueryClient } from '@tanstack/react-query';
import { api, Schemas } from '../../api/client';
import { commitmentKey } from '../../api/queries';
import { unwrap } from '../../lib/errors';

type View = Schemas['CommitmentView'];

/** The secretary's writes on commitments; each answer refreshes the cached commitment and the lists. */
export function useReviewWrites() {
  const queryClient = useQueryClient();
  const settle = async (view: View) => {
    queryClient.setQueryData(commitmentKey(view.id), view);
    await queryClient.invalidateQueries({ queryKey: ['commitments'] });
    return view;
  };
  const path = (id: string) => ({ path: { id } });
  return {
    accept: async (id: string, body: Schemas['AcceptCommitmentDto']) =>
      settle(await unwrap(api.POST('/api/commitments/{id}/accept', { params: path(id), body }))),
    returnWithReason: async (id: string, body: Schemas['ReturnCommitmentDto']) =>
      settle(await unwrap(api.POST('/api/commitments/{id}/return', { params: path(id), body }))),
    assess: async (id: string, body: Schemas['AssessCommitmentDto']) =>
      settle(await unwrap(api.POST('/api/commitments/{id}/assess', { params: path(id), body }))),
    acceptMany: async (body: Schemas['BulkAcceptDto']) => {
      const answer = await unwrap(api.POST('/api/commitments/accept', { body }));
      await queryClient.invalidateQueries({ queryKey: ['commitments'] });
      return answer;
    },
  };
}
