import { Button, Text } from '@mantine/core';
import { Link } from 'react-router';
import { Page } from '../../components/Page';

export default function NotFoundPage() {
  return (
    <Page title="Không tìm thấy trang">
      <Text>Địa chỉ này không có trong ứng dụng, hoặc trang đã được chuyển.</Text>
      <Button component={Link} to="/" variant="light" w="fit-content">
        Về trang Việc cần làm
      </Button>
    </Page>
  );
}
