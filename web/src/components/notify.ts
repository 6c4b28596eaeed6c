import { notifications } from '@mantine/notifications';
import { explainError } from '../lib/errors';

/**
 * One toast at a time: a new one replaces those still shown, so a run of actions (save, then
 * finalize) never piles toasts over the page's title on a phone.
 */
function showOne(notification: Parameters<typeof notifications.show>[0]): void {
  notifications.clean();
  notifications.show(notification);
}

/** A failed action outside a form, said in words at the top of the screen. */
export function notifyError(error: unknown): void {
  showOne({ color: 'red', title: 'Chưa thực hiện được', message: explainError(error).message });
}

export function notifyDone(message: string): void {
  showOne({ color: 'green', message });
}
