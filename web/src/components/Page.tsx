import { Alert, Button, Group, Stack, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { ReactNode, useEffect } from 'react';
import { explainError } from '../lib/errors';
import { PageLoader } from './PageLoader';

/** A page: its heading (the one h1), the tab's title, and its content. */
export function Page({
  title,
  actions,
  wide = false,
  children,
}: {
  title: string;
  actions?: ReactNode;
  /** Desktop tables (the leader's pages) take the whole width. */
  wide?: boolean;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Cam kết tu dưỡng`;
  }, [title]);
  return (
    <Stack gap="md" maw={wide ? 1440 : 960} mx="auto">
      <Group justify="space-between" align="center" gap="sm">
        <Title order={1} size="h2">
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Stack>
  );
}

/** Loading and failure of a query, in words; the content once it has data. */
export function Loaded<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <PageLoader />;
  if (query.isError)
    return (
      <Alert color="red" role="alert" title={explainError(query.error).message}>
        <Button variant="light" mt="xs" onClick={() => void query.refetch()}>
          Thử lại
        </Button>
      </Alert>
    );
  return <>{children(query.data)}</>;
}
