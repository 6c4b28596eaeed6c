import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useNotifications } from '../../api/queries';
import { Loaded, Page } from '../../components/Page';
import { formatDateTime } from '../../lib/format';
import { unwrap } from '../../lib/errors';
import { notifyError } from '../../components/notify';

/** Journey 9: what happened to my records (reviews, feedback, reminders). */
export default function NotificationsPage() {
  const query = useNotifications();
  const queryClient = useQueryClient();
  const done = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const readOne = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: done,
    onError: notifyError,
  });
  const readAll = useMutation({
    mutationFn: () => unwrap(api.POST('/api/notifications/read-all')),
    onSuccess: done,
    onError: notifyError,
  });

  return (
    <Page
      title="Thông báo"
      actions={
        query.data && query.data.unread > 0 ? (
          <Button variant="light" onClick={() => readAll.mutate()} loading={readAll.isPending}>
            Đánh dấu tất cả đã đọc
          </Button>
        ) : undefined
      }
    >
      <Loaded query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <Text c="dimmed">Chưa có thông báo nào.</Text>
          ) : (
            <Stack gap="sm">
              {data.items.map((n) => (
                <Card key={n.id} withBorder padding="sm" bg={n.readAt ? undefined : 'red.0'}>
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Text fw={600}>{n.title}</Text>
                    {!n.readAt && (
                      <Badge color="red" style={{ flexShrink: 0 }}>
                        Mới
                      </Badge>
                    )}
                  </Group>
                  <Text>{n.body}</Text>
                  <Text size="sm" c="dimmed">
                    {formatDateTime(n.createdAt)}
                  </Text>
                  <Group gap="xs" mt="xs">
                    {n.entityType === 'commitment' && n.entityId && (
                      <Button component={Link} to={`/cam-ket/${n.entityId}`} variant="light" size="sm">
                        Mở bản cam kết
                      </Button>
                    )}
                    {!n.readAt && (
                      <Button variant="subtle" size="sm" onClick={() => readOne.mutate(n.id)}>
                        Đã đọc
                      </Button>
                    )}
                  </Group>
                </Card>
              ))}
            </Stack>
          )
        }
      </Loaded>
    </Page>
  );
}
