import { AppShell, Burger, Button, Group, NavLink, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { displayName } from '../lib/roles';
import { pages } from '../routes';
import { useSession, useUser } from '../session/session';
import { PageLoader } from './PageLoader';

/**
 * The frame of every signed-in page: the person's name and `Đăng xuất` always in sight, the menu
 * of the pages their roles use (a burger on phones, a side bar from 48em up).
 */
export function Layout() {
  const user = useUser();
  const { signOut } = useSession();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);

  // A link followed on a phone closes the menu.
  useEffect(close, [location.pathname, close]);

  const links = pages.filter((p) => p.nav?.show(user));
  const isActive = (path: string) =>
    path === '/' ? location.pathname === '/' : location.pathname.startsWith(path);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="sm" gap="xs" wrap="nowrap">
          <Burger
            opened={opened}
            onClick={toggle}
            hiddenFrom="sm"
            size="sm"
            aria-label={opened ? 'Đóng menu' : 'Mở menu'}
            aria-expanded={opened}
            aria-controls="main-menu"
          />
          <UnstyledButton component={Link} to="/" visibleFrom="sm" fw={700} c="red.8" className="brand">
            Cam kết tu dưỡng
          </UnstyledButton>
          <Text fw={600} truncate="end" style={{ flex: 1, minWidth: 0 }} ta="right" data-testid="user-name">
            {displayName(user)}
          </Text>
          <Button variant="light" onClick={() => void signOut()}>
            Đăng xuất
          </Button>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" id="main-menu" aria-label="Menu chính" component="nav">
        <Stack gap={4}>
          {links.map((p) => (
            <NavLink
              key={p.path}
              component={Link}
              to={p.path}
              label={p.nav!.label}
              active={isActive(p.path)}
              aria-current={isActive(p.path) ? 'page' : undefined}
            />
          ))}
          <NavLink component={Link} to="/thong-bao" label="Thông báo" active={isActive('/thong-bao')} />
          <NavLink
            component={Link}
            to="/doi-mat-khau"
            label="Đổi mật khẩu"
            active={isActive('/doi-mat-khau')}
          />
        </Stack>
      </AppShell.Navbar>

      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
