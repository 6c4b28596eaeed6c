import { MantineProvider } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { theme } from './theme';

const LoginPage = lazy(() => import('./pages/login/LoginPage'));

const router = createBrowserRouter([{ path: '*', element: <LoginPage /> }]);

export function App() {
  return (
    <MantineProvider theme={theme}>
      <Suspense>
        <RouterProvider router={router} />
      </Suspense>
    </MantineProvider>
  );
}
