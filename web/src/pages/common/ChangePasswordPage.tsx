import { Button, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { api } from '../../api/client';
import { FormError } from '../../components/FormError';
import { notifyDone } from '../../components/notify';
import { Page } from '../../components/Page';
import { ExplainedError, explainError, unwrap } from '../../lib/errors';

/** Journey 9: a new password (12 to 128 characters); the person's other sessions end. */
export default function ChangePasswordPage() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (newPassword !== repeat) {
      setError({
        message: 'Hai lần nhập mật khẩu mới chưa khớp nhau.',
        fields: { repeat: 'Chưa khớp với mật khẩu mới.' },
        conflict: false,
        network: false,
      });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.POST('/api/auth/change-password', { body: { currentPassword, newPassword } }));
      setCurrent('');
      setNew('');
      setRepeat('');
      notifyDone('Đã đổi mật khẩu. Các phiên đăng nhập trên thiết bị khác đã được đóng.');
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Đổi mật khẩu">
      <Paper withBorder p="md" maw={480}>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            <FormError error={error} shown={['currentPassword', 'newPassword', 'repeat']} />
            <PasswordInput
              label="Mật khẩu hiện tại"
              autoComplete="current-password"
              required
              value={currentPassword}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={error?.fields.currentPassword}
            />
            <PasswordInput
              label="Mật khẩu mới"
              description="Từ 12 đến 128 ký tự."
              autoComplete="new-password"
              required
              value={newPassword}
              onChange={(e) => setNew(e.currentTarget.value)}
              error={error?.fields.newPassword}
            />
            <PasswordInput
              label="Nhập lại mật khẩu mới"
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              error={error?.fields.repeat}
            />
            <Text size="sm" c="dimmed">
              Sau khi đổi, các thiết bị khác đang đăng nhập tài khoản này sẽ phải đăng nhập lại.
            </Text>
            <Button type="submit" loading={busy} w="fit-content">
              Đổi mật khẩu
            </Button>
          </Stack>
        </form>
      </Paper>
    </Page>
  );
}
