import { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../session/session';
import { PageLoader } from './PageLoader';

/** Pages behind a login: without a session, the login page, which brings the person back here. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'starting') return <PageLoader />;
  if (state.status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    return (
      <Navigate
        to={next === '/' || state.left ? '/dang-nhap' : `/dang-nhap?next=${encodeURIComponent(next)}`}
        replace
      />
    );
  }
  return children;
}

/** Only a path of this app (`/cam-ket/...`), never another site (`//evil.example`). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
