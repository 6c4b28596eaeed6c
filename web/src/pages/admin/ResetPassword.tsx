import { Alert, Button, Code, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api, Schemas } from '../../api/client';
import { FormError } from '../../components/FormError';
import { ExplainedError, explainError, unwrap } from '../../lib/errors';
import { generatePassword, passwordProblem } from './password';

type Account = Schemas['UserView'];

/**
 * Sets a temporary password on someone else's account (PATCH /api/users/:id `password`): typed, or
 * generated in the browser. The API revokes the account's sessions and audits the reset; the
 * password is shown once, here, to hand over, and the person is told to change it.
 */
export function ResetPassword({ account, own }: { account: Account; own: boolean }) {
  const [password, setPassword] = useState('');
  const [visible, setVisible] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);
  const client = useQueryClient();

  if (own)
    return (
      <Text size="sm">
        Mật khẩu của chính mình không đặt lại ở đây: đổi ở trang <Link to="/doi-mat-khau">Đổi mật khẩu</Link>,
        với mật khẩu hiện tại.
      </Text>
    );

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = passwordProblem(password);
    if (problem) {
      setError({
        message: 'Mật khẩu tạm chưa hợp lệ.',
        fields: { password: problem },
        conflict: false,
        network: false,
      });
      return;
    }
    setBusy(true);
    try {
      await unwrap(
        api.PATCH('/api/users/{id}', {
          params: { path: { id: account.id } },
          body: { version: account.version, password },
        }),
      );
      setError(null);
      setIssued(password);
      setPassword('');
      setVisible(false);
      await client.invalidateQueries({ queryKey: ['users'] });
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      onSubmit={(e: FormEvent) => void submit(e)}
      noValidate
      aria-labelledby="reset-title"
    >
      <Stack gap="xs">
        <Title order={3} size="h5" id="reset-title">
          Đặt lại mật khẩu
        </Title>
        {issued ? (
          <Alert
            color="green"
            title={`Đã đặt mật khẩu tạm cho ${account.username}`}
            data-testid="issued-password"
          >
            <Stack gap="xs">
              <Text size="sm">
                Mật khẩu tạm:{' '}
                <Code fz="md" style={{ whiteSpace: 'nowrap' }}>
                  {issued}
                </Code>
              </Text>
              <Text size="sm">
                Mật khẩu này chỉ hiện một lần. Hãy chuyển tận tay người dùng và dặn họ đăng nhập rồi đổi ngay
                ở trang Đổi mật khẩu. Các phiên đăng nhập cũ của tài khoản đã bị đóng.
              </Text>
              <Button variant="light" w="fit-content" onClick={() => setIssued(null)}>
                Đã chuyển, ẩn mật khẩu
              </Button>
            </Stack>
          </Alert>
        ) : (
          <>
            <Text size="sm">
              Khi người dùng quên mật khẩu: đặt một mật khẩu tạm (từ 12 ký tự) rồi chuyển cho họ; mọi phiên
              đăng nhập của tài khoản bị đóng.
            </Text>
            <FormError error={error} shown={['password']} />
            <PasswordInput
              label="Mật khẩu tạm"
              autoComplete="new-password"
              visible={visible}
              onVisibilityChange={setVisible}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={error?.fields.password}
            />
            <Group gap="sm">
              <Button
                variant="light"
                onClick={() => {
                  setPassword(generatePassword());
                  setVisible(true);
                }}
              >
                Tạo mật khẩu tạm
              </Button>
              <Button type="submit" color="red" loading={busy}>
                Đặt lại mật khẩu
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
