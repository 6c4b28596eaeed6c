import { Pagination } from '@mantine/core';

/** Page numbers under a paged list, named in Vietnamese for screen readers; nothing for one page. */
export function PageSwitcher({
  total,
  pageSize,
  page,
  onChange,
}: {
  total: number;
  pageSize: number;
  page: number;
  onChange: (page: number) => void;
}) {
  const pages = Math.ceil(total / pageSize);
  if (pages <= 1) return null;
  return (
    <Pagination
      total={pages}
      value={page}
      onChange={onChange}
      getControlProps={(control) => ({
        'aria-label': control === 'next' ? 'Trang sau' : control === 'previous' ? 'Trang trước' : control,
      })}
      getItemProps={(p) => ({ 'aria-label': `Trang ${p}` })}
    />
  );
}
