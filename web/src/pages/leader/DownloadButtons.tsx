import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { notifyError } from '../../components/notify';
import { downloadFile } from '../../lib/download';

type Format = 'xlsx' | 'csv' | 'pdf' | 'docx';

const FORMAT_NAMES: Record<Format, string> = { xlsx: 'XLSX', csv: 'CSV', pdf: 'PDF', docx: 'DOCX' };

/**
 * The downloads of one report, beside the figures they hold: `Tải <what> dạng XLSX` and so on, each
 * fetched with the session and saved under the API's file name.
 */
export function DownloadButtons({
  what,
  formats,
  urlOf,
}: {
  /** What the file holds, in the button's name: `báo cáo tổng hợp`. */
  what: string;
  formats: readonly Format[];
  urlOf: (format: Format) => string;
}) {
  const [busy, setBusy] = useState<Format | null>(null);
  async function get(format: Format) {
    setBusy(format);
    try {
      await downloadFile(urlOf(format), `${what}.${format}`);
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(null);
    }
  }
  return (
    <Group gap="xs" aria-label={`Tải ${what}`} role="group">
      <Text size="sm" c="dimmed" aria-hidden>
        Tải về:
      </Text>
      {formats.map((f) => (
        <Button
          key={f}
          size="xs"
          variant="light"
          loading={busy === f}
          onClick={() => void get(f)}
          // The name ends with the word shown (axe: label-content-name-mismatch compares whole words).
          aria-label={`Tải ${what} dạng ${FORMAT_NAMES[f]}`}
        >
          {FORMAT_NAMES[f]}
        </Button>
      ))}
    </Group>
  );
}
