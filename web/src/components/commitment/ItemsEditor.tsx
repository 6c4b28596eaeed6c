import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import type { Schemas } from '../../api/client';
import { CATEGORY_LABELS, CATEGORY_ORDER, ItemCategory } from '../../lib/labels';
import { groupOf, MANIFESTATION_GROUPS, UNVERIFIED_TEXT } from '../../lib/manifestations';
import { ItemDraft, ItemErrors, newItem } from './items';

type Manifestation = Schemas['CatalogItemView'];

interface Props {
  items: ItemDraft[];
  onChange: (items: ItemDraft[]) => void;
  errors?: ItemErrors;
  manifestations: Manifestation[];
  disabled?: boolean;
}

/**
 * The items of a commitment, by category (GLOSSARY.md): each category a section with its items and
 * an `Thêm mục` button; a Resolution 4 item picks the manifestations it guards against from the 27,
 * their texts shown.
 */
export function ItemsEditor({ items, onChange, errors = {}, manifestations, disabled }: Props) {
  const update = (key: string, patch: Partial<ItemDraft>) =>
    onChange(items.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  const remove = (key: string) => onChange(items.filter((i) => i.key !== key));
  const add = (category: ItemCategory) => onChange([...items, newItem(category)]);

  return (
    <Stack gap="lg">
      {CATEGORY_ORDER.map((category) => {
        const own = items.filter((i) => i.category === category);
        const headingId = `category-${category}`;
        return (
          <Stack key={category} gap="xs" component="section" aria-labelledby={headingId}>
            <Title order={2} size="h4" id={headingId}>
              {CATEGORY_LABELS[category]}
            </Title>
            {own.map((item, n) => (
              <ItemFields
                key={item.key}
                item={item}
                label={`${CATEGORY_LABELS[category]}, mục ${n + 1}`}
                errors={errors[item.key] ?? {}}
                manifestations={manifestations}
                disabled={disabled}
                onChange={(patch) => update(item.key, patch)}
                onRemove={() => remove(item.key)}
              />
            ))}
            <Button
              variant="default"
              onClick={() => add(category)}
              disabled={disabled}
              w="fit-content"
              aria-label={`Thêm mục: ${CATEGORY_LABELS[category]}`}
            >
              + Thêm mục
            </Button>
          </Stack>
        );
      })}
    </Stack>
  );
}

function ItemFields({
  item,
  label,
  errors,
  manifestations,
  disabled,
  onChange,
  onRemove,
}: {
  item: ItemDraft;
  label: string;
  errors: ItemErrors[string];
  manifestations: Manifestation[];
  disabled?: boolean;
  onChange: (patch: Partial<ItemDraft>) => void;
  onRemove: () => void;
}) {
  return (
    <Paper withBorder p="sm" role="group" aria-label={label}>
      <Stack gap="xs">
        <Textarea
          label="Nội dung"
          required
          autosize
          minRows={2}
          value={item.content}
          onChange={(e) => onChange({ content: e.currentTarget.value })}
          error={errors.content ?? errors.category}
          disabled={disabled}
        />
        <TextInput
          label="Chỉ tiêu, kết quả cần đạt"
          value={item.target}
          onChange={(e) => onChange({ target: e.currentTarget.value })}
          error={errors.target}
          disabled={disabled}
        />
        <TextInput
          label="Hạn hoàn thành"
          description="Ngày/tháng/năm, ví dụ 31/12/2026"
          inputMode="numeric"
          autoComplete="off"
          value={item.dueDate}
          onChange={(e) => onChange({ dueDate: e.currentTarget.value })}
          error={errors.dueDate}
          disabled={disabled}
          maw={240}
        />
        {item.category === 'resolution4' && (
          <ManifestationPicker
            selected={item.manifestationCodes}
            onChange={(manifestationCodes) => onChange({ manifestationCodes })}
            manifestations={manifestations}
            error={errors.manifestationCodes}
            disabled={disabled}
          />
        )}
        <Group justify="flex-end">
          <Button
            variant="subtle"
            color="red"
            onClick={onRemove}
            disabled={disabled}
            aria-label={`Xóa mục: ${label}`}
          >
            Xóa mục
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ManifestationText({ m }: { m: Manifestation }) {
  return (
    <>
      {m.displayText}
      {!m.verified && (
        <Text span size="sm" c="orange.9" fs="italic" className="unverified">
          {' '}
          ({UNVERIFIED_TEXT})
        </Text>
      )}
    </>
  );
}

/** The chosen manifestations with their texts, and a full-screen list of the 27 on phones to pick from. */
export function ManifestationPicker({
  selected,
  onChange,
  manifestations,
  error,
  disabled,
}: {
  selected: number[];
  onChange: (codes: number[]) => void;
  manifestations: Manifestation[];
  error?: string;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const phone = useMediaQuery('(max-width: 48em)');
  const chosen = manifestations.filter((m) => selected.includes(m.code));
  return (
    <Stack gap={4}>
      <Text fw={500} size="sm">
        Biểu hiện cần phòng, chống{' '}
        <Text span c="red">
          *
        </Text>
      </Text>
      {chosen.length === 0 ? (
        <Text size="sm" c="dimmed">
          Chưa chọn biểu hiện nào.
        </Text>
      ) : (
        <Stack
          gap={4}
          component="ul"
          style={{ margin: 0, paddingLeft: '1.2em' }}
          aria-label="Biểu hiện đã chọn"
        >
          {chosen.map((m) => (
            <Text key={m.code} component="li" size="sm">
              <b>Biểu hiện {m.code}:</b> <ManifestationText m={m} />
            </Text>
          ))}
        </Stack>
      )}
      {error && (
        <Text size="sm" c="red.8" role="alert">
          {error}
        </Text>
      )}
      <Button variant="light" onClick={() => setOpen(true)} disabled={disabled} w="fit-content">
        Chọn biểu hiện
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title="Chọn biểu hiện cần phòng, chống"
        fullScreen={phone}
        size="lg"
      >
        <Stack gap="md">
          {MANIFESTATION_GROUPS.map((group) => (
            <Checkbox.Group
              key={group.key}
              label={group.label}
              value={selected.map(String)}
              onChange={(values) => {
                const inGroup = new Set(
                  manifestations.filter((m) => groupOf(m) === group.key).map((m) => m.code),
                );
                const others = selected.filter((c) => !inGroup.has(c));
                onChange(
                  [...others, ...values.map(Number).filter((c) => inGroup.has(c))].sort((a, b) => a - b),
                );
              }}
            >
              <Stack gap="sm" mt="xs">
                {manifestations
                  .filter((m) => groupOf(m) === group.key)
                  .map((m) => (
                    <Checkbox
                      key={m.code}
                      value={String(m.code)}
                      label={
                        <>
                          <b>{m.code}.</b> <ManifestationText m={m} />
                        </>
                      }
                    />
                  ))}
              </Stack>
            </Checkbox.Group>
          ))}
          <Group justify="space-between" pos="sticky" bottom={0} bg="var(--mantine-color-body)" py="xs">
            <Badge variant="light" size="lg">
              Đã chọn {selected.length}
            </Badge>
            <Button onClick={() => setOpen(false)}>Xong</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
