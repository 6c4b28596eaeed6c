import { Button, Group } from '@mantine/core';
import { Link, useLocation } from 'react-router';

/** The sections of Quản trị, in the order an admin uses them. */
export const ADMIN_SECTIONS = [
  { path: '/quan-tri/to-chuc', label: 'Tổ chức đảng' },
  { path: '/quan-tri/dang-vien', label: 'Đảng viên' },
  { path: '/quan-tri/nhap', label: 'Nhập danh sách' },
  { path: '/quan-tri/tai-khoan', label: 'Tài khoản, vai trò' },
  { path: '/quan-tri/danh-muc', label: 'Danh mục' },
  { path: '/quan-tri/nhat-ky', label: 'Nhật ký' },
] as const;

/** Links between the sections, the current one marked (aria-current). */
export function AdminNav() {
  const { pathname } = useLocation();
  return (
    <Group component="nav" aria-label="Các mục quản trị" gap="xs">
      {ADMIN_SECTIONS.map((s) => {
        const current = pathname.startsWith(s.path);
        return (
          <Button
            key={s.path}
            component={Link}
            to={s.path}
            variant={current ? 'filled' : 'light'}
            aria-current={current ? 'page' : undefined}
          >
            {s.label}
          </Button>
        );
      })}
    </Group>
  );
}
