import { Button, Container, PasswordInput, Stack, TextInput, Title } from '@mantine/core';

export default function LoginPage() {
  return (
    <Container size={420} py="xl">
      <Stack component="form">
        <Title order={1}>Đăng nhập</Title>
        <TextInput label="Tên đăng nhập" name="username" autoComplete="username" required />
        <PasswordInput label="Mật khẩu" name="password" autoComplete="current-password" required />
        <Button type="submit">Đăng nhập</Button>
      </Stack>
    </Container>
  );
}
