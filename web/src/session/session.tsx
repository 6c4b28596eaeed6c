import { useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import {
  authFetch,
  onSessionChange,
  refreshSession,
  SessionAnswer,
  SessionUser,
  setAccessToken,
} from '../api/client';
import { NetworkError, toApiError } from '../lib/errors';

type SessionState =
  | { status: 'starting' }
  /** `left`: the person logged out (the login page then forgets the page they were on). */
  | { status: 'anonymous'; left?: boolean }
  | { status: 'signed-in'; user: SessionUser };

interface SessionContextValue {
  state: SessionState;
  signIn: (username: string, password: string) => Promise<SessionUser>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

async function postJson(path: string, body: unknown): Promise<Response> {
  try {
    return await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new NetworkError();
  }
}

/**
 * The browser session (UI.md): the login answer's access token is kept in memory, the refresh token
 * is the httpOnly cookie the API sets. On start one refresh tells whether the person is still signed
 * in, so a reload keeps them there.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'starting' });
  const queryClient = useQueryClient();

  useEffect(() => {
    const off = onSessionChange((answer) =>
      setState((prev) =>
        answer
          ? { status: 'signed-in', user: answer.user }
          : prev.status === 'anonymous'
            ? prev
            : { status: 'anonymous' },
      ),
    );
    void refreshSession().then((answer) => {
      if (!answer) setState({ status: 'anonymous' });
      else if (window.location.pathname === '/') {
        void import('../api/queries').then((q) => q.prefetchHome(queryClient));
      }
    });
    return off;
  }, [queryClient]);

  const signIn = useCallback(async (username: string, password: string) => {
    const res = await postJson('/api/auth/login', { username, password, session: 'cookie' });
    if (!res.ok) throw toApiError(res.status, await res.json().catch(() => null));
    const answer = (await res.json()) as SessionAnswer;
    setAccessToken(answer.accessToken);
    setState({ status: 'signed-in', user: answer.user });
    return answer.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      // Ends the session on the server and clears the cookie (the cookie alone suffices when the
      // access token has expired).
      await authFetch(
        new Request(new URL('/api/auth/logout', window.location.origin), {
          method: 'POST',
          credentials: 'same-origin',
        }),
      );
    } catch {
      // Offline: the in-memory token is dropped below all the same.
    }
    setAccessToken(null);
    queryClient.clear();
    setState({ status: 'anonymous', left: true });
  }, [queryClient]);

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in person; only inside pages behind RequireSession. */
export function useUser(): SessionUser {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser without a session');
  return state.user;
}
