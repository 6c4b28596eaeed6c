import { notifications } from '@mantine/notifications';
import { explainError } from '../lib/errors';

/** A failed action outside a form, said in words at the top of the screen. */
export function notifyError(error: unknown): void {
  notifications.show({ color: 'red', title: 'Chưa thực hiện được', message: explainError(error).message });
}

export function notifyDone(message: string): void {
  notifications.show({ color: 'green', message });
}
