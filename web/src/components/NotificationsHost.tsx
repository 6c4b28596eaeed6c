import { Notifications } from '@mantine/notifications';

/** The toasts of notify.ts; loaded after the first page so it is not on the way to it. */
export default function NotificationsHost() {
  return <Notifications position="top-center" />;
}
