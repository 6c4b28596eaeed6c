import { useMediaQuery } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';

/**
 * The toasts of notify.ts; loaded after the first page so it is not on the way to it. On a phone
 * they rise from the bottom, near the thumb that pressed the button, instead of covering the page's
 * title and header.
 */
export default function NotificationsHost() {
  const phone = useMediaQuery('(max-width: 48em)');
  return <Notifications position={phone ? 'bottom-center' : 'top-center'} />;
}
