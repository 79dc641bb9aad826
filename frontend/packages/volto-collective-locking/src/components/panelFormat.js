/** How Site Setup > Locks words and shows a lock. */
import { panelMessages as m } from '../panelWords';
import { timeOf } from '../words';

export const PAGE_SIZE = 20;

export const NO_FILTERS = {
  path: '/',
  creator: '',
  kind: 'any',
  expires_before: '',
  sort_on: 'created',
  sort_order: 'ascending',
};

export function errorText(error) {
  return (
    error?.response?.body?.error?.message ||
    error?.response?.body?.message ||
    error?.message ||
    String(error)
  );
}

export function when(intl, iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return `${date.toLocaleDateString(intl.locale)} ${timeOf(iso, intl.locale)}`;
}

export function whatOf(intl, entry) {
  return entry.kind === 'resource'
    ? intl.formatMessage(m.wholeItem)
    : (entry.fragments || []).join(', ');
}
