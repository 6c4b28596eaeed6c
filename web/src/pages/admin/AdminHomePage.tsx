import { Card, SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { ADMIN_SECTIONS } from './AdminNav';

const DESCRIPTIONS: Record<string, string> = {
  '/quan-tri/to-chuc': 'Cây tổ chức: thêm, đổi tên, chuyển đảng bộ, chi bộ.',
  '/quan-tri/dang-vien': 'Tìm đảng viên (gõ không dấu cũng được), chuyển sinh hoạt kèm lý do.',
  '/quan-tri/nhap': 'Nhập danh sách đảng viên từ tệp XLSX hoặc CSV: kiểm tra thử, rồi nhập.',
  '/quan-tri/tai-khoan': 'Tài khoản đăng nhập và vai trò bí thư, cấp ủy, quản trị.',
  '/quan-tri/danh-muc': '27 biểu hiện và 19 điều đảng viên không được làm: các phiên bản, mức đối chiếu.',
  '/quan-tri/nhat-ky': 'Ai đã làm gì, khi nào: lọc theo thao tác, đối tượng và thời gian.',
};

/** Quản trị: the sections, each with what it is for. */
export default function AdminHomePage() {
  return (
    <Page title="Quản trị">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {ADMIN_SECTIONS.map((s) => (
          <UnstyledButton key={s.path} component={Link} to={s.path}>
            <Card withBorder padding="md" h="100%">
              <Text fw={700} c="red.8">
                {s.label}
              </Text>
              <Text size="sm">{DESCRIPTIONS[s.path]}</Text>
            </Card>
          </UnstyledButton>
        ))}
      </SimpleGrid>
    </Page>
  );
}
