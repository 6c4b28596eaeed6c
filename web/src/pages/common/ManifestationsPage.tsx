import { Badge, Card, Stack, Text, Title } from '@mantine/core';
import { useManifestations } from '../../api/queries';
import { Loaded, Page } from '../../components/Page';
import { groupOf, MANIFESTATION_GROUPS, UNVERIFIED_TEXT } from '../../lib/manifestations';

/** The 27 manifestations of Nghị quyết 4 khóa XII, by group, with their texts. */
export default function ManifestationsPage() {
  const query = useManifestations();
  return (
    <Page title="27 biểu hiện suy thoái">
      <Text c="dimmed">
        Biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa” trong
        nội bộ (Nghị quyết 4 khóa XII).
      </Text>
      <Loaded query={query}>
        {(items) => (
          <Stack gap="lg">
            {MANIFESTATION_GROUPS.map((group) => (
              <Stack key={group.key} gap="xs" component="section" aria-labelledby={`group-${group.key}`}>
                <Title order={2} size="h4" id={`group-${group.key}`}>
                  {group.label}
                </Title>
                {items
                  .filter((m) => groupOf(m) === group.key)
                  .map((m) => (
                    <Card key={m.code} withBorder padding="sm">
                      <Text fw={600}>Biểu hiện {m.code}</Text>
                      <Text>{m.displayText}</Text>
                      {!m.verified && (
                        <Badge
                          color="yellow"
                          variant="light"
                          mt={4}
                          style={{ whiteSpace: 'normal', height: 'auto' }}
                        >
                          {UNVERIFIED_TEXT}
                        </Badge>
                      )}
                    </Card>
                  ))}
              </Stack>
            ))}
          </Stack>
        )}
      </Loaded>
    </Page>
  );
}
