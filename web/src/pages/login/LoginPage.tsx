import { Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { FormError } from '../../components/FormError';
import { safeNext } from '../../components/RequireSession';
import { ExplainedError, explainError } from '../../lib/errors';
import { useSession } from '../../session/session';

export default function LoginPage() {
  const { state, signIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);

  if (state.status === 'signed-in' && !busy) return <Navigate to={next} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      void navigate(next, { replace: true });
    } catch (err) {
      setError(explainError(err));
      setBusy(false);
    }
  }

  return (
    <Container size={440} py="xl" component="main">
      <Stack gap="lg">
        <Stack gap={4} ta="center">
          <Title order={1} size="h2">
            Cam kết tu dưỡng, rèn luyện, phấn đấu
          </Title>
          <Text c="dimmed">Đăng nhập bằng tài khoản chi bộ cấp cho bạn.</Text>
        </Stack>
        <Paper withBorder p="lg" radius="md">
          <form onSubmit={(e) => void submit(e)} noValidate>
            <Stack>
              <FormError error={error} shown={['username', 'password']} />
              <TextInput
                label="Tên đăng nhập"
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                required
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                error={error?.fields.username}
              />
              <PasswordInput
                label="Mật khẩu"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={error?.fields.password}
              />
              <Button type="submit" loading={busy} fullWidth>
                Đăng nhập
              </Button>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Container>
  );
}
