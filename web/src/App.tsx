import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { Layout } from './components/Layout';
import { PageLoader } from './components/PageLoader';
import { RequireSession } from './components/RequireSession';
import { NetworkError } from './lib/errors';
import { pages } from './routes';
import { SessionProvider } from './session/session';
import { theme } from './theme';

const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const NotificationsHost = lazy(() => import('./components/NotificationsHost'));
const NotFoundPage = lazy(() => import('./pages/common/NotFoundPage'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A lost connection is retried; an answer of the API (404, 403) is not.
      retry: (failures, error) => error instanceof NetworkError && failures < 2,
      staleTime: 30_000,
      refetchOnWindowFocus: false,
    },
  },
});

const router = createBrowserRouter([
  {
    path: '/dang-nhap',
    element: (
      <Suspense fallback={<PageLoader />}>
        <LoginPage />
      </Suspense>
    ),
  },
  {
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    children: [
      ...pages.map(({ path, page: Page }) => ({ path, element: <Page /> })),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <MantineProvider theme={theme}>
      <Suspense fallback={null}>
        <NotificationsHost />
      </Suspense>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
