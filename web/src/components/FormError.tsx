import { Alert } from '@mantine/core';
import type { ExplainedError } from '../lib/errors';
import { fieldLabel } from '../lib/errors';

/**
 * An error above a form, in words: the sentence for its code, and any field errors that no field on
 * the page shows (named by their label, e.g. "Mục 3, Nội dung"). `shown` lists the fields the form
 * displays itself.
 */
export function FormError({ error, shown = [] }: { error: ExplainedError | null; shown?: string[] }) {
  if (!error) return null;
  const elsewhere = Object.entries(error.fields).filter(([field]) => !shown.includes(field));
  return (
    <Alert color={error.conflict || error.network ? 'orange' : 'red'} role="alert" title={error.message}>
      {elsewhere.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
          {elsewhere.map(([field, text]) => (
            <li key={field}>
              {fieldLabel(field)}: {text}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
