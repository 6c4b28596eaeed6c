import { NativeSelect, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { notifyDone } from '../../components/notify';
import { Loaded, Page } from '../../components/Page';
import { ExplainedError, explainError, unwrap } from '../../lib/errors';
import { vnToday } from '../../lib/format';
import { useUser } from '../../session/session';
import { SelfCheckForm, SelfEntry } from './self-check/SelfCheckForm';

/**
 * The yearly self-check against the 27 manifestations (GET/PUT /api/members/:id/conduct-checks/:year,
 * `self`). The form keeps its answers across a refused save; after a 409 the check is read again, so
 * the next save goes on top of the newer version with what the member typed.
 */
export default function SelfCheckPage() {
  const user = useUser();
  const memberId = user.memberId!;
  const thisYear = Number(vnToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const key = ['conduct-checks', memberId, year] as const;
  const query = useQuery({
    queryKey: key,
    queryFn: () =>
      unwrap(
        api.GET('/api/members/{id}/conduct-checks/{year}', { params: { path: { id: memberId, year } } }),
      ),
  });
  const queryClient = useQueryClient();
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(version: number, entries: SelfEntry[]) {
    setBusy(true);
    try {
      await unwrap(
        api.PUT('/api/members/{id}/conduct-checks/{year}', {
          params: { path: { id: memberId, year } },
          body: { self: entries, ...(version > 0 ? { version } : {}) },
        }),
      );
      setError(null);
      notifyDone('Đã lưu bản tự kiểm tra.');
      const fresh = await unwrap(
        api.GET('/api/members/{id}/conduct-checks/{year}', { params: { path: { id: memberId, year } } }),
      );
      queryClient.setQueryData(key, fresh);
    } catch (err) {
      const explained = explainError(err);
      setError(explained);
      if (explained.conflict) {
        // Only the version moves: the form keeps the member's answers (it is keyed by year).
        const fresh = await unwrap(
          api.GET('/api/members/{id}/conduct-checks/{year}', { params: { path: { id: memberId, year } } }),
        ).catch(() => null);
        if (fresh) queryClient.setQueryData(key, fresh);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Tự kiểm tra 27 biểu hiện">
      <Text>
        Đối chiếu bản thân với 27 biểu hiện suy thoái (Nghị quyết 4 khóa XII): chọn cho từng biểu hiện và ghi
        chú khi có nguy cơ hoặc có biểu hiện. Chi bộ xem và kết luận.
      </Text>
      <NativeSelect
        label="Năm"
        value={String(year)}
        onChange={(e) => {
          setError(null);
          setYear(Number(e.currentTarget.value));
        }}
        data={[thisYear, thisYear - 1].map(String)}
        maw={200}
      />
      <Loaded query={query}>
        {(check) => (
          <SelfCheckForm
            key={`${year}-${check.id ?? 'new'}`}
            items={check.items}
            error={error}
            busy={busy}
            onSave={(entries) => void save(check.version, entries)}
          />
        )}
      </Loaded>
    </Page>
  );
}
