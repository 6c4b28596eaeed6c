import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { vnToday } from '../../lib/format';
import { organizationsOf } from '../../lib/roles';
import { useUser } from '../../session/session';

/** Years a report can be asked for: this year and the four before it. */
export function reportYears(): number[] {
  const now = Number(vnToday().slice(0, 4));
  return [0, 1, 2, 3, 4].map((k) => now - k);
}

/**
 * The organisation and year a report page shows, kept in the address (`?toChuc=<id>&nam=<year>`) so
 * a drill-down is a link, the back button returns, and a page can be shared. Without them: the first
 * committee the leader leads, this year.
 */
export function useReportScope() {
  const user = useUser();
  const roots = organizationsOf(user, 'leader');
  const [params, setParams] = useSearchParams();
  const organizationId = params.get('toChuc') ?? roots[0] ?? null;
  const yearParam = Number(params.get('nam'));
  const year = Number.isInteger(yearParam) && yearParam >= 2000 ? yearParam : reportYears()[0];
  const linkOf = useCallback((path: string, id: string, y = year) => `${path}?toChuc=${id}&nam=${y}`, [year]);
  const set = (next: { organizationId?: string; year?: number }) =>
    setParams({
      toChuc: next.organizationId ?? organizationId ?? '',
      nam: String(next.year ?? year),
    });
  return { roots, organizationId, year, linkOf, set };
}
