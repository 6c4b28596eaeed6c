import { afterEach, describe, expect, it, vi } from 'vitest';
import { refreshSession } from './client';

const session = {
  accessToken: 'access-1',
  user: { id: 'u1', username: 'dangvien.tdp1', fullName: 'Nguyễn Thị Hằng' },
};

afterEach(() => {
  vi.unstubAllGlobals();
  window.__camketBootRefresh = undefined;
});

describe('refreshSession', () => {
  it('takes the refresh boot.js started instead of presenting the cookie a second time, once', async () => {
    const fetchMock = vi.fn(() => Promise.resolve(new Response(JSON.stringify(session), { status: 200 })));
    vi.stubGlobal('fetch', fetchMock);
    window.__camketBootRefresh = Promise.resolve(new Response(JSON.stringify(session), { status: 200 }));

    await expect(refreshSession()).resolves.toMatchObject({ accessToken: 'access-1' });
    expect(fetchMock).not.toHaveBeenCalled();
    expect(window.__camketBootRefresh).toBeUndefined();

    // The next refresh asks the API itself.
    await refreshSession();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
